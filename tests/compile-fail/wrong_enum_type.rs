// apfilterredir takes `Filterredir`, not the direction enum.
fn main() {
    let _allpages = mediawiki_api::list::Allpages {
        filterredir: Some(mediawiki_api::enums::DirAscendingDescending::Ascending),
        ..Default::default()
    };
}
