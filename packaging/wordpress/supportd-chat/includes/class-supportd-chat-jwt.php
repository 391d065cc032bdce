<?php
/**
 * HS256 JSON Web Tokens for supportd (WordPress core has none).
 *
 * @package SupportdChat
 */

defined( 'ABSPATH' ) || exit;

/**
 * Mints the short-lived token that tells supportd who the logged-in user is.
 * supportd pins HS256 and checks iss, aud, iat and exp.
 */
final class Supportd_Chat_Jwt {

	const LIFETIME = 300;

	/**
	 * Base64url without padding (RFC 7515, section 2).
	 *
	 * @param string $data Raw bytes.
	 * @return string
	 */
	public static function base64url( $data ) {
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- JWT encoding, not obfuscation.
		return rtrim( strtr( base64_encode( $data ), '+/', '-_' ), '=' );
	}

	/**
	 * The claims for a user.
	 *
	 * @param WP_User $user     The logged-in user.
	 * @param string  $audience The audience supportd expects.
	 * @param int     $now      Unix seconds.
	 * @return array
	 */
	public static function claims( $user, $audience, $now ) {
		return array(
			'iss'   => home_url(),
			'aud'   => $audience,
			'sub'   => (string) $user->ID,
			'email' => $user->user_email,
			'name'  => $user->display_name,
			'iat'   => $now,
			'exp'   => $now + self::LIFETIME,
		);
	}

	/**
	 * Signs claims with HMAC-SHA256.
	 *
	 * @param array  $claims The payload.
	 * @param string $secret The shared secret.
	 * @return string header.payload.signature
	 */
	public static function encode( array $claims, $secret ) {
		$header  = self::base64url( wp_json_encode( array( 'alg' => 'HS256', 'typ' => 'JWT' ) ) );
		$payload = self::base64url( wp_json_encode( $claims, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) );
		$mac     = hash_hmac( 'sha256', "$header.$payload", $secret, true );
		return "$header.$payload." . self::base64url( $mac );
	}
}
