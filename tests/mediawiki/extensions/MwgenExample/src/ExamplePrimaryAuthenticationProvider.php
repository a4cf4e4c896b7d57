<?php
/**
 * MwgenExample (test-only): `Example`, a third-party primary authentication provider that a test
 * drives without a browser.
 *
 * The "identity provider" is a stand-in: its redirect target is the caller's own return URL with
 * `mwgenexamplestate=<nonce>` appended, and it vouches for whatever identity the caller sends back.
 *
 * - clientlogin with `mwgenexample=1` (StartAuthenticationRequest): REDIRECT to the return URL with
 *   the state in its query; the continue request carries `examplestate` and `exampleidentity`
 *   (ReturnAuthenticationRequest). A wrong state: FAIL. An identity linked to an account: PASS for
 *   that account. An identity with no account: PASS without a user name plus a createRequest, which
 *   AuthManager turns into RESTART (a provider may not answer RESTART itself) and the API keeps in
 *   the session.
 * - createaccount with `createpreservestate=1` after that RESTART: the preserved
 *   IdentityAuthenticationRequest reaches beginPrimaryAccountCreation, which passes; the identity is
 *   linked to the new account in finishAccountCreation. Without it the provider abstains.
 * - linkaccount with `mwgenexample=1` for a logged-in user: REDIRECT as above, then continue: PASS,
 *   and the link is stored (Links). `amirequestsfor=unlink` then offers one
 *   IdentityAuthenticationRequest per linked identity; unlinkaccount removes it.
 *
 * Its account creation type is TYPE_LINK: it never holds passwords, only links.
 */

namespace MediaWiki\Extension\MwgenExample;

use MediaWiki\Auth\AbstractPrimaryAuthenticationProvider;
use MediaWiki\Auth\AuthenticationRequest;
use MediaWiki\Auth\AuthenticationResponse;
use MediaWiki\Auth\AuthManager;
use MediaWiki\MediaWikiServices;
use StatusValue;
use User;

class ExamplePrimaryAuthenticationProvider extends AbstractPrimaryAuthenticationProvider {
	/** The key of the nonce in AuthManager's authentication session data. */
	private const STATE_KEY = 'MwgenExample:state';

	/** The key of the identity of an account being created, until it has a user id. */
	private const CREATE_KEY = 'MwgenExample:create';

	public function getAuthenticationRequests( $action, array $options ) {
		switch ( $action ) {
			case AuthManager::ACTION_LOGIN:
			case AuthManager::ACTION_LINK:
				return [ new StartAuthenticationRequest() ];
			case AuthManager::ACTION_REMOVE:
				$user = $options['username'] === null ? null
					: User::newFromName( $options['username'] );
				if ( !$user || !$user->getId() ) {
					return [];
				}
				return array_map( static function ( $identity ) {
					return new IdentityAuthenticationRequest( $identity );
				}, Links::identitiesOf( $user->getId() ) );
			default:
				return [];
		}
	}

	/**
	 * REDIRECT to the return URL with a fresh nonce in its query, when the button was pressed.
	 * @param AuthenticationRequest[] $reqs
	 * @return AuthenticationResponse
	 */
	private function redirect( array $reqs ) {
		$start = AuthenticationRequest::getRequestByClass( $reqs, StartAuthenticationRequest::class );
		if ( !$start || !$start->mwgenexample ) {
			return AuthenticationResponse::newAbstain();
		}
		$state = \MWCryptRand::generateHex( 16 );
		$this->manager->setAuthenticationSessionData( self::STATE_KEY, $state );
		$target = wfAppendQuery( (string)$start->returnToUrl, [ 'mwgenexamplestate' => $state ] );
		return AuthenticationResponse::newRedirect( [ new ReturnAuthenticationRequest() ], $target );
	}

