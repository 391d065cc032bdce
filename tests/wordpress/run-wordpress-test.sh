#!/usr/bin/env bash
# The WordPress plugin (packaging/wordpress/supportd-chat) in a real WordPress
# (Debian's package, MariaDB, php -S) against a real supportd:
#   the widget's script tag and configuration on the front page; a subscriber
#   logs in and mints a JWT through the plugin's REST route (401 without the
#   nonce or the login); supportd accepts it as verified and refuses a tampered
#   one; a complaint opens a ticket whose signed webhook becomes an admin
#   notice (and an e-mail) on wp-admin/; an operator's takeover becomes one
#   too; wrongly signed or stale webhooks are refused (401).
# Usage: run-wordpress-test.sh /path/to/supportd
# Exit 77 (skipped) only when a required program is not installed.
set -euo pipefail

SUPPORTD=${1:?usage: $0 /path/to/supportd}
HERE=$(cd "$(dirname "$0")" && pwd)
PLUGIN_SRC=$(cd "$HERE/../../packaging/wordpress/supportd-chat" && pwd)
WP=/usr/share/wordpress
WP_CONTENT=/var/lib/wordpress/wp-content
STARTED=$(date +%s.%N)

for program in php curl openssl mariadbd mariadb mariadb-admin mariadb-install-db; do
    if ! command -v "$program" >/dev/null; then
        echo "SKIP: $program is not installed (scripts/install-deps.sh installs it)" >&2
        exit 77
    fi
done
if [[ ! -f $WP/wp-load.php ]]; then
    echo "SKIP: Debian's wordpress package is not installed" >&2
    exit 77
fi
[[ -x $SUPPORTD ]] || { echo "FAIL: supportd not found at $SUPPORTD" >&2; exit 1; }

# --- clean-up of everything this script starts or writes ---------------------
T=$(mktemp -d /tmp/supportd-wp.XXXXXX)
chmod 755 "$T"
NAME="supportdtest-$$-$RANDOM"          # Debian's wp-config.php loads /etc/wordpress/config-$NAME.php
CONFIG=/etc/wordpress/config-$NAME.php
PLUGIN_LINK=$WP_CONTENT/plugins/supportd-chat
MU_DIR=$WP_CONTENT/mu-plugins
MU_FILE=$MU_DIR/$NAME-mail.php
MU_CREATED=0
PHP_PGID=""
SUPPORTD_PID=""
DB_STARTED=0

cleanup() {
    local status=$?
    set +e
    if [[ -n $PHP_PGID ]]; then kill -- -"$PHP_PGID" 2>/dev/null; fi
    if [[ -n $SUPPORTD_PID ]]; then kill "$SUPPORTD_PID" 2>/dev/null; wait "$SUPPORTD_PID" 2>/dev/null; fi
    if [[ $DB_STARTED == 1 ]]; then
        mariadb-admin --no-defaults --socket="$T/mysql.sock" -uroot shutdown 2>/dev/null
        for _ in $(seq 50); do [[ -e $T/mysqld.pid ]] || break; sleep 0.1; done
    fi
    rm -f "$CONFIG" "$MU_FILE"
    [[ $MU_CREATED == 1 ]] && rmdir "$MU_DIR" 2>/dev/null
    [[ -L $PLUGIN_LINK && $(readlink "$PLUGIN_LINK") == "$PLUGIN_SRC" ]] && rm -f "$PLUGIN_LINK"
    if [[ $status != 0 && $status != 77 ]]; then
        echo "--- supportd log (tail) ---" >&2; tail -n 30 "$T/supportd.log" >&2 2>/dev/null
        echo "--- php log (tail) ---" >&2; tail -n 30 "$T/php.log" >&2 2>/dev/null
    fi
    rm -rf "$T"
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "FAIL: $*" >&2; exit 1; }
elapsed() { awk -v s="$STARTED" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }
pass() { echo "ok - $* ($(elapsed) s)"; }
# json FILE EXPR: a value from a JSON file, EXPR in PHP over $j (decoded as arrays).
json() { php -r '$j = json_decode(file_get_contents($argv[1]), true); echo '"$2"';' "$1"; }
free_port() {
    local port
    for _ in $(seq 200); do
        port=$((56400 + RANDOM % 100))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    fail "no free port in 56400-56499"
}

