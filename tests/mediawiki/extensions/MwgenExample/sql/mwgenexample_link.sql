-- MwgenExample (test-only): which local account each Example identity is linked to.
-- Created by update.php through the LoadExtensionSchemaUpdates hook (src/Links.php).
CREATE TABLE /*_*/mwgenexample_link (
	-- The identity the Example provider vouches for (what the test sends as exampleidentity).
	mel_identity VARBINARY(255) NOT NULL PRIMARY KEY,
	-- user_id of the local account.
	mel_user INTEGER UNSIGNED NOT NULL
) /*$wgDBTableOptions*/;

CREATE INDEX /*i*/mel_user ON /*_*/mwgenexample_link (mel_user);
