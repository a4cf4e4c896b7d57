// `token` is required by action=block: it is a constructor argument, so leaving it out does not compile.
fn main() {
    let _block = mediawiki_api::action::Block::new();
}
