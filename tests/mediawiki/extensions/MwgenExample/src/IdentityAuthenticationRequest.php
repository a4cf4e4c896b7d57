<?php
/**
 * MwgenExample (test-only): one Example identity, without fields.
 *
 * Used twice:
 * - as the `createRequest` of a login whose identity has no local account: AuthManager answers
 *   RESTART and the API keeps this request in the session, so that
 *   `createaccount&createpreservestate=1` hands it back to the provider, which then creates the
 *   account and links the identity to it;
 * - as a linked account, offered by `meta=authmanagerinfo&amirequestsfor=unlink` (and `remove`)
 *   under the id `MediaWiki\Extension\MwgenExample\IdentityAuthenticationRequest:<identity>`, which
 *   `action=unlinkaccount&request=<id>` removes.
 */

namespace MediaWiki\Extension\MwgenExample;

use MediaWiki\Auth\AuthenticationRequest;

class IdentityAuthenticationRequest extends AuthenticationRequest {
	/** @var string */
	public $identity;

	/**
	 * @param string $identity
	 */
	public function __construct( string $identity ) {
		$this->identity = $identity;
	}

	public function getUniqueId() {
		return parent::getUniqueId() . ':' . $this->identity;
	}

	public function getFieldInfo() {
		return [];
	}

	public function describeCredentials() {
		return [
			'provider' => wfMessage( 'mwgenexample-provider' ),
			'account' => new \RawMessage( '$1', [ $this->identity ] ),
		];
	}
}
