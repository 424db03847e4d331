#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on loopback, for `npm run demo` and
# the tests. For each service, in order:
#   1. answering already: nothing to do (a running service is never touched);
#   2. installed but down: start it (the PostgreSQL cluster configured for
#      that port, or a throwaway Redis without persistence);
#   3. not installed, Debian, root: apt-get install it, then start it;
#   4. otherwise: stop with the exact command to run.
#
# Environment (defaults in brackets; hosts must be loopback):
#   CELLPLANE_PG_HOST [127.0.0.1]     CELLPLANE_PG_PORT [5432]
#   CELLPLANE_REDIS_HOST [127.0.0.1]  CELLPLANE_REDIS_PORT [6379]
#   CELLPLANE_SERVICES_INSTALL [1]    0: never run apt-get, only say what to run
set -euo pipefail

PG_HOST="${CELLPLANE_PG_HOST:-127.0.0.1}"
PG_PORT="${CELLPLANE_PG_PORT:-5432}"
REDIS_HOST="${CELLPLANE_REDIS_HOST:-127.0.0.1}"
REDIS_PORT="${CELLPLANE_REDIS_PORT:-6379}"
ALLOW_INSTALL="${CELLPLANE_SERVICES_INSTALL:-1}"
READY_TIMEOUT_S=20

say() { echo "ensure-services: $*"; }

fail() {
  echo "ensure-services: $*" >&2
  exit 1
}

require_loopback() {
  case "$1" in
    127.0.0.1 | localhost | ::1) ;;
    *) fail "$2 host '$1' is not loopback; this script only manages local services" ;;
  esac
}

require_port() {
  [[ "$1" =~ ^[0-9]+$ ]] && ((10#$1 >= 1 && 10#$1 <= 65535)) ||
    fail "$2 port '$1' is not a port number"
}

is_root() { [[ "$(id -u)" == 0 ]]; }

is_debian() { [[ -f /etc/debian_version ]] && command -v apt-get >/dev/null; }

# --- checks --------------------------------------------------------------

pg_answers() {
  if command -v pg_isready >/dev/null; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2
  else
    # Without the client tools, an open port is the best available sign.
    timeout 2 bash -c "exec 3<>/dev/tcp/$PG_HOST/$PG_PORT" 2>/dev/null
  fi
}

redis_answers() {
  if command -v redis-cli >/dev/null; then
    [[ "$(timeout 3 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]
  else
    timeout 2 bash -c "exec 3<>/dev/tcp/$REDIS_HOST/$REDIS_PORT
      printf 'PING\r\n' >&3
      IFS= read -r line <&3
      [[ \"\$line\" == +PONG* ]]" 2>/dev/null
  fi
}

wait_until() {
  local check="$1" name="$2" deadline=$((SECONDS + READY_TIMEOUT_S))
  until "$check"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
  say "$name answers"
}

apt_install() {
  local packages="$1" name="$2"
  if [[ "$ALLOW_INSTALL" != 1 ]]; then
    fail "$name is not installed; run: apt-get update && apt-get install -y $packages"
  fi
  if ! is_debian; then
    fail "$name is not installed and this is not Debian; install $packages with your package manager and start it on $3"
  fi
  if ! is_root; then
    fail "$name is not installed; run: sudo apt-get update && sudo apt-get install -y $packages   (then run this script again)"
  fi

  say "installing $packages with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $packages
}

# --- PostgreSQL ----------------------------------------------------------

# Prints "<version> <cluster> <status>" of the cluster configured for
# PG_PORT, if any.
pg_cluster_for_port() {
  command -v pg_lsclusters >/dev/null || return 0
  pg_lsclusters --no-header 2>/dev/null |
    awk -v port="$PG_PORT" '$3 == port { print $1, $2, $4; exit }'
}

start_pg_cluster() {
  local cluster version name status
  cluster="$(pg_cluster_for_port)"
  if [[ -z "$cluster" ]]; then
    return 1
  fi
  read -r version name status <<<"$cluster"

  local start="pg_ctlcluster --skip-systemctl-redirect $version $name start"
  if [[ "$status" == online* ]]; then
    fail "PostgreSQL $version/$name is online on port $PG_PORT but $PG_HOST does not answer; check listen_addresses in /etc/postgresql/$version/$name/postgresql.conf"
  fi
  if ! is_root && [[ "$(id -un)" != postgres ]]; then
    fail "PostgreSQL $version/$name is down; run: sudo $start"
  fi

  say "starting PostgreSQL $version/$name: $start"
  $start
}

ensure_postgres() {
  if pg_answers; then
    say "PostgreSQL answers on $PG_HOST:$PG_PORT"
    return
  fi
  say "PostgreSQL does not answer on $PG_HOST:$PG_PORT"

  if ! start_pg_cluster; then
    if command -v pg_ctlcluster >/dev/null; then
      fail "no PostgreSQL cluster is configured for port $PG_PORT; run: pg_lsclusters, then pg_createcluster <version> main --port $PG_PORT --start (as root)"
    fi
    apt_install postgresql PostgreSQL "$PG_HOST:$PG_PORT"
    # Debian creates and usually starts a cluster; in a container its
    # start is often blocked by policy-rc.d, so start it if needed.
    pg_answers || start_pg_cluster ||
      fail "PostgreSQL installed, but no cluster is configured for port $PG_PORT"
  fi

  wait_until pg_answers "PostgreSQL on $PG_HOST:$PG_PORT" ||
    fail "PostgreSQL did not answer on $PG_HOST:$PG_PORT within ${READY_TIMEOUT_S}s; see /var/log/postgresql/"
}

# --- Redis ---------------------------------------------------------------

start_redis() {
  # Not a system service: a cache and queue for the demo, so nothing is
  # persisted and nothing is written outside the process.
  local bind="$REDIS_HOST"
  [[ "$bind" == localhost ]] && bind=127.0.0.1
  say "starting redis-server on $bind:$REDIS_PORT (no persistence)"
  redis-server --daemonize yes --bind "$bind" --port "$REDIS_PORT" \
    --save "" --appendonly no
}

ensure_redis() {
  if redis_answers; then
    say "Redis answers on $REDIS_HOST:$REDIS_PORT"
    return
  fi
  say "Redis does not answer on $REDIS_HOST:$REDIS_PORT"

  if ! command -v redis-server >/dev/null; then
    apt_install redis-server Redis "$REDIS_HOST:$REDIS_PORT"
    # The package's own service listens on 6379; start one only if needed.
    if redis_answers; then
      say "Redis answers on $REDIS_HOST:$REDIS_PORT"
      return
    fi
  fi

  start_redis
  wait_until redis_answers "Redis on $REDIS_HOST:$REDIS_PORT" ||
    fail "Redis did not answer on $REDIS_HOST:$REDIS_PORT within ${READY_TIMEOUT_S}s"
}

require_loopback "$PG_HOST" PostgreSQL
require_loopback "$REDIS_HOST" Redis
require_port "$PG_PORT" PostgreSQL
require_port "$REDIS_PORT" Redis

ensure_postgres
ensure_redis
