#!/usr/bin/env bash
# Screenshots of support-console for the README: starts a throwaway supportd,
# opens a few conversations (two waiting for a person, one taken over, one
# complaint with a ticket), runs the console under xvfb-run and saves a PNG of
# each main view (threads, a conversation, traces, knowledge base, tickets,
# metrics, sign-in) into
# docs/screenshots/ (or the folder given as $1).
#   BUILD_DIR (build-console)  PORT (18089)  LANGUAGE (en)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build-console}
port=${PORT:-18089}
out=${1:-docs/screenshots}
supportd=$build/server/supportd
console=$build/console/support-console
for program in "$supportd" "$console"; do
    [ -x "$program" ] || { echo "console-screenshots: build $program first (cmake --build $build --target supportd support-console)" >&2; exit 1; }
done
command -v xvfb-run >/dev/null || { echo "console-screenshots: xvfb-run missing (scripts/install-deps.sh)" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

password='a long screenshot passphrase'
printf '%s' "$password" | "$supportd" user add sam --role admin --data-dir "$work/data" >/dev/null
printf '%s' "$password" | "$supportd" user add ana --role agent --data-dir "$work/data" >/dev/null
"$supportd" serve --port "$port" --data-dir "$work/data" >"$work/server.log" 2>&1 &
server_pid=$!
base=http://127.0.0.1:$port
for _ in $(seq 100); do
    curl -sf "$base/healthz" >/dev/null && break
    sleep 0.1
done

say() { # text [thread_id token] -> prints the reply JSON
    local body
    if [ $# -gt 1 ]; then
        body=$(python3 -c 'import json,sys; print(json.dumps({"user_msg":sys.argv[1],"thread_id":sys.argv[2]}))' "$1" "$2")
        curl -sf -H 'Content-Type: application/json' -H "X-Thread-Token: $3" -d "$body" "$base/api/agent/messages"
    else
        body=$(python3 -c 'import json,sys; print(json.dumps({"user_msg":sys.argv[1]}))' "$1")
        curl -sf -H 'Content-Type: application/json' -d "$body" "$base/api/agent/messages"
    fi
}
field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

say "How long does delivery take?" >/dev/null
say "Can I return shoes I have already worn?" >/dev/null
first=$(say "Where is my order 1001? My e-mail is alex@example.com")
say "I want to talk to a human, my parcel arrived damaged" >/dev/null
say "I want to make a complaint: my tent pole snapped on the first night. jo.lee@example.com" >/dev/null
sleep 1
say "This is the third time I ask, please get me a real person" >/dev/null
taken=$(say "I need to change the address on my order")
thread=$(echo "$taken" | field thread_id)
token=$(echo "$taken" | field thread_token)
say "Actually, can someone call me?" "$thread" "$token" >/dev/null

# Ana takes one over and answers, so one thread shows a person's reply.
ana=$(curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"ana\",\"password\":\"$password\"}" "$base/api/auth/login" | field token)
curl -sf -X POST -H "Authorization: Bearer $ana" -H 'Content-Type: application/json' -d '{}' \
    "$base/admin/agent/threads/$thread/takeover" >/dev/null || echo "console-screenshots: takeover not offered by this supportd" >&2
curl -sf -X POST -H "Authorization: Bearer $ana" -H 'Content-Type: application/json' \
    -d '{"text":"Hi, Ana here. I can change the address for you: what is the new one?"}' \
    "$base/admin/agent/threads/$thread/reply" >/dev/null || true

mkdir -p "$out"
export XDG_CONFIG_HOME=$work/config XDG_RUNTIME_DIR=$work/runtime
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
SUPPORT_CONSOLE_PASSWORD=$password xvfb-run -a -s "-screen 0 1280x800x24" \
    "$console" --no-keychain --server "$base" --user sam --language "${LANGUAGE:-en}" --screenshot "$out"
ls -l "$out"/*.png
