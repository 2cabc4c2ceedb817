#!/usr/bin/env bash
# The load and reliability suite against a fresh server: builds the jar, starts the server (own data folder,
# ports 15001/15100), runs one scenario of io.jindou.tools.Suite, stops the server. Examples:
#   bash bench/suite.sh send --rate 20000 --scale 1
#   bash bench/suite.sh receive --rate 20
#   bash bench/suite.sh mixed --rate 3000 --scale 0.5
#   bash bench/suite.sh reliability --messages 20000 --rate 2000 --scale 0.5
#   bash bench/suite.sh soak --minutes 30 --rate 1500 --scale 0.5
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:?scenario: send, receive, mixed, reliability or soak}; shift
[ -f target/jindou.jar ] || mvn -B -q -DskipTests package
data=$(mktemp -d /tmp/jindou-suite.XXXXXX)
JINDOU_HTTP_PORT=15001 JINDOU_TCP_PORT=15100 JINDOU_WS_PORT=15200 JINDOU_DATA_DIR="$data" \
  java ${SERVER_JAVA_OPTS:--Xms2g -Xmx2g -XX:+UseParallelGC} -jar target/jindou.jar > "$data.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data" "$data.log"' EXIT
for _ in $(seq 1 100); do
  curl -fs http://127.0.0.1:15001/readyz >/dev/null 2>&1 && break
  sleep 0.2
done
java ${TOOL_JAVA_OPTS:--Xmx2g} -cp target/jindou.jar io.jindou.tools.Suite "$scenario" \
  --url http://127.0.0.1:15001 --tcp-port 15100 "$@"
