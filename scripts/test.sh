#!/usr/bin/env bash
# The one test command: installs dependencies, builds, starts a private
# PostgreSQL on a free port, runs every test with CTest on both SQLite and
# PostgreSQL, then stops the server and removes its files. Extra arguments go
# to ctest (e.g. scripts/test.sh -L store). Exits with ctest's status.
# With SUPPORTD_TEST_PG_URL already set, that server is used instead.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SUPPORTD_BUILD_DIR:-$root/build}

"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"

# The official openai npm client for the fake OpenAI server's fidelity test
# (tests/openai-sdk, pinned in its package-lock.json). If this fails, that test
# fails on its own, with the reason; the rest still runs.
(cd "$root/tests/openai-sdk" && npm ci --no-audit --no-fund --loglevel=error) \
    || echo "test.sh: npm ci in tests/openai-sdk failed: openai_sdk_fidelity will fail" >&2
# playwright-core for the widget's Chromium test (tests/widget; it drives
# Debian's /usr/bin/chromium and downloads no browser).
(cd "$root/tests/widget" && npm ci --no-audit --no-fund --loglevel=error) \
    || echo "test.sh: npm ci in tests/widget failed: widget_chromium will fail" >&2

if [ -z "${SUPPORTD_TEST_PG_URL:-}" ]; then
    pgdir=$(mktemp -d /tmp/supportd-test-pg.XXXXXX)
    cleanup() {
        "$root/scripts/postgres.sh" stop "$pgdir" || true
        rm -rf "$pgdir"
    }
    trap cleanup EXIT

    port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
    url=""
    failures=0
    for port in $(seq 55432 55531); do
        port_in_use "$port" && continue
        # Another process may take the port between the check and the start: try the next one.
        url=$("$root/scripts/postgres.sh" start "$pgdir" "$port") && break
        url=""
        failures=$((failures + 1))
        [ "$failures" -lt 3 ] || break
    done
    [ -n "$url" ] || { echo "test.sh: could not start PostgreSQL (see above)" >&2; exit 1; }
    echo "test.sh: PostgreSQL at $url"
    export SUPPORTD_TEST_PG_URL=$url
fi

status=0
ctest --test-dir "$build" --output-on-failure -j2 "$@" || status=$?
exit "$status"
