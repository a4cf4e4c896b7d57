<?php
/**
 * MwgenExample (test-only): the links between Example identities and local accounts.
 *
 * One row per identity in the table mwgenexample_link (sql/mwgenexample_link.sql), which update.php
 * creates through the LoadExtensionSchemaUpdates hook below. An identity is linked to at most one
 * account; an account may have several identities.
 */

namespace MediaWiki\Extension\MwgenExample;

use DatabaseUpdater;
use MediaWiki\MediaWikiServices;

class Links {
	private const TABLE = 'mwgenexample_link';

	/**
	 * LoadExtensionSchemaUpdates: creates the table.
	 * @param DatabaseUpdater $updater
	 */
	public static function onLoadExtensionSchemaUpdates( DatabaseUpdater $updater ) {
		$updater->addExtensionTable( self::TABLE, dirname( __DIR__ ) . '/sql/mwgenexample_link.sql' );
	}

	private static function db( int $index ) {
		return MediaWikiServices::getInstance()->getDBLoadBalancer()->getConnectionRef( $index );
	}

	/**
	 * The user id an identity is linked to, or 0.
	 * @param string $identity
	 * @return int
	 */
	public static function userOf( string $identity ): int {
		$id = self::db( DB_PRIMARY )->selectField(
			self::TABLE, 'mel_user', [ 'mel_identity' => $identity ], __METHOD__ );
		return $id === false ? 0 : (int)$id;
	}

	/**
	 * The identities linked to a user id, sorted.
	 * @param int $userId
	 * @return string[]
	 */
	public static function identitiesOf( int $userId ): array {
		$ids = self::db( DB_PRIMARY )->selectFieldValues(
			self::TABLE, 'mel_identity', [ 'mel_user' => $userId ], __METHOD__,
			[ 'ORDER BY' => 'mel_identity' ] );
		return array_map( 'strval', $ids );
	}

	/**
	 * Links an identity to a user id (an identity that is linked already is left as it is).
	 * @param string $identity
	 * @param int $userId
	 */
	public static function add( string $identity, int $userId ): void {
		self::db( DB_PRIMARY )->insert(
			self::TABLE, [ 'mel_identity' => $identity, 'mel_user' => $userId ], __METHOD__, [ 'IGNORE' ] );
	}

	/**
	 * Removes the link of an identity to a user id.
	 * @param string $identity
	 * @param int $userId
	 */
	public static function remove( string $identity, int $userId ): void {
		self::db( DB_PRIMARY )->delete(
			self::TABLE, [ 'mel_identity' => $identity, 'mel_user' => $userId ], __METHOD__ );
	}
}
