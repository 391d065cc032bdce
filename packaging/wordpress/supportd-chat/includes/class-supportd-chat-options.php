<?php
/**
 * The plugin's settings, read in one place.
 *
 * @package SupportdChat
 */

defined( 'ABSPATH' ) || exit;

/**
 * Settings are one option (server URL, site origin, audience); the shared
 * secret is an option of its own that is never autoloaded and never printed.
 */
final class Supportd_Chat_Options {

	const OPTION = 'supportd_chat_settings';
	const SECRET = 'supportd_chat_secret';
	const DEFAULT_AUDIENCE = 'supportd';

	/**
	 * The settings with defaults filled in.
	 *
	 * @return array{server_url: string, site_origin: string, audience: string}
	 */
	public static function all() {
		$saved = get_option( self::OPTION, array() );
		if ( ! is_array( $saved ) ) {
			$saved = array();
		}
		return array(
			'server_url'  => isset( $saved['server_url'] ) ? (string) $saved['server_url'] : '',
			'site_origin' => ! empty( $saved['site_origin'] ) ? (string) $saved['site_origin'] : self::home_origin(),
			'audience'    => ! empty( $saved['audience'] ) ? (string) $saved['audience'] : self::DEFAULT_AUDIENCE,
		);
	}

	/**
	 * The supportd base URL without a trailing slash; empty when not configured.
	 *
	 * @return string
	 */
	public static function server_url() {
		return untrailingslashit( self::all()['server_url'] );
	}

	/**
	 * The shared secret (empty when not set). Only for signing and verifying.
	 *
	 * @return string
	 */
	public static function secret() {
		return (string) get_option( self::SECRET, '' );
	}

	/**
	 * The site's own origin, e.g. "https://shop.example".
	 *
	 * @return string
	 */
	public static function home_origin() {
		$parts = wp_parse_url( home_url() );
		if ( empty( $parts['scheme'] ) || empty( $parts['host'] ) ) {
			return '';
		}
		$origin = $parts['scheme'] . '://' . $parts['host'];
		if ( ! empty( $parts['port'] ) ) {
			$origin .= ':' . $parts['port'];
		}
		return $origin;
	}
}