# --- 0. the plugin's PHP parses ----------------------------------------------
while IFS= read -r -d '' file; do
    php -l "$file" >/dev/null || fail "php -l $file"
done < <(find "$PLUGIN_SRC" -name '*.php' -print0)
pass "php -l on every plugin file"

# --- 1. secrets, the must-use mail catcher, the plugin and the router --------
SECRET=$(openssl rand -hex 32)
ADMIN_PW=$(openssl rand -hex 10)
USER_PW=$(openssl rand -hex 10)
OP_PW=$(openssl rand -hex 10)
DB_PASSWORD=$(openssl rand -hex 12)
salts=""
for key in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
    salts+="define('$key', '$(openssl rand -hex 24)');"$'\n'
done
# E-mail: no sendmail here; a must-use plugin writes what wp_mail would send.
[[ -d $MU_DIR ]] || { mkdir "$MU_DIR"; MU_CREATED=1; }
cat >"$MU_FILE" <<'EOF'
<?php
// Test only (written and removed by tests/wordpress/run-wordpress-test.sh).
if ( defined( 'SUPPORTD_TEST_MAIL_LOG' ) ) {
	add_filter( 'pre_wp_mail', function ( $short, $atts ) {
		file_put_contents( SUPPORTD_TEST_MAIL_LOG, wp_json_encode( $atts ) . "\n", FILE_APPEND | LOCK_EX );
		return true;
	}, 10, 2 );
}
EOF
ln -sfn "$PLUGIN_SRC" "$PLUGIN_LINK"

# php -S serves /usr/share/wordpress; the router serves /wp-content from
# /var/lib/wordpress (Apache's Alias), sends pretty URLs to index.php and names
# this run's configuration file.
cat >"$T/router.php" <<EOF
<?php
\$_SERVER['WORDPRESS_CONFIG'] = '$NAME';
\$path = urldecode(parse_url(\$_SERVER['REQUEST_URI'], PHP_URL_PATH));
if (strpos(\$path, '..') !== false) { http_response_code(400); return true; }
if (strpos(\$path, '/wp-content/') === 0 && is_file('$WP_CONTENT' . substr(\$path, 11)) && substr(\$path, -4) !== '.php') {
    \$file = '$WP_CONTENT' . substr(\$path, 11);
    \$types = ['css' => 'text/css', 'js' => 'application/javascript', 'svg' => 'image/svg+xml', 'png' => 'image/png', 'woff2' => 'font/woff2'];
    header('Content-Type: ' . (\$types[pathinfo(\$file, PATHINFO_EXTENSION)] ?? 'application/octet-stream'));
    readfile(\$file);
    return true;
}
if (is_file('$WP' . \$path) || is_file('$WP' . rtrim(\$path, '/') . '/index.php')) return false;
\$_SERVER['SCRIPT_NAME'] = '/index.php';
\$_SERVER['PHP_SELF'] = '/index.php';
require '$WP/index.php';
EOF

# --- 2. php -S and supportd, each on a free port (retried: the ports are in the
# kernel's ephemeral range, so a client socket may take one meanwhile) -------
write_config() {
cat >"$CONFIG" <<EOF
<?php
define('DB_NAME', 'wp');
define('DB_USER', 'wp');
define('DB_PASSWORD', '$DB_PASSWORD');
define('DB_HOST', 'localhost:$T/mysql.sock');
\$table_prefix = 'wp_';
$salts
define('WP_CONTENT_DIR', '$WP_CONTENT');
define('WP_HOME', '$SITE');
define('WP_SITEURL', '$SITE');
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('SUPPORTD_TEST_MAIL_LOG', '$T/mail.log');
EOF
}
for attempt in 1 2 3 4 5; do
    WP_PORT=$(free_port)
    SITE="http://127.0.0.1:$WP_PORT"
    write_config
    PHP_CLI_SERVER_WORKERS=4 setsid php -S "127.0.0.1:$WP_PORT" -t "$WP" "$T/router.php" >"$T/php.log" 2>&1 &
    PHP_PGID=$!
    for _ in $(seq 30); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' "$SITE/readme.html") == 200 ]] && break 2
        kill -0 "$PHP_PGID" 2>/dev/null || break
        sleep 0.1
    done
    kill -- -"$PHP_PGID" 2>/dev/null || true
    PHP_PGID=""
