# PostgreSQL 15 from Debian in the stack's own data directory and port.
# shellcheck shell=bash

# PostgreSQL refuses to run as root; as root we run it as the `postgres` user, whose data directory must be
# reachable by that user. A clone under a private directory (mktemp -d) is not, so the data then lives in
# /var/lib/skillpod-stack/<hash of the stack dir> with a symlink at .stack/postgres.
pg_dir() {
  # The real path: the postgres user may not be able to pass through the stack directory itself.
  if [ -L "$STACK_DIR/postgres" ] || [ -d "$STACK_DIR/postgres" ]; then readlink -f "$STACK_DIR/postgres"; return; fi
  mkdir -p "$STACK_DIR"
  if [ "$(id -u)" -ne 0 ]; then mkdir -p "$STACK_DIR/postgres"; echo "$STACK_DIR/postgres"; return; fi
  mkdir -p "$STACK_DIR/postgres"
  chown postgres: "$STACK_DIR/postgres"
  if ! runuser -u postgres -- test -w "$STACK_DIR/postgres"; then
    rmdir "$STACK_DIR/postgres"
    local real
    real="/var/lib/skillpod-stack/$(echo -n "$STACK_DIR" | sha256sum | cut -c1-12)/postgres"
    mkdir -p "$real" && chown postgres: "$real"
    ln -sfn "$real" "$STACK_DIR/postgres"
  fi
  readlink -f "$STACK_DIR/postgres"
}

# From / : the postgres user may not be able to enter the current directory (a private clone).
as_pg() { if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

pg_running() { local d; d=$(pg_dir); as_pg "$PG_BIN/pg_ctl" status -D "$d/data" >/dev/null 2>&1; }

pg_psql() { local d; d=$(pg_dir); as_pg "$PG_BIN/psql" -h "$d" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

postgres_up() {
  local d
  d=$(pg_dir)
  mkdir -p "$LOG_DIR"
  ln -sfn "$d/postgres.log" "$LOG_DIR/postgres.log"
  if [ ! -f "$d/data/PG_VERSION" ]; then
    say "initialising PostgreSQL data directory"
    as_pg "$PG_BIN/initdb" -D "$d/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >"$d/initdb.log" 2>&1 || fail postgres "initdb failed (see $d/initdb.log)"
  fi
  if ! pg_running; then
    port_busy "$PG_PORT" && fail postgres "cannot start: port $PG_PORT is already in use (set SKILLPOD_PG_PORT)"
    as_pg "$PG_BIN/pg_ctl" start -D "$d/data" -l "$d/postgres.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $d -c max_connections=300" >/dev/null ||
      fail postgres "did not start"
    say "started postgres"
  fi
  await postgres 60 pg_isready -q -h 127.0.0.1 -p "$PG_PORT"
  postgres_bootstrap
}

postgres_bootstrap() {
  pg_psql -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
        CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
      END IF;
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_APP_USER') THEN
        CREATE ROLE $PG_APP_USER LOGIN PASSWORD '$PG_APP_PASSWORD';
      END IF; END \$\$;" >/dev/null
  for db in "$PG_DB" "$PG_TEST_DB"; do
    if [ -z "$(pg_psql -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
      pg_psql -c "CREATE DATABASE $db OWNER $PG_USER" >/dev/null
      say "created database $db"
    fi
  done
}

postgres_down() {
  pg_running || return 0
  local d
  d=$(pg_dir)
  as_pg "$PG_BIN/pg_ctl" stop -D "$d/data" -m fast -w -t 60 >/dev/null
  say "stopped postgres"
}

postgres_status() { pg_running && pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; }
