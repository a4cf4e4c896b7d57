<?php
// Gives an account of the extension wiki (tests/mediawiki/up.sh --extensions) a TOTP second factor with
// a secret the caller chose, so that a test can compute the codes. OATHAuth 1.39 has no API for this
// (Special:OATHManage is a form); this stores what that form's "enable" step stores.
//
//   MW_CONFIG_FILE=STATE/install/LocalSettings.php php tests/mediawiki/oath_enable.php NAME SECRET
//
// NAME: an existing account. SECRET: the key in base 32 (RFC 4648, no padding), 16 or more letters.

use MediaWiki\Extension\OATHAuth\Key\TOTPKey;
use MediaWiki\MediaWikiServices;

require_once '/usr/share/mediawiki/maintenance/Maintenance.php';

class MwgenOathEnable extends Maintenance {
	public function __construct() {
		parent::__construct();
		$this->addDescription( 'Enable a TOTP second factor for an account, with a given secret' );
		$this->addArg( 'user', 'The account' );
		$this->addArg( 'secret', 'The TOTP secret, in base 32' );
		$this->requireExtension( 'OATHAuth' );
	}

	public function execute() {
		$name = $this->getArg( 0 );
		$secret = $this->getArg( 1 );
		if ( !preg_match( '/^[A-Z2-7]{16,}$/', $secret ) ) {
			$this->fatalError( "oath_enable.php: the secret must be 16 or more base-32 letters (A-Z, 2-7)" );
		}
		$user = User::newFromName( $name );
		if ( !$user || !$user->isRegistered() ) {
			$this->fatalError( "oath_enable.php: there is no account named $name" );
		}
		$services = MediaWikiServices::getInstance();
		$module = $services->getService( 'OATHAuth' )->getModuleByKey( 'totp' );
		if ( !$module ) {
			$this->fatalError( "oath_enable.php: OATHAuth has no totp module" );
		}
		$repo = $services->getService( 'OATHUserRepository' );
		$oathUser = $repo->findByUser( $user );
		$oathUser->setModule( $module );
		$oathUser->setKeys( [ TOTPKey::newFromArray( [ 'secret' => $secret, 'scratch_tokens' => [] ] ) ] );
		$repo->persist( $oathUser, 'tests/mediawiki/oath_enable.php' );
		$this->output( "oath_enable.php: TOTP enabled for $name\n" );
	}
}

$maintClass = MwgenOathEnable::class;
require_once RUN_MAINTENANCE_IF_MAIN;
