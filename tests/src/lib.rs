//! Integration tests for mwgen (see tests/ in this package).
