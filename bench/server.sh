# Sourced by the bench scripts (not run on its own). start_server builds the jars if needed, starts a fresh
# single node on ports 15001 (HTTP), 15100 (TCP) and 15200 (WebSocket), each plus BENCH_PORT_OFFSET, with its own data folder, waits until
# it is ready (with -XX:ThreadPriorityPolicy=1, as README starts it), and arranges for the node to be stopped and the folder removed when the calling script exits.
#   start_server "-Xms1g -Xmx1g -XX:+UseParallelGC"    # default JVM options; SERVER_JAVA_OPTS overrides them
# BENCH_PORT_OFFSET (default 0) moves all three ports, so that two benchmarks can run side by side.
BENCH_HTTP_PORT=$((15001 + ${BENCH_PORT_OFFSET:-0}))
BENCH_TCP_PORT=$((15100 + ${BENCH_PORT_OFFSET:-0}))
BENCH_WS_PORT=$((15200 + ${BENCH_PORT_OFFSET:-0}))
BENCH_URL=http://127.0.0.1:$BENCH_HTTP_PORT
start_server() {
  # the server jar, and jindou-bench.jar with the load tools, which the scripts run next to it
  [ -f target/jindou.jar ] && [ -f target/jindou-bench.jar ] || mvn -B -q -DskipTests package
  # a server from an earlier run that is still shutting down would answer /readyz in place of ours
  for _ in $(seq 1 150); do
    curl -s -o /dev/null $BENCH_URL/readyz 2>/dev/null || break
    sleep 0.2
  done
  if curl -s -o /dev/null $BENCH_URL/readyz 2>/dev/null; then
    echo "port $BENCH_HTTP_PORT is still in use by another process; stop it first" >&2
    return 1
  fi
  data=$(mktemp -d /tmp/jindou-bench.XXXXXX)
  # shellcheck disable=SC2086  # the options are a list of words
  # the load tools open tens of thousands of connections from a few loopback addresses: no per-address cap
  JINDOU_HTTP_PORT=$BENCH_HTTP_PORT JINDOU_TCP_PORT=$BENCH_TCP_PORT JINDOU_WS_PORT=$BENCH_WS_PORT JINDOU_DATA_DIR="$data" JINDOU_MAX_CONNECTIONS_PER_IP=0 \
    java ${SERVER_JAVA_OPTS:-$1} -XX:ThreadPriorityPolicy=1 -jar target/jindou.jar > "$data.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$data" "$data.log"' EXIT
  for _ in $(seq 1 100); do
    if curl -fs $BENCH_URL/readyz >/dev/null 2>&1; then
      kill -0 $server 2>/dev/null && return 0
      break  # something else answered and our node is gone
    fi
    sleep 0.2
  done
  echo "the server did not become ready; its log:" >&2
  cat "$data.log" >&2
  return 1
}
