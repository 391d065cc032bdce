<?php
/**
 * REST routes: the user's token, and supportd's webhook.
 *
 * @package SupportdChat
 */

defined( 'ABSPATH' ) || exit;

/**
 * POST /wp-json/supportd/v1/token   a logged-in user's JWT (cookie + X-WP-Nonce)
 * POST /wp-json/supportd/v1/webhook supportd's signed events
 */
final class Supportd_Chat_Rest {

	const NAMESPACE_V1 = 'supportd/v1';
	const MAX_BODY     = 65536;

	/**
	 * Hooks the routes.
	 */
	public static function register() {
		add_action( 'rest_api_init', array( __CLASS__, 'routes' ) );
	}

	/**
	 * Registers both routes.
	 */
	public static function routes() {
		register_rest_route(
			self::NAMESPACE_V1,
			'/token',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( __CLASS__, 'token' ),
				// Cookie authentication only counts with a valid X-WP-Nonce:
				// without it WordPress treats the request as logged out.
				'permission_callback' => 'is_user_logged_in',
			)
		);
		register_rest_route(
			self::NAMESPACE_V1,
			'/webhook',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( __CLASS__, 'webhook' ),
				'permission_callback' => array( __CLASS__, 'verify_webhook' ),
			)
		);
	}

	/**
	 * Mints the user's token.
	 *
	 * @return WP_REST_Response|WP_Error
	 */
	public static function token() {
		$secret = Supportd_Chat_Options::secret();
		if ( '' === $secret ) {
			return new WP_Error( 'supportd_not_configured', __( 'The support chat is not configured.', 'supportd-chat' ), array( 'status' => 503 ) );
		}
		$now      = time();
		$settings = Supportd_Chat_Options::all();
		$token    = Supportd_Chat_Jwt::encode( Supportd_Chat_Jwt::claims( wp_get_current_user(), $settings['audience'], $now ), $secret );
		$response = new WP_REST_Response(
			array(
				'token'      => $token,
				'expires_in' => Supportd_Chat_Jwt::LIFETIME,
				'expires_at' => $now + Supportd_Chat_Jwt::LIFETIME,
			)
		);
		$response->header( 'Cache-Control', 'no-store' );
		return $response;
	}

	/**
	 * Checks the webhook's signature and age before anything reads it.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public static function verify_webhook( $request ) {
		$body = $request->get_body();
		$ok   = strlen( $body ) <= self::MAX_BODY && Supportd_Chat_Signature::verify(
			Supportd_Chat_Options::secret(),
			(string) $request->get_header( 'X-Support-Timestamp' ),
			(string) $request->get_header( 'X-Support-Signature' ),
			$body,
			time()
		);
		if ( ! $ok ) {
			return new WP_Error( 'supportd_bad_signature', __( 'Invalid or expired signature.', 'supportd-chat' ), array( 'status' => 401 ) );
		}
		return true;
	}

	/**
	 * Handles a verified event.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function webhook( $request ) {
		$event = json_decode( $request->get_body(), true );
		if ( ! is_array( $event ) || empty( $event['id'] ) || ! is_string( $event['id'] ) || ! isset( $event['event'] ) || ! in_array( $event['event'], Supportd_Chat_Notices::EVENTS, true ) ) {
			return new WP_Error( 'supportd_bad_event', __( 'Unknown event.', 'supportd-chat' ), array( 'status' => 422 ) );
		}
		if ( ! Supportd_Chat_Notices::record( $event ) ) {
			return new WP_REST_Response( array( 'status' => 'duplicate' ), 200 );
		}
		if ( 'ticket.created' === $event['event'] ) {
			Supportd_Chat_Notices::mail_admin( $event );
		}
		return new WP_REST_Response( array( 'status' => 'recorded' ), 202 );
	}
}
