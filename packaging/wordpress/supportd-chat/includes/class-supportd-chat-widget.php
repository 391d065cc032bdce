<?php
/**
 * Puts supportd's widget on the site's pages.
 *
 * @package SupportdChat
 */

defined( 'ABSPATH' ) || exit;

/**
 * Enqueues <supportd URL>/widget.js in the footer, deferred so it never holds
 * the page up, with its configuration as window.SupportWidgetConfig.
 */
final class Supportd_Chat_Widget {

	const HANDLE = 'supportd-chat-widget';

	/**
	 * Hooks the enqueue and the tag filter.
	 */
	public static function register() {
		add_action( 'wp_enqueue_scripts', array( __CLASS__, 'enqueue' ) );
		add_filter( 'script_loader_tag', array( __CLASS__, 'defer' ), 10, 2 );
	}

	/**
	 * The configuration the widget reads (wp_localize_script makes every value
	 * a string: loggedIn is "1" or "").
	 *
	 * @return array
	 */
	public static function config() {
		$logged_in = is_user_logged_in();
		return array(
			'serverUrl' => Supportd_Chat_Options::server_url(),
			'lang'      => str_replace( '_', '-', determine_locale() ),
			'restUrl'   => esc_url_raw( rest_url( Supportd_Chat_Rest::NAMESPACE_V1 . '/token' ) ),
			'nonce'     => $logged_in ? wp_create_nonce( 'wp_rest' ) : '',
			'loggedIn'  => $logged_in,
		);
	}

	/**
	 * Enqueues the widget when supportd's URL is set.
	 */
	public static function enqueue() {
		$server = Supportd_Chat_Options::server_url();
		if ( '' === $server ) {
			return;
		}
		// WordPress 6.3+ reads the strategy from the array; 6.1 and 6.2 see a
		// truthy $in_footer and get defer from the filter below.
		wp_enqueue_script(
			self::HANDLE,
			$server . '/widget.js',
			array(),
			SUPPORTD_CHAT_VERSION,
			array(
				'in_footer' => true,
				'strategy'  => 'defer',
			)
		);
		wp_localize_script( self::HANDLE, 'SupportWidgetConfig', self::config() );
	}

	/**
	 * Adds defer to the widget's tag (before WordPress 6.3 had strategies).
	 *
	 * @param string $tag    The script tag.
	 * @param string $handle The script's handle.
	 * @return string
	 */
	public static function defer( $tag, $handle ) {
		if ( self::HANDLE !== $handle || false !== strpos( $tag, ' defer' ) ) {
			return $tag;
		}
		return str_replace( ' src=', ' defer src=', $tag );
	}
}