done
[[ -n $PHP_PGID ]] || fail "php -S did not start: $(tail -n 3 "$T/php.log")"

mkdir -p "$T/supportd"
echo "$OP_PW" | "$SUPPORTD" user add olivia --role agent --data-dir "$T/supportd" >/dev/null 2>&1 || fail "supportd user add"
start_supportd() {
    SD_PORT=$(free_port)
    SUPPORTD_URL="http://127.0.0.1:$SD_PORT"
    SUPPORTD_JWT_SECRET=$SECRET SUPPORTD_JWT_ISSUER=$SITE SUPPORTD_JWT_AUDIENCE=supportd \
    SUPPORTD_SITE_WEBHOOK_URL="$SITE/wp-json/supportd/v1/webhook" SUPPORTD_SITE_WEBHOOK_SECRET=$SECRET \
    SUPPORTD_SITE_ORIGINS=$SITE SUPPORTD_RATE_LIMIT=off \
        "$SUPPORTD" serve --port "$SD_PORT" --data-dir "$T/supportd" >"$T/supportd.log" 2>&1 &
    SUPPORTD_PID=$!
}
start_supportd # it imports the sample help centre while MariaDB starts

# --- 3. MariaDB in a private folder (socket only) ----------------------------
chown mysql "$T" 2>/dev/null || true
mkdir -p "$T/data" && chown mysql "$T/data"
mariadb-install-db --no-defaults --user=mysql --datadir="$T/data" --auth-root-authentication-method=socket \
    --skip-test-db >"$T/mariadb-install.log" 2>&1 || { cat "$T/mariadb-install.log" >&2; fail "mariadb-install-db"; }
mariadbd --no-defaults --user=mysql --datadir="$T/data" --socket="$T/mysql.sock" --pid-file="$T/mysqld.pid" \
    --skip-networking --skip-log-bin >"$T/mariadb.log" 2>&1 &
DB_STARTED=1
for _ in $(seq 100); do
    mariadb-admin --no-defaults --socket="$T/mysql.sock" -uroot ping >/dev/null 2>&1 && break
    sleep 0.1
done
mariadb-admin --no-defaults --socket="$T/mysql.sock" -uroot ping >/dev/null 2>&1 || fail "MariaDB did not start"
mariadb --no-defaults --socket="$T/mysql.sock" -uroot -e "CREATE DATABASE wp; CREATE USER 'wp'@'localhost' IDENTIFIED BY '$DB_PASSWORD'; GRANT ALL ON wp.* TO 'wp'@'localhost';"

for attempt in 1 2 3 4 5; do
    for _ in $(seq 300); do
        curl -sf "$SUPPORTD_URL/healthz" >/dev/null 2>&1 && break 2
        kill -0 "$SUPPORTD_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$SUPPORTD_PID" 2>/dev/null && fail "supportd did not answer within 30 s"
    wait "$SUPPORTD_PID" 2>/dev/null || true
    grep -q "Address already in use" "$T/supportd.log" || fail "supportd did not start"
    start_supportd
done
curl -sf "$SUPPORTD_URL/healthz" >/dev/null || fail "supportd did not answer"
grep -q "sent to the site" "$T/supportd.log" || fail "supportd did not enable the site webhook"
pass "php -S, supportd and MariaDB up"

