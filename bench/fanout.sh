#!/usr/bin/env bash
# Benchmark fan-out (or idle connections): builds the jars, starts a fresh server (own data folder, ports
# 15001/15100/15200), runs FanoutLoad against it, stops the server. Extra arguments go to the tool, e.g.
#   bash bench/fanout.sh fanout --members 10000 --online 5000 --rate 30 --duration 30
#   bash bench/fanout.sh connections --online 50000 --sources 4 --duration 20
# connections also reports the server's RSS (VmRSS) idle and with the connections held, and the growth per
# connection of heap and RSS; SERVER_JAVA_OPTS="-Xms2g -Xmx2g -XX:+UseParallelGC -XX:+AlwaysPreTouch" makes the
# whole heap resident from the start, so that the RSS growth is the memory outside the heap (Netty, malloc, stacks).
# The heap figures are the live bytes of the class histogram (HISTO=/tmp/h keeps them: /tmp/h.before, .held, .after).
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-fanout}; shift || true
ulimit -n 200000 2>/dev/null || true  # each connection needs a descriptor in both processes
source bench/server.sh
start_server "-Xms2g -Xmx2g -XX:+UseParallelGC"
used_heap() { # live objects after a full GC, in KiB: the total of the class histogram (GC.class_histogram runs a
  # full GC first; GC.heap_info's "used" after GC.run varied by 10-15 MB between identical runs); HISTO=/tmp/h
  # keeps the histogram as /tmp/h.$1
  local h; h=$(jcmd $server GC.class_histogram 2>/dev/null)
  [ -n "${HISTO:-}" ] && echo "$h" > "$HISTO.$1"
  echo "$h" | awk '/^Total/ {print int($3 / 1024)}'
}
rss() { awk '/VmRSS/ {print $2}' /proc/$server/status; }
if [ "$scenario" = connections ]; then
  base=$(used_heap before); rss0=$(rss)
  out=$(mktemp)
  java ${TOOL_JAVA_OPTS:--Xmx2g} -cp target/jindou.jar:target/jindou-bench.jar io.jindou.tools.FanoutLoad connections \
    --url $BENCH_URL --tcp-port $BENCH_TCP_PORT "$@" > "$out" 2>&1 &
  tool=$!
  until grep -q '^connected' "$out" || ! kill -0 $tool 2>/dev/null; do sleep 0.5; done
  held=$(used_heap held); rss1=$(rss); threads=$(ls /proc/$server/task | wc -l); fds=$(ls /proc/$server/fd | wc -l)
  n=$(awk '/^connected/ {print $2; exit}' "$out")
  wait $tool || true
  sleep 2; after=$(used_heap after); rss2=$(rss)  # the connections closed: what the server keeps without them
  cat "$out"; rm -f "$out"
  echo "server heap after full GC: idle ${base} KiB, with connections ${held} KiB, after they closed ${after} KiB"
  echo "server RSS: idle ${rss0} KiB, with connections ${rss1} KiB, after they closed ${rss2} KiB;" \
    "with connections ${threads} threads, ${fds} descriptors"
  per=$(( ${n:-0} > 0 ? n : 1 ))
  echo "per connection ($n held): heap $(( (held - base) * 1024 / per )) B from idle," \
    "$(( (held - after) * 1024 / per )) B from after; RSS $(( (rss1 - rss0) * 1024 / per )) B from idle"
else
  java ${TOOL_JAVA_OPTS:--Xmx2g} -cp target/jindou.jar:target/jindou-bench.jar io.jindou.tools.FanoutLoad "$scenario" \
    --url $BENCH_URL --tcp-port $BENCH_TCP_PORT "$@"
fi
