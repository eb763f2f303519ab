#!/usr/bin/env bash
# The project's own PostgreSQL 15 test server: installs PostgreSQL 15 with apt-get when it is
# missing, creates a throw-away cluster listening on 127.0.0.1 only, starts it, creates the test
# database and prints its URL on stdout (everything else goes to stderr).
#
#   export CTCOOP_TEST_POSTGRES_URL="$(scripts/postgres-test-server.sh)"
#   .venv/bin/pytest tests/screening -q          # now runs the PostgreSQL tests too
#   scripts/postgres-test-server.sh stop
#
# Settings: CTCOOP_PG_DIR (default /tmp/ctcoop-pg) holds the cluster, its socket and its log;
# CTCOOP_PG_PORT (default 54329). Trust authentication, bound to 127.0.0.1: for tests only.
set -euo pipefail

VERSION=15
DIR="${CTCOOP_PG_DIR:-/tmp/ctcoop-pg}"
PORT="${CTCOOP_PG_PORT:-54329}"
BIN="/usr/lib/postgresql/${VERSION}/bin"
USER_NAME=ctcoop
DB_NAME=ctcoop_test

say() { echo "postgres-test-server: $*" >&2; }

as_owner() {
    # initdb and postgres refuse to run as root: run them as the postgres system user then.
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

install() {
    if [ -x "${BIN}/pg_ctl" ]; then
        return
    fi
    if [ "$(id -u)" != 0 ]; then
        say "PostgreSQL ${VERSION} is not installed and installing it needs root (apt-get)"
        exit 1
    fi
    say "installing postgresql-${VERSION} with apt-get"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-${VERSION}" >&2
}

stop() {
    if [ -f "${DIR}/data/postmaster.pid" ]; then
        as_owner "${BIN}/pg_ctl" -D "${DIR}/data" -m fast -w stop >&2
    else
        say "not running (${DIR})"
    fi
}

start() {
    install
    mkdir -p "${DIR}"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "${DIR}"
    fi
    if [ ! -f "${DIR}/data/PG_VERSION" ]; then
        say "creating a cluster in ${DIR}/data"
        as_owner "${BIN}/initdb" -D "${DIR}/data" -U "${USER_NAME}" -A trust -E UTF8 \
            --locale=C.UTF-8 >&2
    fi
    if ! as_owner "${BIN}/pg_ctl" -D "${DIR}/data" status >/dev/null 2>&1; then
        as_owner "${BIN}/pg_ctl" -D "${DIR}/data" -l "${DIR}/server.log" -w \
            -o "-c listen_addresses=127.0.0.1 -p ${PORT} -k ${DIR}" start >&2
    fi
    if ! "${BIN}/psql" -h 127.0.0.1 -p "${PORT}" -U "${USER_NAME}" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '${DB_NAME}'" | grep -q 1; then
        "${BIN}/createdb" -h 127.0.0.1 -p "${PORT}" -U "${USER_NAME}" "${DB_NAME}"
    fi
    echo "postgresql://${USER_NAME}@127.0.0.1:${PORT}/${DB_NAME}"
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    *) say "usage: $0 [start|stop]"; exit 2 ;;
esac
