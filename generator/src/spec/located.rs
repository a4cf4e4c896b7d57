//! A YAML node tree that remembers where each node starts, so lint can point at `file:line:col`.
//!
//! serde_yaml gives a location only for the first deserialization error; the semantic checks (a default
//! that breaks its enum, a templatevar naming a missing parameter, …) need the position of any key or
//! value. This tree is built from yaml-rust2's marked events and looked up by path.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, ScanError};

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    fn from_marker(m: Marker) -> Pos {
        Pos { line: m.line(), col: m.col() + 1 }
    }
}

/// A YAML node with the position where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Scalar(String),
    Seq(Vec<Node>),
    /// Entries in document order: the key, where the key stands, and the value.
    Map(Vec<(String, Pos, Node)>),
}

/// One step of a path into a node tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> From<&'a str> for Step<'a> {
    fn from(k: &'a str) -> Self {
        Step::Key(k)
    }
}

impl From<usize> for Step<'_> {
    fn from(i: usize) -> Self {
        Step::Index(i)
    }
}

impl Node {
    /// Parses YAML text into a located tree (the first document; an empty file gives an empty map).
    pub fn parse(text: &str) -> Result<Node, (Pos, String)> {
        let mut builder = Builder { stack: Vec::new(), root: None };
        let mut parser = Parser::new_from_str(text);
        parser
            .load(&mut builder, false)
            .map_err(|e: ScanError| (Pos::from_marker(*e.marker()), e.info().to_string()))?;
        Ok(builder.root.unwrap_or(Node { pos: Pos { line: 1, col: 1 }, kind: NodeKind::Map(Vec::new()) }))
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }

    /// Where the key `key` of this map stands.
    pub fn key_pos(&self, key: &str) -> Option<Pos> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|(k, _, _)| k == key).map(|(_, p, _)| *p),
            _ => None,
        }
    }

    pub fn index(&self, i: usize) -> Option<&Node> {
        match &self.kind {
            NodeKind::Seq(items) => items.get(i),
            _ => None,
        }
    }

    /// Follows a path; returns the deepest node reached, so a missing key still points near its home.
    pub fn locate(&self, path: &[Step<'_>]) -> Pos {
        let mut node = self;
        for step in path {
            let next = match step {
                Step::Key(k) => node.get(k),
                Step::Index(i) => node.index(*i),
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node.pos
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }
}

struct Builder {
    stack: Vec<Partial>,
    root: Option<Node>,
}

enum Partial {
    Seq(Pos, Vec<Node>),
    /// Entries so far, and a key waiting for its value.
    Map(Pos, Vec<(String, Pos, Node)>, Option<(String, Pos)>),
}

impl Builder {
    fn push_node(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Partial::Seq(_, items)) => items.push(node),
            Some(Partial::Map(_, entries, pending)) => match pending.take() {
                None => {
                    // A key. Complex keys (maps, sequences) are not used by the spec; keep their text empty.
                    let key = node.as_str().unwrap_or_default().to_string();
                    *pending = Some((key, node.pos));
                }
                Some((key, key_pos)) => entries.push((key, key_pos, node)),
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = Pos::from_marker(mark);
        match ev {
            Event::Scalar(value, ..) => self.push_node(Node { pos, kind: NodeKind::Scalar(value) }),
            Event::SequenceStart(..) => self.stack.push(Partial::Seq(pos, Vec::new())),
            Event::MappingStart(..) => self.stack.push(Partial::Map(pos, Vec::new(), None)),
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Partial::Seq(p, items)) => Node { pos: p, kind: NodeKind::Seq(items) },
                    Some(Partial::Map(p, entries, _)) => {
                        // A block map's start event stands after its first key: point at that key.
                        let p = entries.first().map(|(_, kp, _)| *kp).unwrap_or(p);
                        Node { pos: p, kind: NodeKind::Map(entries) }
                    }
                    None => return,
                };
                self.push_node(node);
            }
            Event::Alias(_) => self.push_node(Node { pos, kind: NodeKind::Scalar(String::new()) }),
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_point_at_values() {
        let text = "name: block\nparameters:\n  - name: user\n    type: user\n  - name: expiry\n    default: never\n";
        let root = Node::parse(text).expect("valid yaml");
        assert_eq!(root.key_pos("parameters"), Some(Pos { line: 2, col: 1 }));
        let p = root.locate(&["parameters".into(), 1.into(), "default".into()]);
        assert_eq!(p, Pos { line: 6, col: 14 });
        let missing = root.locate(&["parameters".into(), 1.into(), "nope".into()]);
        assert_eq!(missing, Pos { line: 5, col: 5 });
    }

    #[test]
    fn syntax_errors_are_located() {
        let err = Node::parse("a: [1, 2\nb: 3\n").expect_err("unclosed flow sequence");
        assert!(err.0.line >= 1, "{err:?}");
    }
}