# --- 4. install the site, users and the plugin from PHP -----------------------
cat >"$T/install.php" <<'EOF'
<?php
$_SERVER['HTTP_HOST'] = parse_url(getenv('SITE'), PHP_URL_HOST) . ':' . parse_url(getenv('SITE'), PHP_URL_PORT);
$_SERVER['WORDPRESS_CONFIG'] = getenv('WP_CONFIG_NAME');
define('WP_INSTALLING', true);
require_once '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
wp_install('Supportd test shop', 'admin', 'admin@example.test', true, '', getenv('ADMIN_PW'));
update_option('permalink_structure', '/%postname%/');
update_option('template', 'twentytwentythree');
update_option('stylesheet', 'twentytwentythree');
$id = wp_insert_user(['user_login' => 'shopper', 'user_pass' => getenv('USER_PW'), 'user_email' => 'shopper@example.test',
                      'display_name' => 'Sam Shopper', 'role' => 'subscriber']);
if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message()); exit(1); }
$result = activate_plugin('supportd-chat/supportd-chat.php');
if (is_wp_error($result)) { fwrite(STDERR, $result->get_error_message()); exit(1); }
update_option('supportd_chat_settings', ['server_url' => getenv('SUPPORTD_URL'), 'site_origin' => getenv('SITE'), 'audience' => 'supportd']);
update_option('supportd_chat_secret', getenv('SECRET'), false);
echo $id;
EOF
SHOPPER_ID=$(WP_CONFIG_NAME=$NAME ADMIN_PW=$ADMIN_PW USER_PW=$USER_PW SUPPORTD_URL=$SUPPORTD_URL SITE=$SITE SECRET=$SECRET \
    php "$T/install.php" 2>"$T/install.log") || { cat "$T/install.log" >&2; fail "installing WordPress"; }
[[ $SHOPPER_ID =~ ^[0-9]+$ ]] || fail "no user id from the installer: $SHOPPER_ID"
pass "WordPress installed with the plugin active (shopper is user $SHOPPER_ID)"


# --- 6. the widget on the front page ------------------------------------------
curl -sf "$SITE/" -o "$T/front.html" || fail "front page"
grep -Eq "<script[^>]*src=['\"]$SUPPORTD_URL/widget\.js\?ver=[^'\"]*['\"][^>]*>" "$T/front.html" \
    || grep -Eq "<script[^>]*defer[^>]*src=['\"]$SUPPORTD_URL/widget\.js" "$T/front.html" || fail "no widget script tag"
grep -Eq "<script[^>]*(defer|async)[^>]*$SUPPORTD_URL/widget\.js|<script[^>]*$SUPPORTD_URL/widget\.js[^>]*(defer|async)" "$T/front.html" \
    || fail "the widget's script tag is neither defer nor async"
grep -q "var SupportWidgetConfig = {" "$T/front.html" || fail "no SupportWidgetConfig"
grep -q "\"serverUrl\":\"${SUPPORTD_URL//\//\\\\/}\"" "$T/front.html" || fail "SupportWidgetConfig.serverUrl"
grep -q '"loggedIn":""' "$T/front.html" || fail "a visitor is not logged in"
grep -q '"restUrl":"' "$T/front.html" || fail "SupportWidgetConfig.restUrl"
# The configuration comes before the (deferred) script that reads it.
config_line=$(grep -n "var SupportWidgetConfig" "$T/front.html" | head -1 | cut -d: -f1)
script_line=$(grep -n "$SUPPORTD_URL/widget.js" "$T/front.html" | head -1 | cut -d: -f1)
(( config_line <= script_line )) || fail "the configuration comes after the widget script"
pass "front page carries the deferred widget script and SupportWidgetConfig"

