#!/usr/bin/env python3
"""Turn the output of a client script (mwclient_ops.py, pywikibot_ops.py) into a comparable form.

Usage: normalize.py [FILE]      (reads stdin without FILE; writes stdout)

The scripts already print facts rather than raw values where they can ("newer revision: True" rather
than two revision ids), so that most lines need no rewriting. What remains differs between two runs
for reasons that say nothing about the wiki, and is replaced, in this order, on every line:

 1. The prefix. The first line must be "prefix: PREFIX" (the scripts print it). Every occurrence of
    PREFIX, and of PREFIX with its spaces written as underscores (the database form of titles), becomes
    <prefix>. The first line itself thus reads "prefix: <prefix>".
 2. Edit and CSRF tokens: 32 or more hex digits followed by "+\\" (as api.php sends them, with the
    backslash possibly escaped) become <token>.
 3. Timestamps: ISO 8601 as api.php writes them (2026-12-01T21:54:11Z) and MediaWiki's 14-digit form
    (20261201215411) become <ts>. A bare 14-digit number is taken to be a timestamp, so 14-digit
    numbers never survive; the scripts print none that are not timestamps.
 4. Ids: a number after a key that names an id (revid, pageid, parentid, oldrevid, newrevid, rcid,
    logid, userid, id), written "key=123", "key: 123" or "'key': 123", becomes <id>. "#123" (as in
    "revision #123") becomes #<id>.
 5. Durations: a number followed by ms, s or seconds ("0.25 s", "12ms") becomes <duration>.
 6. Trailing white space is removed and line ends become "\\n".

Page sizes in bytes are kept: they are facts about the wiki. They depend on the length of the prefix
(it is part of the wikitext), so runs to be compared must use prefixes of the same length;
compare.sh makes them so.
"""

import re
import sys

TOKEN = re.compile(r"\b[0-9a-f]{32,}\+(?:\\\\|\\)")
ISO_TS = re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z")
MW_TS = re.compile(r"(?<![\d.])\d{14}(?![\d.])")
ID_KEYS = r"(?:revid|pageid|parentid|oldrevid|newrevid|rcid|logid|userid|id)"
ID = re.compile(r"(['\"]?\b" + ID_KEYS + r"['\"]?(?:=|: ?))\d+\b")
HASH_ID = re.compile(r"#\d+\b")
DURATION = re.compile(r"\b\d+(?:\.\d+)?\s?(?:ms|s|seconds)\b")


def normalize_lines(lines, source="<stdin>"):
    """Normalise the lines of one script run; raises ValueError when the prefix line is missing."""
    if not lines or not lines[0].startswith("prefix: "):
        raise ValueError(f"{source}:1: the first line must be 'prefix: PREFIX' (got {lines[0][:60]!r})"
                         if lines else f"{source}: empty output")
    prefix = lines[0][len("prefix: "):].rstrip("\r\n")
    if not prefix.strip():
        raise ValueError(f"{source}:1: empty prefix")
    out = []
    for line in lines:
        line = line.rstrip("\r\n").rstrip()
        line = line.replace(prefix, "<prefix>").replace(prefix.replace(" ", "_"), "<prefix>")
        line = TOKEN.sub("<token>", line)
        line = ISO_TS.sub("<ts>", line)
        line = MW_TS.sub("<ts>", line)
        line = ID.sub(lambda m: m.group(1) + "<id>", line)
        line = HASH_ID.sub("#<id>", line)
        line = DURATION.sub("<duration>", line)
        out.append(line)
    return out


def main():
    if len(sys.argv) > 2:
        sys.exit("usage: normalize.py [FILE]")
    source = sys.argv[1] if len(sys.argv) == 2 else "<stdin>"
    try:
        if source == "<stdin>":
            lines = sys.stdin.read().splitlines()
        else:
            with open(source, encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        result = normalize_lines(lines, source)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        sys.exit(f"normalize.py: {error}")
    sys.stdout.write("".join(line + "\n" for line in result))


if __name__ == "__main__":
    main()
