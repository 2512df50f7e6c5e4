#!/usr/bin/env bash
# Runs Redis 7.0.15's own test suite (external-server mode) against the
# engine's RESP server, one fresh server per test file, and summarises the
# results per file. The suite is not part of this repository: point
# REDIS_SRC at a checkout of Redis 7.0.15 (tclsh 8.5+ must be installed).
#
#   REDIS_SRC=/tmp/redis-7.0.15 test/redis-suite/run.sh                 # the default files
#   REDIS_SRC=/tmp/redis-7.0.15 test/redis-suite/run.sh unit/type/incr  # some files
#
# Options (environment): SUITE_TIMEOUT (seconds per file, default 900),
# SUITE_LOGS (directory for the logs, default /tmp/redis-suite-logs),
# SUITE_TAGS (the --tags filter), SUITE_BASEPORT (the harness's --baseport,
# default 21111; its own client port is 32 below: give parallel runs their own),
# SUITE_SERVER=redis-server to run the same files against a fresh redis-server
# instead (the reference numbers).
set -u

if [ -z "${REDIS_SRC:-}" ] || [ ! -x "$REDIS_SRC/runtest" ]; then
  echo "Set REDIS_SRC to a Redis 7.0.15 source checkout (it must contain ./runtest)." >&2
  exit 2
fi
if ! command -v tclsh8.6 >/dev/null && ! command -v tclsh8.5 >/dev/null && ! command -v tclsh8.7 >/dev/null; then
  echo "tclsh 8.5+ is required (apt-get install -y tcl)." >&2
  exit 2
fi

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
LOGS="${SUITE_LOGS:-/tmp/redis-suite-logs}"
TIMEOUT="${SUITE_TIMEOUT:-900}"
TAGS="${SUITE_TAGS:--needs:debug -needs:repl -needs:save -needs:config-maxmemory -needs:reset -needs:config-resetstat -needs:pfdebug}"
mkdir -p "$LOGS"

# `all`: every file of tests/unit and tests/unit/type an external server can run
# (not tls, cluster, moduleapi, nor the files whose tests start their own servers).
ALL_UNITS=(
  unit/acl unit/acl-v2 unit/auth unit/bitfield unit/bitops unit/dump unit/expire unit/functions unit/geo
  unit/hyperloglog unit/info unit/info-command unit/introspection unit/introspection-2 unit/keyspace
  unit/latency-monitor unit/limits unit/maxmemory unit/multi unit/other unit/protocol unit/pubsub
  unit/pubsubshard unit/querybuf unit/quit unit/scan unit/scripting unit/slowlog unit/sort unit/tracking
  unit/type/hash unit/type/incr unit/type/list unit/type/list-2 unit/type/list-3 unit/type/set
  unit/type/stream unit/type/stream-cgroups unit/type/string unit/type/zset
)
if [ "${1:-}" = all ]; then
  UNITS=("${ALL_UNITS[@]}")
elif [ "$#" -gt 0 ]; then
  UNITS=("$@")
else
  UNITS=(unit/type/incr unit/type/string unit/type/list unit/type/set unit/type/zset unit/type/hash unit/expire unit/keyspace)
fi

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    # The server runs in its own process group (setsid): stop that group only.
    kill -TERM -- "-$SERVER_PID" 2>/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.3
    done
    kill -KILL -- "-$SERVER_PID" 2>/dev/null
    SERVER_PID=""
  fi
}
trap stop_server EXIT INT TERM

TSX="$ROOT/node_modules/.bin/tsx"
printf '%-22s %7s %7s %7s %9s %s\n' FILE PASSED FAILED SKIPPED TIME RESULT
TOTAL_OK=0
TOTAL_ERR=0
for unit in "${UNITS[@]}"; do
  name="${unit//\//_}"
  port="$(free_port)"
  if [ "${SUITE_SERVER:-}" = redis-server ]; then
    setsid redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$LOGS" \
      --dbfilename "$name.rdb" >"$LOGS/$name.server.log" 2>&1 &
    READY_TEXT="Ready to accept connections"
  else
    setsid "$TSX" "$ROOT/server/resp-server.ts" --port "$port" >"$LOGS/$name.server.log" 2>&1 &
    READY_TEXT="ready on"
  fi
  SERVER_PID=$!
  ready=0
  for _ in $(seq 1 200); do
    if grep -q "$READY_TEXT" "$LOGS/$name.server.log" 2>/dev/null; then ready=1; break; fi
    sleep 0.1
  done
  if [ "$ready" != 1 ]; then
    printf '%-22s %s\n' "$unit" "server did not start (see $LOGS/$name.server.log)"
    stop_server
    continue
  fi
  start=$(date +%s)
  (cd "$REDIS_SRC" && timeout "$TIMEOUT" ./runtest --host 127.0.0.1 --port "$port" --ignore-encoding --durable \
    --tags "$TAGS" --single "$unit" --timeout "$TIMEOUT" ${SUITE_BASEPORT:+--baseport "$SUITE_BASEPORT"}) >"$LOGS/$name.log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  stop_server
  # Strip colours, then count the per-test result lines.
  sed -i 's/\x1b\[[0-9;]*m//g' "$LOGS/$name.log"
  ok=$(grep -c '^\[ok\]:' "$LOGS/$name.log")
  err=$(grep -cE '^\[(err|exception)\]:' "$LOGS/$name.log")
  skip=$(grep -cE '^\[(skip|ignore)\]:' "$LOGS/$name.log")
  result="ok"
  [ "$rc" = 124 ] && result="TIMED OUT"
  [ "$rc" != 0 ] && [ "$rc" != 124 ] && result="exit $rc"
  printf '%-22s %7s %7s %7s %8ss %s\n' "$unit" "$ok" "$err" "$skip" "$secs" "$result"
  TOTAL_OK=$((TOTAL_OK + ok))
  TOTAL_ERR=$((TOTAL_ERR + err))
done
printf '%-22s %7s %7s\n' TOTAL "$TOTAL_OK" "$TOTAL_ERR"
echo "Logs: $LOGS (failures: grep -A3 '^\[err\]' $LOGS/*.log)"
[ "$TOTAL_ERR" = 0 ]