# --- 7. a subscriber logs in and mints a token --------------------------------
login() { # login JAR USER PASSWORD
    curl -s -c "$1" -b "$1" "$SITE/wp-login.php" -o /dev/null
    local code
    code=$(curl -s -c "$1" -b "$1" -o /dev/null -w '%{http_code}' --data-urlencode "log=$2" \
        --data-urlencode "pwd=$3" -d 'wp-submit=Log+In&testcookie=1' "$SITE/wp-login.php")
    [[ $code == 302 ]] || fail "login as $2 answered $code"
}
TOKEN_URL="$SITE/wp-json/supportd/v1/token"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$TOKEN_URL")
[[ $code == 401 ]] || fail "token without login: $code (expected 401)"
login "$T/shopper.jar" shopper "$USER_PW"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/shopper.jar" -X POST "$TOKEN_URL")
[[ $code == 401 ]] || fail "token with the cookie but no nonce: $code (expected 401)"
curl -sf -b "$T/shopper.jar" "$SITE/" -o "$T/front-user.html" || fail "front page as the shopper"
grep -q '"loggedIn":"1"' "$T/front-user.html" || fail "SupportWidgetConfig.loggedIn for the shopper"
NONCE=$(sed -n 's/.*"nonce":"\([0-9a-f]*\)".*/\1/p' "$T/front-user.html" | head -1)
[[ -n $NONCE ]] || fail "no REST nonce in SupportWidgetConfig"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-WP-Nonce: $NONCE" -X POST "$TOKEN_URL")
[[ $code == 401 || $code == 403 ]] || fail "token with a nonce but no login: $code"
code=$(curl -s -o "$T/token.json" -w '%{http_code}' -b "$T/shopper.jar" -H "X-WP-Nonce: $NONCE" -X POST "$TOKEN_URL")
[[ $code == 200 ]] || fail "minting the token: $code $(cat "$T/token.json")"
JWT=$(json "$T/token.json" '$j["token"]')
# The token is what supportd expects: HS256 over header.payload with the secret, and the claims.
claims=$(php -r '
    [$h, $p, $s] = explode(".", $argv[1]);
    $d = fn($x) => base64_decode(strtr($x, "-_", "+/"));
    $ok = hash_equals(hash_hmac("sha256", "$h.$p", $argv[2], true), $d($s));
    $head = json_decode($d($h), true); $c = json_decode($d($p), true);
    echo ($ok ? "sig-ok" : "sig-bad"), " ", $head["alg"], " ", $c["iss"], " ", $c["aud"], " ", $c["sub"], " ",
         $c["email"], " ", $c["exp"] - $c["iat"], " ", abs(time() - $c["iat"]) < 10 ? "fresh" : "stale";' "$JWT" "$SECRET")
[[ $claims == "sig-ok HS256 $SITE supportd $SHOPPER_ID shopper@example.test 300 fresh" ]] || fail "token claims: $claims"
pass "token route: 401 without login or nonce; 200 with both; HS256 with iss/aud/sub/email, exp = iat + 300"

# --- 8. supportd accepts it as verified; a tampered one is refused -------------
ask() { # ask OUT AUTH JSON
    local auth=()
    [[ -n $2 ]] && auth=(-H "Authorization: Bearer $2")
    curl -s -o "$1" -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' -H "Origin: $SITE" \
        -d "$3" "$SUPPORTD_URL/api/agent/messages"
}
code=$(ask "$T/verified.json" "$JWT" '{"user_msg":"How long does delivery take?"}')
[[ $code == 200 || $code == 201 ]] || fail "supportd refused the verified message: $code $(cat "$T/verified.json")"
[[ $(json "$T/verified.json" 'var_export($j["verified"] ?? null)') == true ]] \
    || fail "supportd did not take the plugin's token as verified: $(cat "$T/verified.json")"
tampered=$(php -r '
    [$h, $p, $s] = explode(".", $argv[1]);
    $c = json_decode(base64_decode(strtr($p, "-_", "+/")), true); $c["sub"] = "1";
    echo $h, ".", rtrim(strtr(base64_encode(json_encode($c)), "+/", "-_"), "="), ".", $s;' "$JWT")
code=$(ask "$T/tampered.json" "$tampered" '{"user_msg":"How long does delivery take?"}')
[[ $code == 200 || $code == 201 ]] || fail "a tampered token should leave the session anonymous, got $code"
[[ $(json "$T/tampered.json" 'var_export($j["verified"] ?? null)') == false ]] \
    || fail "a tampered token was not refused: $(cat "$T/tampered.json")"
pass "supportd: the plugin's token verified, a tampered one refused (anonymous)"

# --- 9. a ticket becomes an admin notice and an e-mail -------------------------
code=$(ask "$T/ticket.json" "" '{"user_msg":"I want to make a complaint: my boots fell apart after two walks. Order 100482, jane@example.com"}')
[[ $code == 200 || $code == 201 ]] || fail "complaint turn: $code"
TICKET=$(json "$T/ticket.json" 'preg_match("/T-[A-Z0-9]{8}/", $j["message"]["content"], $m) ? $m[0] : ""')
THREAD=$(json "$T/ticket.json" '$j["thread_id"]')
[[ -n $TICKET ]] || fail "the complaint opened no ticket: $(cat "$T/ticket.json")"
login "$T/admin.jar" admin "$ADMIN_PW"
wait_for_notice() { # wait_for_notice EVENT: polls wp-admin/ as the admin (the webhook is asynchronous)
    for _ in $(seq 100); do
        curl -s -b "$T/admin.jar" "$SITE/wp-admin/" -o "$T/dashboard.html"
        grep -q "data-supportd-event=\"$1\"" "$T/dashboard.html" && return 0
        sleep 0.1
    done
    return 1
}
wait_for_notice ticket.created || fail "no ticket notice on wp-admin/"
grep -q "ticket $TICKET opened" "$T/dashboard.html" || fail "the notice does not name ticket $TICKET"
if grep -q 'jane@example.com' "$T/dashboard.html"; then fail "the notice shows the customer's full e-mail"; fi
grep "$TICKET" "$T/mail.log" 2>/dev/null | head -n 1 >"$T/ticket-mail.json"
[[ -s $T/ticket-mail.json ]] || fail "no e-mail to the site admin about $TICKET"
[[ $(json "$T/ticket-mail.json" '$j["to"]') == admin@example.test ]] || fail "the e-mail did not go to the admin"
# A subscriber sees no notice.
curl -s -b "$T/shopper.jar" "$SITE/wp-admin/profile.php" -o "$T/profile.html"
if grep -q 'supportd-chat-notice' "$T/profile.html"; then fail "a subscriber sees the admin notice"; fi
pass "ticket.created webhook: admin notice for $TICKET on wp-admin/ and an e-mail to the admin"

# --- 10. an operator's takeover becomes a notice --------------------------------
OP_TOKEN=$(curl -s -H 'Content-Type: application/json' -d "{\"username\":\"olivia\",\"password\":\"$OP_PW\"}" \
    "$SUPPORTD_URL/api/auth/login" | php -r 'echo json_decode(stream_get_contents(STDIN), true)["token"] ?? "";')
[[ -n $OP_TOKEN ]] || fail "operator login"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $OP_TOKEN" \
    "$SUPPORTD_URL/admin/agent/threads/$THREAD/takeover")
[[ $code == 200 ]] || fail "takeover: $code"
wait_for_notice thread.taken_over || fail "no takeover notice on wp-admin/"
grep -q "olivia took over conversation $THREAD" "$T/dashboard.html" || fail "no takeover notice on wp-admin/"
pass "thread.taken_over webhook: admin notice"

# --- 11. the settings page: admins only, the secret never shown, nonce-protected -
SETTINGS="$SITE/wp-admin/options-general.php?page=supportd-chat"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/shopper.jar" "$SETTINGS")
[[ $code == 403 ]] || fail "a subscriber opened the settings page: $code"
curl -s -b "$T/admin.jar" "$SETTINGS" -o "$T/settings.html"
grep -q 'name="supportd_chat_secret" value=""' "$T/settings.html" || fail "no empty secret field on the settings page"
if grep -q "$SECRET" "$T/settings.html"; then fail "the settings page shows the secret"; fi
grep -q "SUPPORTD_JWT_ISSUER=$SITE" "$T/settings.html" || fail "the settings page does not tell supportd's issuer"
FORM_NONCE=$(sed -n 's/.*name="_wpnonce" value="\([0-9a-f]*\)".*/\1/p' "$T/settings.html" | head -1)
[[ -n $FORM_NONCE ]] || fail "no nonce in the settings form"
save() { # save NONCE SERVER_URL
    curl -s -o /dev/null -w '%{http_code}' -b "$T/admin.jar" -e "$SETTINGS" -d option_page=supportd_chat -d action=update \
        -d "_wpnonce=$1" --data-urlencode "supportd_chat_settings[server_url]=$2" \
        --data-urlencode "supportd_chat_settings[site_origin]=$SITE" -d 'supportd_chat_settings[audience]=supportd' \
        -d 'supportd_chat_secret=' "$SITE/wp-admin/options.php"
}
code=$(save "" "http://attacker.example")
[[ $code == 403 ]] || fail "saving the settings without the nonce: $code (expected 403)"
code=$(save "$FORM_NONCE" "$SUPPORTD_URL/")
[[ $code == 302 ]] || fail "saving the settings: $code"
curl -sf "$SITE/" -o "$T/front.html"
grep -q "attacker.example" "$T/front.html" && fail "a settings change without the nonce was saved"
grep -q "$SUPPORTD_URL/widget.js" "$T/front.html" || fail "the saved supportd URL is not the widget's"
curl -s -o "$T/token2.json" -b "$T/shopper.jar" -H "X-WP-Nonce: $NONCE" -X POST "$TOKEN_URL"
code=$(ask "$T/verified2.json" "$(json "$T/token2.json" '$j["token"]')" '{"user_msg":"Where is my order?"}')
[[ $(json "$T/verified2.json" 'var_export($j["verified"] ?? null)') == true ]] \
    || fail "saving with an empty secret field did not keep the secret"
pass "settings page: admins only, secret never shown, nonce required, an empty secret field keeps the secret"

# --- 12. the webhook refuses what supportd did not sign -------------------------
HOOK="$SITE/wp-json/supportd/v1/webhook"
body='{"event":"ticket.created","id":"forged-1","created_at":"2024-01-01T00:00:00Z","thread_id":"x","ticket":{"id":"T-FORGED00","subject":"forged"}}'
post_hook() { # post_hook TIMESTAMP SIGNATURE BODY
    curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -H "X-Support-Event: ticket.created" \
        -H "X-Support-Timestamp: $1" -H "X-Support-Signature: $2" --data-binary "$3" "$HOOK"
}
sign() { echo -n "sha256=$(printf '%s.%s' "$2" "$3" | openssl dgst -sha256 -hmac "$1" -r | cut -d' ' -f1)"; }
now=$(date +%s)
code=$(post_hook "$now" "$(sign wrong-secret "$now" "$body")" "$body")
[[ $code == 401 || $code == 403 ]] || fail "a webhook signed with another secret: $code"
code=$(post_hook "$now" "" "$body")
[[ $code == 401 || $code == 403 ]] || fail "an unsigned webhook: $code"
old=$((now - 600))
code=$(post_hook "$old" "$(sign "$SECRET" "$old" "$body")" "$body")
[[ $code == 401 || $code == 403 ]] || fail "a 10-minute-old webhook: $code"
code=$(post_hook "$now" "$(sign "$SECRET" "$now" "$body")" "${body/forged/altered}")
[[ $code == 401 || $code == 403 ]] || fail "a webhook whose body changed after signing: $code"
curl -s -b "$T/admin.jar" "$SITE/wp-admin/" -o "$T/dashboard.html"
if grep -q 'T-FORGED00' "$T/dashboard.html"; then fail "a refused webhook left a notice"; fi
# The same body rightly signed is taken once (supportd retries with the same id).
code=$(post_hook "$now" "$(sign "$SECRET" "$now" "$body")" "$body")
[[ $code == 202 ]] || fail "a rightly signed webhook: $code"
code=$(post_hook "$now" "$(sign "$SECRET" "$now" "$body")" "$body")
[[ $code == 200 ]] || fail "a repeated webhook: $code"
pass "webhook: wrong secret, no signature, stale timestamp and altered body refused (401); a repeat recorded once"

echo "all WordPress checks passed in $(elapsed) s"
