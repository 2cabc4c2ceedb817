#!/usr/bin/env bash
# Runs one LoadTool scenario (send or conversations) against a fresh server: builds the jar, starts a fresh server (own data folder, port 15001),
# runs the load tool against it, stops the server. The first argument is the scenario, the rest go to the tool:
#   bash bench/load.sh conversations --conversations 1000 --recent 20 --msg-count 20 --page-size 20
set -euo pipefail
scenario=${1:?scenario: send or conversations}; shift
cd "$(dirname "$0")/.."
[ -f target/jindou.jar ] || mvn -B -q -DskipTests package
data=$(mktemp -d /tmp/jindou-bench.XXXXXX)
JINDOU_HTTP_PORT=15001 JINDOU_TCP_PORT=15100 JINDOU_WS_PORT=15200 JINDOU_DATA_DIR="$data" \
  java ${SERVER_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC} -jar target/jindou.jar > "$data.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data" "$data.log"' EXIT
for _ in $(seq 1 100); do
  curl -fs http://127.0.0.1:15001/readyz >/dev/null 2>&1 && break
  sleep 0.2
done
java -Xmx512m -cp target/jindou.jar io.jindou.tools.LoadTool "$scenario" --url http://127.0.0.1:15001 "$@"
