#!/bin/sh
# A throw-away PostgreSQL cluster for the test suite (issue #15): real server, no mock.
#   scripts/pg-test-server.sh start DIR   installs Debian's postgresql when missing, initdb in DIR,
#                                         starts it on a free 127.0.0.1 port (trust auth) and prints
#                                         the admin URL (postgresql+psycopg://postgres@127.0.0.1:PORT)
#   scripts/pg-test-server.sh stop DIR    stops it and removes DIR
#   scripts/pg-test-server.sh for-tests DIR   `start` for `make test`: the URL, or nothing when the
#                                         server cannot start (the PostgreSQL cases are skipped) —
#                                         except when CI is set (CI=true): then it fails, saying why
# initdb refuses to run as root: as root the cluster runs as the `postgres` OS user (created by the
# Debian package) or, failing that, a dedicated unprivileged `shopsentry-pg` user.
set -eu
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop|for-tests DIR" >&2; exit 2; }

bindir() {
    command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ] && { pg_config --bindir; return; }
    # Debian keeps the server programs out of PATH, one folder per major version: take the newest
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_owner() {  # run a command as the cluster's owner (ourselves unless we are root)
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$OWNER" -- "$@"
    else
        "$@"
    fi
}

ensure_server() {
    b=$(bindir)
    [ -n "$b" ] && [ -x "$b/initdb" ] && return 0
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
    echo "Installing PostgreSQL (Debian package postgresql) for the tests" >&2
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

OWNER=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
    OWNER=postgres
    id "$OWNER" >/dev/null 2>&1 || OWNER=shopsentry-pg
    id "$OWNER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$OWNER"
fi

case "$cmd" in
start)
    ensure_server
    B=$(bindir)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown "$OWNER" "$dir"
    chmod 700 "$dir"
    as_owner "$B/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # a test run opens many short connections from parallel processes: room for them, no fsync
    for try in 1 2 3 4 5; do
        port=$(free_port)
        if as_owner "$B/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c fsync=off \
                -c synchronous_commit=off -c full_page_writes=off" >/dev/null; then
            echo "$port" >"$dir/port"
            echo "postgresql+psycopg://postgres@127.0.0.1:$port"
            exit 0
        fi
    done
    cat "$dir/server.log" >&2
    exit 1
    ;;
for-tests)
    if url=$("$0" start "$dir"); then
        echo "$url"
        exit 0
    fi
    case "$(printf %s "${CI:-}" | tr 'A-Z' 'a-z')" in
    "" | 0 | false | no)
        echo "PostgreSQL test server did not start: the PostgreSQL cases are skipped" >&2
        exit 0
        ;;
    esac
    echo "CI=$CI: the PostgreSQL test server did not start (the reason is above). CI must run the store," \
        "import, risk, contact and alert tests on PostgreSQL too, so this run fails instead of skipping them." >&2
    exit 1
    ;;
stop)
    [ -d "$dir/data" ] && as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop|for-tests DIR" >&2; exit 2
    ;;
esac
