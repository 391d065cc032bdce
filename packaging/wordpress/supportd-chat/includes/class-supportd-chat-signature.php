<?php
/**
 * Verifies supportd's webhook signatures.
 *
 * @package SupportdChat
 */

defined( 'ABSPATH' ) || exit;

/**
 * The scheme every supportd webhook uses:
 *   X-Support-Timestamp: unix seconds
 *   X-Support-Signature: "sha256=" . hex HMAC-SHA256( secret, timestamp . "." . raw body )
 */
final class Supportd_Chat_Signature {

	const WINDOW = 300;

	/**
	 * The signature supportd sends for a body.
	 *
	 * @param string $secret    The shared secret.
	 * @param string $timestamp The X-Support-Timestamp value.
	 * @param string $body      The raw request body.
	 * @return string
	 */
	public static function sign( $secret, $timestamp, $body ) {
		return 'sha256=' . hash_hmac( 'sha256', $timestamp . '.' . $body, $secret );
	}

	/**
	 * Whether a request is signed with the secret and fresh.
	 *
	 * @param string $secret    The shared secret (empty: nothing verifies).
	 * @param string $timestamp The X-Support-Timestamp header.
	 * @param string $signature The X-Support-Signature header.
	 * @param string $body      The raw body.
	 * @param int    $now       Unix seconds.
	 * @return bool
	 */
	public static function verify( $secret, $timestamp, $signature, $body, $now ) {
		if ( '' === $secret || '' === $signature || ! preg_match( '/^\d{1,12}$/', $timestamp ) ) {
			return false;
		}
		if ( abs( $now - (int) $timestamp ) > self::WINDOW ) {
			return false;
		}
		return hash_equals( self::sign( $secret, $timestamp, $body ), $signature );
	}
}
