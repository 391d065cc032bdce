<?php
/**
 * Settings → Support chat.
 *
 * @package SupportdChat
 */

defined( 'ABSPATH' ) || exit;

/**
 * The settings page, through the Settings API (which adds the nonce and the
 * capability check on saving). The secret field is always empty on the page:
 * leaving it empty keeps the stored secret.
 */
final class Supportd_Chat_Settings {

	const PAGE  = 'supportd-chat';
	const GROUP = 'supportd_chat';

	/**
	 * Hooks the page and the settings.
	 */
	public static function register() {
		add_action( 'admin_menu', array( __CLASS__, 'add_page' ) );
		add_action( 'admin_init', array( __CLASS__, 'register_settings' ) );
	}

	/**
	 * Adds Settings → Support chat.
	 */
	public static function add_page() {
		add_options_page(
			__( 'Support chat', 'supportd-chat' ),
			__( 'Support chat', 'supportd-chat' ),
			'manage_options',
			self::PAGE,
			array( __CLASS__, 'render' )
		);
	}

	/**
	 * Registers both options and the fields.
	 */
	public static function register_settings() {
		register_setting(
			self::GROUP,
			Supportd_Chat_Options::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( __CLASS__, 'sanitize' ),
				'default'           => array(),
			)
		);
		register_setting(
			self::GROUP,
			Supportd_Chat_Options::SECRET,
			array(
				'type'              => 'string',
				'sanitize_callback' => array( __CLASS__, 'sanitize_secret' ),
				'default'           => '',
			)
		);
		add_settings_section( 'supportd_chat_main', __( 'Connection to supportd', 'supportd-chat' ), '__return_false', self::PAGE );
		$fields = array(
			'server_url'  => __( 'supportd URL', 'supportd-chat' ),
			'secret'      => __( 'Shared secret', 'supportd-chat' ),
			'site_origin' => __( 'Site origin', 'supportd-chat' ),
			'audience'    => __( 'Token audience', 'supportd-chat' ),
		);
		foreach ( $fields as $key => $label ) {
			add_settings_field(
				'supportd_chat_' . $key,
				$label,
				array( __CLASS__, 'render_field' ),
				self::PAGE,
				'supportd_chat_main',
				array(
					'key'       => $key,
					'label_for' => 'supportd_chat_' . $key,
				)
			);
		}
	}

	/**
	 * Cleans the submitted settings (options.php has already unslashed them).
	 *
	 * @param mixed $input The submitted array.
	 * @return array
	 */
	public static function sanitize( $input ) {
		$input  = is_array( $input ) ? $input : array();
		$clean  = array();
		$server = isset( $input['server_url'] ) ? esc_url_raw( trim( (string) $input['server_url'] ), array( 'http', 'https' ) ) : '';
		$clean['server_url'] = untrailingslashit( $server );
		if ( '' !== trim( (string) ( $input['server_url'] ?? '' ) ) && '' === $server ) {
			add_settings_error( Supportd_Chat_Options::OPTION, 'server_url', __( 'The supportd URL must be an http(s) URL.', 'supportd-chat' ) );
		}
		$origin               = isset( $input['site_origin'] ) ? esc_url_raw( trim( (string) $input['site_origin'] ), array( 'http', 'https' ) ) : '';
		$clean['site_origin'] = untrailingslashit( $origin );
		$audience             = isset( $input['audience'] ) ? sanitize_text_field( (string) $input['audience'] ) : '';
		$clean['audience']    = '' !== $audience ? $audience : Supportd_Chat_Options::DEFAULT_AUDIENCE;
		return $clean;
	}

	/**
	 * Keeps the stored secret when the field is left empty.
	 *
	 * @param mixed $input The submitted secret.
	 * @return string
	 */
	public static function sanitize_secret( $input ) {
		$secret = is_string( $input ) ? trim( $input ) : '';
		if ( '' === $secret ) {
			return Supportd_Chat_Options::secret();
		}
		if ( strlen( $secret ) < 32 ) {
			add_settings_error( Supportd_Chat_Options::SECRET, 'secret', __( 'The shared secret must be at least 32 characters; the old one is kept.', 'supportd-chat' ) );
			return Supportd_Chat_Options::secret();
		}
		return $secret;
	}

	/**
	 * One field.
	 *
	 * @param array $args The field's key.
	 */
	public static function render_field( $args ) {
		$key      = $args['key'];
		$settings = Supportd_Chat_Options::all();
		$id       = 'supportd_chat_' . $key;
		if ( 'secret' === $key ) {
			$is_set = '' !== Supportd_Chat_Options::secret();
			printf(
				'<input type="password" id="%1$s" name="%2$s" value="" class="regular-text" autocomplete="new-password" placeholder="%3$s" />',
				esc_attr( $id ),
				esc_attr( Supportd_Chat_Options::SECRET ),
				esc_attr( $is_set ? '••••••••••••' : '' )
			);
			echo '<p class="description">' . esc_html(
				$is_set
					? __( 'A secret is set. Leave empty to keep it; type a new one to replace it.', 'supportd-chat' )
					: __( 'The same value as SUPPORTD_JWT_SECRET and SUPPORTD_SITE_WEBHOOK_SECRET in supportd (at least 32 characters).', 'supportd-chat' )
			) . '</p>';
			return;
		}
		printf(
			'<input type="%1$s" id="%2$s" name="%3$s[%4$s]" value="%5$s" class="regular-text" />',
			'audience' === $key ? 'text' : 'url',
			esc_attr( $id ),
			esc_attr( Supportd_Chat_Options::OPTION ),
			esc_attr( $key ),
			esc_attr( $settings[ $key ] )
		);
	}

	/**
	 * The page, with what supportd needs to be told.
	 */
	public static function render() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$settings = Supportd_Chat_Options::all();
		$env      = array(
			'SUPPORTD_SITE_ORIGINS'     => $settings['site_origin'],
			'SUPPORTD_JWT_ISSUER'       => home_url(),
			'SUPPORTD_JWT_AUDIENCE'     => $settings['audience'],
			'SUPPORTD_SITE_WEBHOOK_URL' => rest_url( Supportd_Chat_Rest::NAMESPACE_V1 . '/webhook' ),
		);
		echo '<div class="wrap"><h1>' . esc_html( get_admin_page_title() ) . '</h1>';
		echo '<form action="' . esc_url( admin_url( 'options.php' ) ) . '" method="post">';
		settings_fields( self::GROUP );
		do_settings_sections( self::PAGE );
		submit_button();
		echo '</form><h2>' . esc_html__( 'supportd configuration for this site', 'supportd-chat' ) . '</h2><pre>';
		foreach ( $env as $name => $value ) {
			echo esc_html( $name . '=' . $value ) . "\n";
		}
		echo esc_html__( '# and the shared secret as SUPPORTD_JWT_SECRET and SUPPORTD_SITE_WEBHOOK_SECRET', 'supportd-chat' ) . '</pre></div>';
	}
}
