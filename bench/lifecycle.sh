#!/usr/bin/env bash
# Benchmark the message lifecycle (issue 20): builds the jars, starts a fresh server (own data folder, ports
# 15001/15100/15200 plus BENCH_PORT_OFFSET) with retention ticking every second, runs one LifecycleLoad scenario
# against it (the tool samples the server's CPU time from /proc), stops the server. Extra arguments go to the tool:
#   bash bench/lifecycle.sh --scenario mutations --messages 30000 --channels 16
#   bash bench/lifecycle.sh --scenario extrasync --messages 100000 --changed 10000
#   bash bench/lifecycle.sh --scenario receipts --members 100000 --rate 1000 --duration 30
#   bash bench/lifecycle.sh --scenario retention --messages 1000000 --channels 1000 --duration 20
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/server.sh
export JINDOU_RETENTION_INTERVAL_SECONDS=${JINDOU_RETENTION_INTERVAL_SECONDS:-1}
start_server "-Xms2g -Xmx2g -XX:+UseParallelGC"
java ${TOOL_JAVA_OPTS:--Xmx1g} -cp target/jindou.jar:target/jindou-bench.jar io.jindou.tools.LifecycleLoad \
  --url $BENCH_URL --server-pid "$server" "$@" || status=$?
# what retention did, from the server's log: how many clears, the first and the last
if grep -q "retention cleared" "$data.log"; then
  echo "retention clears in the server log: $(grep -c "retention cleared" "$data.log"), first and last:"
  grep "retention cleared" "$data.log" | sed -n '1p;$p'
fi
exit ${status:-0}
