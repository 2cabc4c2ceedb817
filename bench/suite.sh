#!/usr/bin/env bash
# The load and reliability suite against a fresh server: builds the jars, starts the server (own data folder,
# ports 15001/15100), runs one scenario of io.jindou.tools.Suite, stops the server. Examples:
#   bash bench/suite.sh send --rate 20000 --scale 1
#   bash bench/suite.sh receive --rate 20
#   bash bench/suite.sh mixed --rate 3000 --scale 0.5
#   bash bench/suite.sh reliability --messages 20000 --rate 2000 --scale 0.5
#   bash bench/suite.sh soak --minutes 30 --rate 1500 --scale 0.5
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:?scenario: send, receive, mixed, reliability or soak}; shift
source bench/server.sh
start_server "-Xms2g -Xmx2g -XX:+UseParallelGC"
java ${TOOL_JAVA_OPTS:--Xmx2g} -cp target/jindou.jar:target/jindou-bench.jar io.jindou.tools.Suite "$scenario" \
  --url $BENCH_URL --tcp-port $BENCH_TCP_PORT "$@"
