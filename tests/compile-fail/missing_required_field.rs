// A struct with required parameters has no Default to fill them in.
fn main() {
    let _block = mediawiki_api::action::Block { user: None, ..Default::default() };
}
