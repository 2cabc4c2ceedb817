#!/usr/bin/env bash
# Benchmark stream messages (issue 16): builds the jars, starts a fresh server (own data folder, ports
# 15001/15100/15200), runs StreamLoad against it, stops the server. Extra arguments go to the tool, e.g.
#   bash bench/streams.sh --streams 100 --rate 50 --members 100 --online 10 --duration 30
#   bash bench/streams.sh --streams 400 --rate 20      # raise --streams to find the most one node sustains
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/server.sh
start_server "-Xms2g -Xmx2g -XX:+UseParallelGC"
java ${TOOL_JAVA_OPTS:--Xmx2g} -cp target/jindou.jar:target/jindou-bench.jar io.jindou.tools.StreamLoad \
  --url $BENCH_URL --tcp-port $BENCH_TCP_PORT --server-pid $server "$@"
