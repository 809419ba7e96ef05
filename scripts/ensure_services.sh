#!/usr/bin/env bash
# Make PostgreSQL and Redis answer on loopback for the PostgreSQL test run and the benchmarks.
#
# - Installs them from Debian packages when missing (root only): postgresql, redis-server.
# - PostgreSQL: the distribution's cluster (pg_lsclusters), created with pg_createcluster if the
#   binaries are there without a cluster, listening on localhost only, started with pg_ctlcluster;
#   role `cursus` (password `cursus`, CREATEDB: pytest creates test databases) and database `cursus`.
# - Redis: started as `redis-server --bind 127.0.0.1` (no persistence) unless one already answers.
# - Waits until both answer, then writes the URLs to var/services.env (sourced by the Makefile):
#     DATABASE_URL=postgres://cursus:cursus@127.0.0.1:<port>/cursus
#     CURSUS_TEST_REDIS_URL=redis://127.0.0.1:6379/15
# Idempotent: a second run with everything up only checks.
set -euo pipefail

cd "$(dirname "$0")/.."
VAR=${CURSUS_VAR_DIR:-$PWD/var}
PG_PORT=${CURSUS_PG_PORT:-5432}
REDIS_PORT=${CURSUS_REDIS_PORT:-6379}
DB_USER=cursus DB_PASSWORD=cursus DB_NAME=cursus

log() { printf 'cursus: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
is_root() { [[ $(id -u) -eq 0 ]]; }

apt_updated=0
apt_install() {
    is_root && command -v apt-get >/dev/null 2>&1 || die "missing $*: install it (apt-get install $*) and re-run."
    export DEBIAN_FRONTEND=noninteractive
    if (( ! apt_updated )); then apt-get -qq update >/dev/null; apt_updated=1; fi
    log "installing $* (apt-get)"
    apt-get -qq install -y --no-install-recommends "$@" >/dev/null
}

as_postgres() { (cd / && su postgres -s /bin/sh -c "$1"); }

pg_answers_as_cursus() {
    PGPASSWORD=$DB_PASSWORD PGCONNECT_TIMEOUT=3 psql -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d "$DB_NAME" \
        -qtAc 'SELECT 1' >/dev/null 2>&1
}

# ---------------------------------------------------------------- PostgreSQL
pg_server_version() {  # highest installed server version, e.g. 15
    local d
    for d in /usr/lib/postgresql/*/bin/postgres; do [[ -x $d ]] && basename "$(dirname "$(dirname "$d")")"; done \
        | sort -n | tail -1
}

ensure_postgres() {
    if command -v psql >/dev/null 2>&1 && pg_answers_as_cursus; then
        log "PostgreSQL answers on 127.0.0.1:$PG_PORT"
        return
    fi
    local ver
    ver=$(pg_server_version)
    if [[ -z $ver ]] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
        apt_install postgresql
        ver=$(pg_server_version)
        [[ -n $ver ]] || die "PostgreSQL server binaries not found after installing postgresql"
    fi
    is_root || die "PostgreSQL does not answer as $DB_USER on 127.0.0.1:$PG_PORT and we are not root to set it up."

    if ! pg_lsclusters -h 2>/dev/null | awk -v v="$ver" '$1 == v && $2 == "main" {found = 1} END {exit !found}'; then
        log "creating PostgreSQL $ver cluster 'main' on port $PG_PORT"
        pg_createcluster "$ver" main --port "$PG_PORT" >/dev/null
    fi
    local port online=0 restart=0
    port=$(pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" {print $3}')
    pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" && $4 == "online" {f = 1} END {exit !f}' && online=1
    if [[ $port != "$PG_PORT" ]]; then
        log "PostgreSQL $ver/main was on port $port: moving it to $PG_PORT"
        pg_conftool "$ver" main set port "$PG_PORT"
        restart=1
    fi
    # Loopback only, whatever the cluster had.
    if [[ $(pg_conftool -s "$ver" main show listen_addresses 2>/dev/null || true) != localhost ]]; then
        pg_conftool "$ver" main set listen_addresses localhost
        restart=1
    fi
    if (( ! online )); then
        log "starting PostgreSQL $ver/main"
        pg_ctlcluster "$ver" main start
    elif (( restart )); then
        log "restarting PostgreSQL $ver/main"
        pg_ctlcluster "$ver" main restart
    fi

    local i
    for i in $(seq 1 60); do
        pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
        sleep 0.5
    done
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || die "PostgreSQL did not answer on 127.0.0.1:$PG_PORT"

    # Role and database (the Debian cluster lets the postgres OS user in through the local socket).
    as_postgres "psql -p $PG_PORT -v ON_ERROR_STOP=1 -qtA" >/dev/null <<SQL
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
        CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
    ELSE
        ALTER ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
    END IF;
END
\$\$;
SQL
    if [[ -z $(as_postgres "psql -p $PG_PORT -qtAc \"SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'\"") ]]; then
        as_postgres "createdb -p $PG_PORT -O $DB_USER $DB_NAME"
    fi
    pg_answers_as_cursus || die "PostgreSQL answers but not to $DB_USER/$DB_PASSWORD on 127.0.0.1:$PG_PORT (pg_hba.conf?)"
    log "PostgreSQL $ver ready on 127.0.0.1:$PG_PORT"
}

# ---------------------------------------------------------------- Redis
redis_ping() {
    if command -v redis-cli >/dev/null 2>&1; then
        [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT" && printf 'PING\r\n' >&3 && read -r -t 2 line <&3 \
            && [[ $line == +PONG* ]]) 2>/dev/null
    fi
}

ensure_redis() {
    if redis_ping; then
        log "Redis answers on 127.0.0.1:$REDIS_PORT"
        return
    fi
    command -v redis-server >/dev/null 2>&1 || apt_install redis-server
    # The package's own service may have been started by its installation.
    local i
    for i in 1 2 3 4; do redis_ping && { log "Redis answers on 127.0.0.1:$REDIS_PORT"; return; }; sleep 0.5; done
    mkdir -p "$VAR/redis"
    log "starting redis-server on 127.0.0.1:$REDIS_PORT"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes --daemonize yes \
        --save '' --appendonly no --dir "$VAR/redis" --logfile "$VAR/redis/redis.log" \
        --pidfile "$VAR/redis/redis.pid"
    for i in $(seq 1 40); do redis_ping && break; sleep 0.25; done
    redis_ping || die "Redis did not answer on 127.0.0.1:$REDIS_PORT (see $VAR/redis/redis.log)"
    log "Redis ready on 127.0.0.1:$REDIS_PORT"
}

ensure_postgres
ensure_redis
mkdir -p "$VAR"
cat >"$VAR/services.env" <<ENV
DATABASE_URL=postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/$DB_NAME
CURSUS_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/15
ENV
