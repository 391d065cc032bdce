<?php
/**
 * Dashboard notices from supportd's webhooks.
 *
 * @package SupportdChat
 */

defined( 'ABSPATH' ) || exit;

/**
 * Keeps the latest webhook events as admin notices (shown to users who can
 * manage options until dismissed) and e-mails the site admin about tickets.
 */
final class Supportd_Chat_Notices {

	const OPTION  = 'supportd_chat_notices';
	const KEEP    = 20;
	const DISMISS = 'supportd_chat_dismiss';
	const EVENTS  = array( 'ticket.created', 'thread.taken_over' );

	/**
	 * Hooks the dashboard notice and the dismiss action.
	 */
	public static function register() {
		add_action( 'admin_notices', array( __CLASS__, 'render' ) );
		add_action( 'admin_post_' . self::DISMISS, array( __CLASS__, 'dismiss' ) );
	}

	/**
	 * The stored notices, newest first.
	 *
	 * @return array[]
	 */
	public static function all() {
		$notices = get_option( self::OPTION, array() );
		return is_array( $notices ) ? $notices : array();
	}

	/**
	 * Records a webhook event once (supportd retries with the same id).
	 *
	 * @param array $event The verified webhook body.
	 * @return bool False when the event was already recorded.
	 */
	public static function record( array $event ) {
		$notices = self::all();
		foreach ( $notices as $notice ) {
			if ( isset( $notice['id'] ) && $notice['id'] === $event['id'] ) {
				return false;
			}
		}
		$ticket = isset( $event['ticket'] ) && is_array( $event['ticket'] ) ? $event['ticket'] : array();
		array_unshift(
			$notices,
			array(
				'id'        => sanitize_text_field( $event['id'] ),
				'event'     => in_array( $event['event'], self::EVENTS, true ) ? $event['event'] : '',
				'at'        => sanitize_text_field( isset( $event['created_at'] ) ? $event['created_at'] : '' ),
				'thread_id' => sanitize_text_field( isset( $event['thread_id'] ) ? $event['thread_id'] : '' ),
				'ticket_id' => sanitize_text_field( isset( $ticket['id'] ) ? $ticket['id'] : '' ),
				'subject'   => sanitize_text_field( isset( $ticket['subject'] ) ? $ticket['subject'] : '' ),
				'priority'  => sanitize_key( isset( $ticket['priority'] ) ? $ticket['priority'] : '' ),
				'email'     => sanitize_text_field( isset( $ticket['email'] ) ? $ticket['email'] : '' ),
				'operator'  => sanitize_user( isset( $event['operator'] ) ? (string) $event['operator'] : '' ),
			)
		);
		update_option( self::OPTION, array_slice( $notices, 0, self::KEEP ), false );
		return true;
	}

	/**
	 * One notice's sentence.
	 *
	 * @param array $notice A stored notice.
	 * @return string Plain text (escape when printing).
	 */
	public static function describe( array $notice ) {
		if ( 'ticket.created' === $notice['event'] ) {
			/* translators: 1: ticket reference, 2: ticket subject, 3: priority */
			return sprintf( __( 'Support chat: ticket %1$s opened: "%2$s" (priority %3$s).', 'supportd-chat' ), $notice['ticket_id'], $notice['subject'], $notice['priority'] );
		}
		/* translators: 1: operator's user name, 2: conversation id */
		return sprintf( __( 'Support chat: %1$s took over conversation %2$s.', 'supportd-chat' ), $notice['operator'], $notice['thread_id'] );
	}

	/**
	 * E-mails the site admin about a new ticket.
	 *
	 * @param array $event The verified ticket.created body.
	 * @return bool Whether wp_mail accepted it.
	 */
	public static function mail_admin( array $event ) {
		$ticket = isset( $event['ticket'] ) && is_array( $event['ticket'] ) ? $event['ticket'] : array();
		$id     = sanitize_text_field( isset( $ticket['id'] ) ? $ticket['id'] : '' );
		/* translators: 1: site name, 2: ticket reference */
		$subject = sprintf( __( '[%1$s] New support ticket %2$s', 'supportd-chat' ), wp_specialchars_decode( get_bloginfo( 'name' ), ENT_QUOTES ), $id );
		$lines   = array(
			/* translators: %s: ticket subject */
			sprintf( __( 'Subject: %s', 'supportd-chat' ), sanitize_text_field( isset( $ticket['subject'] ) ? $ticket['subject'] : '' ) ),
			/* translators: %s: priority */
			sprintf( __( 'Priority: %s', 'supportd-chat' ), sanitize_key( isset( $ticket['priority'] ) ? $ticket['priority'] : '' ) ),
			/* translators: %s: the customer's e-mail, masked */
			sprintf( __( 'Customer: %s', 'supportd-chat' ), sanitize_text_field( isset( $ticket['email'] ) ? $ticket['email'] : '' ) ),
			/* translators: %s: conversation id */
			sprintf( __( 'Conversation: %s', 'supportd-chat' ), sanitize_text_field( isset( $event['thread_id'] ) ? $event['thread_id'] : '' ) ),
			'',
			__( 'The full ticket is in the supportd console.', 'supportd-chat' ),
		);
		return wp_mail( get_option( 'admin_email' ), $subject, implode( "\n", $lines ) );
	}

	/**
	 * Prints the notices in the dashboard.
	 */
	public static function render() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$notices = self::all();
		if ( empty( $notices ) ) {
			return;
		}
		$dismiss = wp_nonce_url( admin_url( 'admin-post.php?action=' . self::DISMISS ), self::DISMISS );
		echo '<div class="notice notice-info supportd-chat-notice"><ul>';
		foreach ( array_slice( $notices, 0, 5 ) as $notice ) {
			echo '<li data-supportd-event="' . esc_attr( $notice['event'] ) . '" data-supportd-id="' . esc_attr( $notice['id'] ) . '">' . esc_html( self::describe( $notice ) ) . '</li>';
		}
		echo '</ul><p><a href="' . esc_url( $dismiss ) . '">' . esc_html__( 'Dismiss these notices', 'supportd-chat' ) . '</a></p></div>';
	}

	/**
	 * Clears the notices (admin-post action, nonce-protected).
	 */
	public static function dismiss() {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'You are not allowed to do this.', 'supportd-chat' ), 403 );
		}
		check_admin_referer( self::DISMISS );
		update_option( self::OPTION, array(), false );
		wp_safe_redirect( wp_get_referer() ? wp_get_referer() : admin_url() );
		exit;
	}
}
