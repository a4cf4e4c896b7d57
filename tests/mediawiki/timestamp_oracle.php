<?php
// What MediaWiki 1.39's TimestampDef makes of each input: one JSON string a line on stdin, one
// answer a line on stdout: `1 <14-digit timestamp>` where the value is accepted, `0` where it is
// badtimestamp. Uses the ConvertibleTimestamp that Debian's mediawiki package ships, so the answers
// are MediaWiki's own. Run by tests/tests/timestamp_oracle.rs.
require '/usr/share/mediawiki/vendor/autoload.php';

use Wikimedia\Timestamp\ConvertibleTimestamp;

while ( ( $line = fgets( STDIN ) ) !== false ) {
	$value = json_decode( $line );
	if ( !is_string( $value ) ) {
		echo "?\n";
		continue;
	}
	try {
		$mw = ( new ConvertibleTimestamp( $value ) )->getTimestamp( TS_MW );
		echo "1 $mw\n";
	} catch ( Throwable $e ) {
		echo "0\n";
	}
}
