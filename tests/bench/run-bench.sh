#!/usr/bin/env bash
# Runs supportd-bench against a freshly started supportd. Builds nothing.
#
# Usage: tests/bench/run-bench.sh [SUPPORTD [BENCH]] [--] [bench options...]
#   SUPPORTD  supportd binary (or env SUPPORTD; default build/server/supportd)
#   BENCH     bench binary (or env BENCH; default build/tests/bench/supportd-bench)
# Default paths are relative to the repository root. Everything else is passed
# to the bench, e.g.: tests/bench/run-bench.sh --turns 20000 --conversations 20 --json
#
# The server runs with a temporary data dir and --rate-limit 0 (no rate
# limiting while load testing); the bench gets --url and --server-pid.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
supportd="${SUPPORTD:-$repo_root/build/server/supportd}"
bench="${BENCH:-$repo_root/build/tests/bench/supportd-bench}"

# Up to two leading arguments that are not options name the binaries.
if [[ $# -gt 0 && $1 != -* ]]; then supportd="$1"; shift; fi
if [[ $# -gt 0 && $1 != -* ]]; then bench="$1"; shift; fi
if [[ $# -gt 0 && $1 == -- ]]; then shift; fi

for binary in "$supportd" "$bench"; do
    if [[ ! -x $binary ]]; then
        echo "run-bench: $binary is not an executable (build it first)" >&2
        exit 2
    fi
done

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_port() {
    local port
    for _ in $(seq 20); do
        port=$((18080 + RANDOM % 20000))
        if ! port_in_use "$port"; then
            echo "$port"
            return 0
        fi
    done
    echo "run-bench: no free port found" >&2
    return 1
}

# Prints the HTTP status of GET /healthz, or nothing if the server is not up.
healthz_status() {
    if command -v curl >/dev/null; then
        curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/healthz" || true
        return
    fi
    # Fallback without curl: a bare HTTP/1.0 request over bash's /dev/tcp.
    (
        exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 0
        printf 'GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
        read -r -t 2 _ status _ <&3 && echo "$status"
    ) 2>/dev/null || true
}

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/supportd-bench.XXXXXX")"
data_dir="$work_dir/data"
log_file="$work_dir/supportd.log"
mkdir -p "$data_dir"
server_pid=""

# shellcheck disable=SC2317 # invoked through the trap below
cleanup() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        # Give it 10 s to shut down cleanly before forcing it.
        for _ in $(seq 100); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port="$(pick_port)"
"$supportd" serve --port "$port" --data-dir "$data_dir" --rate-limit 0 >"$log_file" 2>&1 &
server_pid=$!

ready=""
for _ in $(seq 300); do # 30 s
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "run-bench: supportd exited during start-up; its log:" >&2
        cat "$log_file" >&2
        exit 1
    fi
    if [[ $(healthz_status) == 200 ]]; then
        ready=1
        break
    fi
    sleep 0.1
done
if [[ -z $ready ]]; then
    echo "run-bench: supportd did not answer GET /healthz with 200 within 30 s; its log:" >&2
    tail -n 50 "$log_file" >&2
    exit 1
fi

echo "run-bench: supportd (pid $server_pid) listening on port $port" >&2
status=0
"$bench" --url "http://127.0.0.1:$port" --server-pid "$server_pid" "$@" || status=$?
exit "$status"
