//! Generated MediaWiki 1.39 Action API types (see spec/mediawiki-1.39). Never edit by hand.
