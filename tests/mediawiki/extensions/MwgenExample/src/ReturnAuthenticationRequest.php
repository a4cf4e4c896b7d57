<?php
/**
 * MwgenExample (test-only): what comes back from the Example identity provider.
 *
 * The REDIRECT answer asks for it. Its two fields go on the continue request
 * (`logincontinue=1` / `linkcontinue=1`):
 * - `examplestate`: the value of `mwgenexamplestate` in the query of the URL the redirect target led
 *   to (the provider's nonce for this session; a wrong one is refused with FAIL);
 * - `exampleidentity`: the name the identity provider vouches for. Being a test double, the Example
 *   provider believes whatever is sent.
 */

namespace MediaWiki\Extension\MwgenExample;

use MediaWiki\Auth\AuthenticationRequest;

class ReturnAuthenticationRequest extends AuthenticationRequest {
	/** @var string|null */
	public $examplestate;

	/** @var string|null */
	public $exampleidentity;

	public function getFieldInfo() {
		return [
			'examplestate' => [
				'type' => 'string',
				'label' => wfMessage( 'mwgenexample-state' ),
				'help' => wfMessage( 'mwgenexample-state-help' ),
			],
			'exampleidentity' => [
				'type' => 'string',
				'label' => wfMessage( 'mwgenexample-identity' ),
				'help' => wfMessage( 'mwgenexample-identity-help' ),
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
