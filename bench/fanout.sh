#!/usr/bin/env bash
# Benchmark fan-out (or idle connections): builds the jars, starts a fresh server (own data folder, ports
# 15001/15100/15200), runs FanoutLoad against it, stops the server. Extra arguments go to the tool, e.g.
#   bash bench/fanout.sh fanout --members 10000 --online 5000 --rate 30 --duration 30
#   bash bench/fanout.sh connections --online 50000 --sources 4 --duration 20
# connections also reports the server's RSS (VmRSS) idle and with the connections held, and the growth per
# connection of heap and RSS; SERVER_JAVA_OPTS="-Xms2g -Xmx2g -XX:+UseParallelGC -XX:+AlwaysPreTouch" makes the
# whole heap resident from the start, so that the RSS growth is the memory outside the heap (Netty, malloc, stacks).
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-fanout}; shift || true
ulimit -n 200000 2>/dev/null || true  # each connection needs a descriptor in both processes
source bench/server.sh
start_server "-Xms2g -Xmx2g -XX:+UseParallelGC"
used_heap() { # old + young generation in use after a full GC, in KiB
  jcmd $server GC.run >/dev/null 2>&1; sleep 1
  jcmd $server GC.heap_info 2>/dev/null | awk '/total/ && /used/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K,?","",v); s+=v}} END {print s}'
}
rss() { awk '/VmRSS/ {print $2}' /proc/$server/status; }
if [ "$scenario" = connections ]; then
  base=$(used_heap); rss0=$(rss)
  out=$(mktemp)
  java ${TOOL_JAVA_OPTS:--Xmx2g} -cp target/jindou.jar:target/jindou-bench.jar io.jindou.tools.FanoutLoad connections \
    --url $BENCH_URL --tcp-port $BENCH_TCP_PORT "$@" > "$out" 2>&1 &
  tool=$!
  until grep -q '^connected' "$out" || ! kill -0 $tool 2>/dev/null; do sleep 0.5; done
  held=$(used_heap); rss1=$(rss)
  n=$(awk '/^connected/ {print $2; exit}' "$out")
  [ -n "${HISTO:-}" ] && jcmd $server GC.class_histogram 2>/dev/null | head -${HISTO} > /tmp/jindou-histo.txt
  wait $tool || true
  cat "$out"; rm -f "$out"
  echo "server heap after full GC: idle ${base} KiB, with connections ${held} KiB"
  echo "server RSS: idle ${rss0} KiB, with connections ${rss1} KiB"
  per=$(( ${n:-0} > 0 ? n : 1 ))
  echo "per connection ($n held): heap $(( (held - base) * 1024 / per )) B, RSS $(( (rss1 - rss0) * 1024 / per )) B"
else
  java ${TOOL_JAVA_OPTS:--Xmx2g} -cp target/jindou.jar:target/jindou-bench.jar io.jindou.tools.FanoutLoad "$scenario" \
    --url $BENCH_URL --tcp-port $BENCH_TCP_PORT "$@"
fi
