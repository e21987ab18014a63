#!/usr/bin/env bash
# A local PostgreSQL for the store and approval tests, from Debian's packages. Idempotent.
#
#   .ci/postgres.sh [FILE]     prints `export TEST_DATABASE_URL=postgresql://...`
#                              (and writes that line to FILE when given)
#   source .ci/postgres.sh     exports TEST_DATABASE_URL in the caller (and prints the line);
#                              the caller's shell options are left as they were
#
# Installs the `postgresql` package when absent (apt-get update once), starts the newest
# cluster on 127.0.0.1, creates a test role and database, and waits until they answer.
# Runs as root (CI) or as a user with sudo. Overridable: PG_TEST_USER, PG_TEST_PASSWORD, PG_TEST_DB.

_preventive_pg_setup() (
    set -euo pipefail
    local user=${PG_TEST_USER:-preventive} password=${PG_TEST_PASSWORD:-preventive}
    local database=${PG_TEST_DB:-preventive_test}
    log() { echo "postgres.sh: $*" >&2; }
    as_postgres() {
        if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres -- "$@"; fi
    }
    root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

    if ! command -v pg_lsclusters >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
        log "installing postgresql from the distribution's packages"
        root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    fi
    local version
    version=$(basename "$(ls -d /usr/lib/postgresql/*/ | sort -V | tail -n 1)")
    if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {found = 1} END {exit !found}'; then
        log "creating cluster $version/main"
        root pg_createcluster "$version" main >&2
    fi
    local port status
    port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
    status=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}')
    if [ "$status" != online ]; then
        log "starting cluster $version/main on port $port"
        root pg_ctlcluster "$version" main start >&2
    fi
    local tries=0
    until pg_isready -q -h 127.0.0.1 -p "$port"; do
        tries=$((tries + 1))
        if [ "$tries" -ge 60 ]; then log "server not ready after 30 s"; exit 1; fi
        sleep 0.5
    done

    psql_admin() { as_postgres psql -p "$port" -v ON_ERROR_STOP=1 -qtAX "$@"; }
    if [ -z "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$user'")" ]; then
        log "creating role $user"
        psql_admin -c "CREATE ROLE \"$user\" LOGIN CREATEDB PASSWORD '$password'" >&2
    fi
    if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]; then
        log "creating database $database"
        psql_admin -c "CREATE DATABASE \"$database\" OWNER \"$user\"" >&2
    fi
    local url="postgresql://$user:$password@127.0.0.1:$port/$database"
    until PGPASSWORD=$password psql "postgresql://$user@127.0.0.1:$port/$database" -qtAX -c "SELECT 1" >/dev/null 2>&1; do
        tries=$((tries + 1))
        if [ "$tries" -ge 60 ]; then log "cannot log in as $user"; exit 1; fi
        sleep 0.5
    done
    echo "$url"
)

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
    # Sourced: export into the caller's shell without changing its options.
    if TEST_DATABASE_URL=$(_preventive_pg_setup); then
        export TEST_DATABASE_URL
        echo "export TEST_DATABASE_URL=$TEST_DATABASE_URL"
        unset -f _preventive_pg_setup
    else
        echo "postgres.sh: PostgreSQL set-up failed" >&2
        unset -f _preventive_pg_setup
        return 1
    fi
else
    set -euo pipefail
    url=$(_preventive_pg_setup)
    echo "export TEST_DATABASE_URL=$url"
    if [ -n "${1:-}" ]; then echo "export TEST_DATABASE_URL=$url" >"$1"; fi
fi
