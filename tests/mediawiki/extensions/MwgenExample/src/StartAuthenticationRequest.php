<?php
/**
 * MwgenExample (test-only): the button that starts a flow through the Example provider.
 *
 * Offered for clientlogin (amirequestsfor=login) and linkaccount (amirequestsfor=link). A client
 * presses it by sending the field `mwgenexample=1` on the first request of the flow
 * (`clientlogin&loginreturnurl=…&mwgenexample=1`, `linkaccount&linkreturnurl=…&mwgenexample=1`);
 * the provider then answers REDIRECT.
 */

namespace MediaWiki\Extension\MwgenExample;

use MediaWiki\Auth\AuthenticationRequest;

class StartAuthenticationRequest extends AuthenticationRequest {
	/** @var bool Whether the button was pressed. */
	public $mwgenexample = false;

	public function getFieldInfo() {
		return [
			'mwgenexample' => [
				'type' => 'button',
				'label' => wfMessage( 'mwgenexample-button' ),
				'help' => wfMessage( 'mwgenexample-button-help' ),
				'optional' => true,
			],
		];
	}

	public function describeCredentials() {
		return [
			'provider' => wfMessage( 'mwgenexample-provider' ),
			'account' => wfMessage( 'mwgenexample-provider' ),
		];
	}
}
