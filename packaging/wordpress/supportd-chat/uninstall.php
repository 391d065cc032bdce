<?php
/**
 * Removes the plugin's options when it is deleted.
 *
 * @package SupportdChat
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

delete_option( 'supportd_chat_settings' );
delete_option( 'supportd_chat_secret' );
delete_option( 'supportd_chat_notices' );
