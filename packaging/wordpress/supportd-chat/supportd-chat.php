<?php
/**
 * Plugin Name:       Support chat (supportd)
 * Description:       Puts the supportd chat widget on the site, vouches for logged-in users with a short-lived signed token, and shows supportd's ticket and takeover notices in the dashboard.
 * Version:           1.0.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * License:           GPL-2.0-or-later
 * Text Domain:       supportd-chat
 *
 * @package SupportdChat
 */

defined( 'ABSPATH' ) || exit;

define( 'SUPPORTD_CHAT_VERSION', '1.0.0' );
define( 'SUPPORTD_CHAT_FILE', __FILE__ );

require_once __DIR__ . '/includes/class-supportd-chat-options.php';
require_once __DIR__ . '/includes/class-supportd-chat-jwt.php';
require_once __DIR__ . '/includes/class-supportd-chat-signature.php';
require_once __DIR__ . '/includes/class-supportd-chat-notices.php';
require_once __DIR__ . '/includes/class-supportd-chat-settings.php';
require_once __DIR__ . '/includes/class-supportd-chat-widget.php';
require_once __DIR__ . '/includes/class-supportd-chat-rest.php';

Supportd_Chat_Settings::register();
Supportd_Chat_Widget::register();
Supportd_Chat_Rest::register();
Supportd_Chat_Notices::register();