	/**
	 * The identity that came back, or a FAIL response when the state does not match.
	 * @param AuthenticationRequest[] $reqs
	 * @return string|AuthenticationResponse
	 */
	private function returned( array $reqs ) {
		$back = AuthenticationRequest::getRequestByClass( $reqs, ReturnAuthenticationRequest::class );
		$expected = $this->manager->getAuthenticationSessionData( self::STATE_KEY );
		if ( !$back || !is_string( $expected ) || !hash_equals( $expected, (string)$back->examplestate ) ) {
			return AuthenticationResponse::newFail( wfMessage( 'mwgenexample-badstate' ) );
		}
		$this->manager->removeAuthenticationSessionData( self::STATE_KEY );
		return trim( (string)$back->exampleidentity );
	}

	public function beginPrimaryAuthentication( array $reqs ) {
		return $this->redirect( $reqs );
	}

	public function continuePrimaryAuthentication( array $reqs ) {
		$identity = $this->returned( $reqs );
		if ( $identity instanceof AuthenticationResponse ) {
			return $identity;
		}
		$userId = Links::userOf( $identity );
		$user = $userId ? User::newFromId( $userId ) : null;
		if ( $user && $user->isRegistered() ) {
			return AuthenticationResponse::newPass( $user->getName() );
		}
		// No local account: AuthManager answers RESTART and keeps the createRequest.
		$res = AuthenticationResponse::newPass( null );
		$res->createRequest = new IdentityAuthenticationRequest( $identity );
		return $res;
	}

	public function testUserExists( $username, $flags = User::READ_NORMAL ) {
		// Example keeps no accounts of its own, only links to local ones.
		return false;
	}

	public function providerAllowsAuthenticationDataChange( AuthenticationRequest $req, $checkData = true ) {
		if ( $req instanceof IdentityAuthenticationRequest && $req->action === AuthManager::ACTION_REMOVE ) {
			return StatusValue::newGood();
		}
		return StatusValue::newGood( 'ignored' );
	}

	public function providerChangeAuthenticationData( AuthenticationRequest $req ) {
		if ( $req instanceof IdentityAuthenticationRequest && $req->action === AuthManager::ACTION_REMOVE ) {
			$user = User::newFromName( (string)$req->username );
			if ( $user && $user->getId() ) {
				Links::remove( $req->identity, $user->getId() );
			}
		}
	}

	public function accountCreationType() {
		return self::TYPE_LINK;
	}

	public function testForAccountCreation( $user, $creator, array $reqs ) {
		$req = AuthenticationRequest::getRequestByClass( $reqs, IdentityAuthenticationRequest::class );
		if ( $req && Links::userOf( $req->identity ) ) {
			return StatusValue::newFatal( 'mwgenexample-already-linked', $req->identity );
		}
		return StatusValue::newGood();
	}

	public function beginPrimaryAccountCreation( $user, $creator, array $reqs ) {
		$req = AuthenticationRequest::getRequestByClass( $reqs, IdentityAuthenticationRequest::class );
		if ( !$req ) {
			return AuthenticationResponse::newAbstain();
		}
		// The user has no id yet: finishAccountCreation stores the link.
		$this->manager->setAuthenticationSessionData( self::CREATE_KEY, $req->identity );
		return AuthenticationResponse::newPass( $user->getName() );
	}

	public function finishAccountCreation( $user, $creator, AuthenticationResponse $response ) {
		$identity = $this->manager->getAuthenticationSessionData( self::CREATE_KEY );
		if ( is_string( $identity ) && $user->getId() ) {
			Links::add( $identity, $user->getId() );
		}
		$this->manager->removeAuthenticationSessionData( self::CREATE_KEY );
		return null;
	}

	public function beginPrimaryAccountLink( $user, array $reqs ) {
		return $this->redirect( $reqs );
	}

	public function continuePrimaryAccountLink( $user, array $reqs ) {
		$identity = $this->returned( $reqs );
		if ( $identity instanceof AuthenticationResponse ) {
			return $identity;
		}
		$owner = Links::userOf( $identity );
		if ( $owner && $owner !== $user->getId() ) {
			return AuthenticationResponse::newFail( wfMessage( 'mwgenexample-linked-elsewhere', $identity ) );
		}
		Links::add( $identity, $user->getId() );
		return AuthenticationResponse::newPass( $user->getName() );
	}
}
