#!/usr/bin/env bash
# Starts or stops a private PostgreSQL cluster for tests and local runs:
#   scripts/postgres.sh start DIR PORT   # initdb (trust auth) if DIR is new; prints the URL
#   scripts/postgres.sh stop DIR [PORT]
# Data in DIR/data, log in DIR/log, socket in DIR, TCP on 127.0.0.1:PORT only.
# PostgreSQL refuses to run as root, so as root it runs as the postgres user
# (DIR must then be reachable by that user: /tmp is, /root is not).
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR PORT" >&2; exit 2; }
[ $# -ge 2 ] || usage
command=$1
dir=$2
port=${3:-}

bin=${PG_BIN:-}
if [ -z "$bin" ]; then
    bin=$(printf "%s\n" /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
[ -x "$bin/pg_ctl" ] || { echo "postgres.sh: PostgreSQL is not installed (run scripts/install-deps.sh)" >&2; exit 1; }

as_postgres=()
if [ "$(id -u)" -eq 0 ]; then
    as_postgres=(runuser -u postgres --)
fi

case "$command" in
start)
    [ -n "$port" ] || usage
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$dir"
    fi
    "${as_postgres[@]}" test -w "$dir" || { echo "postgres.sh: $dir is not writable by the server's user" >&2; exit 1; }
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        "${as_postgres[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
            >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if ! "${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null; then
        echo "postgres.sh: PostgreSQL did not start on port $port; its log:" >&2
        tail -n 20 "$dir/log" >&2 || true
        exit 1
    fi
    # pg_ctl -w waits for the postmaster; also wait until it accepts TCP connections.
    for _ in $(seq 1 100); do
        if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
            echo "postgresql://postgres@127.0.0.1:$port/postgres"
            exit 0
        fi
        sleep 0.1
    done
    echo "postgres.sh: PostgreSQL is not accepting connections on port $port" >&2
    exit 1
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        "${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    ;;
*)
    usage
    ;;
esac
