#!/usr/bin/env bash
# The LLM brain's own overhead: supportd with the LLM brain against
# fake-openai-server answering every request after a fixed delay D, every turn
# a real two-call turn (search_kb, then an answer citing its first result).
# Builds nothing.
#
# Usage: tests/bench/run-llm-bench.sh [options] [-- extra supportd-bench options]
#   --build DIR            where the binaries are (default build; or env SUPPORTD, BENCH, FAKE)
#   --delay-ms D           the fake model's delay per request (default 300)
#   --conversations N      concurrent conversations, closed loop (default 200)
#   --turns T              measured turns (default 3000)
#   --warmup W             warm-up turns, not measured (default 400)
#   --reference-turns R    turns of the 1-conversation reference run first (default 100; 0: none)
#   --workers K            supportd --workers (default 256)
#   --json                 the bench prints JSON
#
# It starts fake-openai-server --search-then-answer and supportd serve
# (SQLite in a temporary data dir, --rate-limit 0, SUPPORTD_LLM_* pointing at
# the fake), adds an operator and logs in, then runs supportd-bench closed
# loop with --traces-token: after the run the bench reads every measured turn's
# trace and reports the overhead per turn = client latency − model spans −
# tool spans, split into the part inside the turn's trace and the part outside
# it (HTTP, queueing), plus supportd's RSS. supportd runs with
# SUPPORTD_SERVER_TIMING=1, so the overhead is also split at the server's edge
# (what supportd saw, and what the client side added).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$repo_root/build"
delay=300
conversations=200
turns=3000
warmup=400
reference_turns=100
workers=256
json=()
extra=()
while [[ $# -gt 0 ]]; do
    case $1 in
    --build) build="$2"; shift 2 ;;
    --delay-ms) delay="$2"; shift 2 ;;
    --conversations) conversations="$2"; shift 2 ;;
    --turns) turns="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --reference-turns) reference_turns="$2"; shift 2 ;;
    --workers) workers="$2"; shift 2 ;;
    --json) json=(--json); shift ;;
    --) shift; extra=("$@"); break ;;
    -h | --help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "run-llm-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ $build == /* ]] || build="$repo_root/$build"
supportd="${SUPPORTD:-$build/server/supportd}"
bench="${BENCH:-$build/tests/bench/supportd-bench}"
fake="${FAKE:-$build/tests/fakes/fake-openai-server}"
for binary in "$supportd" "$bench" "$fake"; do
    if [[ ! -x $binary ]]; then
        echo "run-llm-bench: $binary is not an executable (build supportd, supportd-bench and fake-openai-server first)" >&2
        exit 2
    fi
done

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/supportd-llm-bench.XXXXXX")"
data_dir="$work_dir/data"
mkdir -p "$data_dir"
server_pid=""
fake_pid=""

# shellcheck disable=SC2317 # invoked from cleanup, through the trap below
stop() { # pid
    if [[ -n $1 ]] && kill -0 "$1" 2>/dev/null; then
        kill -TERM "$1" 2>/dev/null || true
        for _ in $(seq 100); do
            kill -0 "$1" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$1" 2>/dev/null || true
        wait "$1" 2>/dev/null || true
    fi
}
# shellcheck disable=SC2317 # invoked through the trap below
cleanup() {
    stop "$server_pid"
    stop "$fake_pid"
    rm -rf "$work_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() {
    local port
    for _ in $(seq 20); do
        port=$((18080 + RANDOM % 20000))
        if ! port_in_use "$port"; then
            echo "$port"
            return 0
        fi
    done
    echo "run-llm-bench: no free port found" >&2
    return 1
}

# The fake model.
"$fake" --delay-ms "$delay" --search-then-answer --keep-requests 100 >"$work_dir/fake.out" 2>"$work_dir/fake.log" </dev/null &
fake_pid=$!
fake_port=""
for _ in $(seq 100); do
    fake_port="$(awk '/^PORT /{print $2}' "$work_dir/fake.out" 2>/dev/null || true)"
    [[ -n $fake_port ]] && break
    kill -0 "$fake_pid" 2>/dev/null || { cat "$work_dir/fake.log" >&2; exit 1; }
    sleep 0.1
done
[[ -n $fake_port ]] || { echo "run-llm-bench: fake-openai-server did not start" >&2; exit 1; }

# An operator, to read the traces afterwards.
operator="bench-operator"
password="bench-$RANDOM-$RANDOM-password"
echo "$password" | "$supportd" user add "$operator" --role agent --data-dir "$data_dir" >/dev/null 2>"$work_dir/user.log" \
    || { cat "$work_dir/user.log" >&2; exit 1; }

port="$(pick_port)"
SUPPORTD_SERVER_TIMING=1 SUPPORTD_LLM_BASE_URL="http://127.0.0.1:$fake_port/v1" SUPPORTD_LLM_MODEL=fake-model SUPPORTD_LLM_API_KEY=bench-key \
    "$supportd" serve --port "$port" --data-dir "$data_dir" --workers "$workers" --rate-limit 0 \
    >"$work_dir/supportd.log" 2>&1 &
server_pid=$!
ready=""
for _ in $(seq 300); do # 30 s
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "run-llm-bench: supportd exited during start-up; its log:" >&2
        cat "$work_dir/supportd.log" >&2
        exit 1
    fi
    if [[ $(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/healthz" || true) == 200 ]]; then
        ready=1
        break
    fi
    sleep 0.1
done
[[ -n $ready ]] || { echo "run-llm-bench: supportd did not become healthy; its log:" >&2; tail -n 50 "$work_dir/supportd.log" >&2; exit 1; }

login="$(curl -s -m 30 -H 'Content-Type: application/json' \
    -d "{\"username\":\"$operator\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/auth/login")"
token="$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$login")"
[[ -n $token ]] || { echo "run-llm-bench: operator login failed: $login" >&2; exit 1; }

echo "run-llm-bench: supportd (pid $server_pid) on port $port, LLM brain -> fake-openai-server (pid $fake_pid," \
    "port $fake_port, delay $delay ms, search_kb then answer), $workers workers" >&2
common=(--url "http://127.0.0.1:$port" --server-pid "$server_pid" --traces-token "$token" --model-delay-ms "$delay")
status=0
if [[ $reference_turns -gt 0 ]]; then
    echo "=== reference: 1 conversation, $reference_turns turns (10 warm-up) ==="
    "$bench" "${common[@]}" --conversations 1 --turns "$reference_turns" --warmup 10 "${json[@]}" "${extra[@]}" || status=$?
    echo
fi
echo "=== $conversations conversations, $turns turns ($warmup warm-up) ==="
"$bench" "${common[@]}" --conversations "$conversations" --turns "$turns" --warmup "$warmup" "${json[@]}" "${extra[@]}" \
    || status=$?
if grep -qiE 'warning|error|critical' "$work_dir/supportd.log"; then
    echo "run-llm-bench: supportd logged warnings or errors (first 10):" >&2
    grep -iE 'warning|error|critical' "$work_dir/supportd.log" | head -n 10 >&2
fi
exit "$status"
