#!/usr/bin/env bash
# Starts and stops the real engines the tests run against, on free loopback ports, in a
# directory of their own: scripts/test-services.sh start|stop DIR SERVICE...
# `pause` stops a service keeping its data and port, `resume` starts it again on them (the
# outage tests). SERVICE: postgres, redis, s3 (the npm package s3rver, installed in tests/s3rver by
# scripts/install-deps.sh; credentials S3RVER/S3RVER). Each writes DIR/<service>.url (the URL the tests read) and is stopped,
# and its directory removed, by `stop` (ctest runs it as a cleanup fixture, also after a
# failed test). PostgreSQL refuses to run as root: as root it runs as the user `nobody`.
set -euo pipefail
action=${1:?start|stop}
dir=${2:?directory}
shift 2
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

# Stops the process whose pid `$1` holds, waiting up to 5 s for it to be gone.
stop_pidfile() {
  [ -f "$1" ] || return 0
  local pid
  pid=$(cat "$1")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
}

# Runs the command until it succeeds, 10 s at most.
wait_for() {
  for _ in $(seq 1 100); do "$@" && return 0; sleep 0.1; done
  return 1
}

redis_answers() { redis-cli -p "$1" ping 2>/dev/null | grep -q PONG; }

port_open() {
  python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1',$1)))" 2>/dev/null
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] || { echo "test-services: PostgreSQL server not installed (scripts/install-deps.sh)" >&2; exit 1; }
  echo "$d"
}

as_owner() {  # runs a command as the owner of the PostgreSQL directory
  if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

# PostgreSQL's files live under /tmp: the user it runs as (nobody, under root) must reach
# them, which a checkout under a private home would not allow. $dir/postgres.datadir says where.
pg_data() { cat "$dir/postgres.datadir" 2>/dev/null || true; }

run_postgres() {
  local data
  data=$(pg_data)
  as_owner "$(pg_bin)/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 \
    -o "-p $1 -k $data -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null \
    || { cat "$data/server.log" >&2; exit 1; }
}

pause_postgres() {
  as_owner "$(pg_bin)/pg_ctl" -D "$(pg_data)/db" -m fast -w stop >/dev/null
}

resume_postgres() {
  run_postgres "$(cat "$dir/postgres.port")"
}

start_postgres() {
  local bin port data
  bin=$(pg_bin)
  stop_postgres
  data=$(mktemp -d /tmp/notaria-postgres.XXXXXX)
  echo "$data" > "$dir/postgres.datadir"
  if [ "$(id -u)" -eq 0 ]; then chown nobody "$data"; fi
  chmod 700 "$data"
  as_owner "$bin/initdb" -D "$data/db" -U notaria -A trust -E UTF8 --locale=C.UTF-8 >"$dir/postgres-initdb.log" 2>&1 \
    || { cat "$dir/postgres-initdb.log" >&2; exit 1; }
  port=$(free_port)
  echo "$port" > "$dir/postgres.port"
  run_postgres "$port"
  echo "postgresql://notaria@127.0.0.1:$port" > "$dir/postgres.url"
  echo "test-services: PostgreSQL on 127.0.0.1:$port ($data)"
}

stop_postgres() {
  local data
  data=$(pg_data)
  if [ -n "$data" ] && [ -f "$data/db/postmaster.pid" ]; then
    as_owner "$(pg_bin)/pg_ctl" -D "$data/db" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  [ -n "$data" ] && rm -rf "$data"
  rm -f "$dir/postgres.url" "$dir/postgres.port" "$dir/postgres.datadir"
}

run_redis() {
  # Appended to disk at every write, like a production queue: a restart loses no job.
  redis-server --port "$1" --bind 127.0.0.1 --dir "$dir/redis" --save '' --appendonly yes \
    --appendfsync always --daemonize yes --pidfile "$dir/redis/redis.pid" \
    --logfile "$dir/redis/redis.log"
}

pause_redis() { stop_pidfile "$dir/redis/redis.pid"; }

resume_redis() {
  local port
  port=$(cat "$dir/redis/port")
  run_redis "$port"
  wait_for redis_answers "$port"
}

start_redis() {
  local port data
  command -v redis-server >/dev/null || { echo "test-services: redis-server not installed (scripts/install-deps.sh)" >&2; exit 1; }
  stop_redis
  data="$dir/redis"
  mkdir -p "$data"
  port=$(free_port)
  # A fresh directory: each run starts empty.
  echo "$port" > "$data/port"
  run_redis "$port"
  wait_for redis_answers "$port" || { cat "$data/redis.log" >&2; exit 1; }
  echo "redis://127.0.0.1:$port" > "$dir/redis.url"
  echo "test-services: Redis on 127.0.0.1:$port ($data)"
}

stop_redis() {
  stop_pidfile "$dir/redis/redis.pid"
  rm -rf "$dir/redis" "$dir/redis.url"
}

start_s3() {
  local port data root
  root="$(cd "$(dirname "$0")/.." && pwd)/tests/s3rver"
  [ -x "$root/node_modules/.bin/s3rver" ] || { echo "test-services: s3rver not installed (scripts/install-deps.sh)" >&2; exit 1; }
  stop_s3
  data="$dir/s3"
  mkdir -p "$data/objects"
  port=$(free_port)
  # s3rver checks Signature V4 with its fixed credentials S3RVER/S3RVER.
  nohup node "$root/node_modules/.bin/s3rver" -d "$data/objects" -a 127.0.0.1 -p "$port" \
    --no-vhost-buckets >"$data/s3rver.log" 2>&1 &
  echo $! > "$data/s3rver.pid"
  wait_for port_open "$port" || { cat "$data/s3rver.log" >&2; exit 1; }
  echo "127.0.0.1:$port" > "$dir/s3.endpoint"
  echo "test-services: S3 (s3rver) on 127.0.0.1:$port ($data)"
}

stop_s3() {
  stop_pidfile "$dir/s3/s3rver.pid"
  rm -rf "$dir/s3" "$dir/s3.endpoint"
}

for service in "$@"; do
  case "$action:$service" in
    start:postgres) start_postgres ;;
    stop:postgres) stop_postgres ;;
    pause:postgres) pause_postgres ;;
    resume:postgres) resume_postgres ;;
    pause:redis) pause_redis ;;
    resume:redis) resume_redis ;;
    start:redis) start_redis ;;
    stop:redis) stop_redis ;;
    start:s3) start_s3 ;;
    stop:s3) stop_s3 ;;
    *) echo "test-services: unknown '$action $service'" >&2; exit 2 ;;
  esac
done
