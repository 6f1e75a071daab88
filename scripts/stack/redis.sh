# Redis from Debian, append-only so a crash loses nothing; noeviction because BullMQ needs it.
# shellcheck shell=bash

redis_up() {
  mkdir -p "$STACK_DIR/redis"
  cat >"$STACK_DIR/redis/redis.conf" <<CONF
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
daemonize no
dir $STACK_DIR/redis
appendonly yes
save ""
maxmemory-policy noeviction
CONF
  spawn redis "$REDIS_PORT" redis-server "$STACK_DIR/redis/redis.conf"
  await redis 30 redis_status
}

redis_status() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }
