#!/usr/bin/env bash
# Benchmark webhooks (issue: durable webhooks) against a fresh server and io.jindou.tools.WebhookSink (a receiver
# on one Vert.x event loop that answers 200 to everything) on port 18080 + BENCH_PORT_OFFSET. Two scenarios:
#   bash bench/webhooks.sh send [events] [send args]   # bench/send.sh's load with webhooks on; events: all (default),
#                                                      # off (no webhook_url) or a list such as msg.notify
#   bash bench/webhooks.sh drain [seconds]             # the receiver is down while sends run for that long (60),
#                                                      # then comes up: how long the backlog takes to drain
# Both print the server's CPU per send (from /proc, over the measured window) next to the load's figures.
# SERVER_JAVA_OPTS replaces the server's JVM options and SINK_JAVA_OPTS adds to the receiver's (a profiler agent).
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-send}; shift || true
sink_port=$((18080 + ${BENCH_PORT_OFFSET:-0}))
events=all
if [ "$scenario" = send ] && [ $# -gt 0 ] && [[ "$1" != --* ]]; then events=$1; shift; fi
if [ "$events" != off ]; then
  export JINDOU_WEBHOOK_URL=http://127.0.0.1:$sink_port/hook
  [ "$events" = all ] || export JINDOU_WEBHOOK_EVENTS=$events
fi
source bench/server.sh
start_server "-Xms1g -Xmx1g -XX:+UseParallelGC"
cpu() { awk '{print $14 + $15}' /proc/$server/stat; }  # clock ticks (100 per second) used so far
sink_cpu() { if [ -n "$sink" ]; then awk '{print $14 + $15}' /proc/$sink/stat; else echo 0; fi; }
sink=
stop_sink() {
  if [ -n "$sink" ]; then kill $sink 2>/dev/null || true; wait $sink 2>/dev/null || true; fi
  sink=
}
trap 'stop_sink; kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$data" "$data.log"' EXIT
start_sink() {
  java -Xmx256m ${SINK_JAVA_OPTS:-} -cp target/jindou.jar:target/jindou-bench.jar io.jindou.tools.WebhookSink --port $sink_port --every 3600 &
  sink=$!
}
load() { java -Xmx512m -cp target/jindou.jar:target/jindou-bench.jar io.jindou.tools.LoadTool send --url $BENCH_URL "$@"; }
status() { curl -s $BENCH_URL/webhook/status; }
if [ "$scenario" = send ]; then
  [ "$events" = off ] || start_sink
  out=$(mktemp)
  load "$@" > "$out" 2>&1 &
  tool=$!
  # the window is the load tool's measured phase (its warmup and setup are left out)
  until grep -q '\[measure\] started' "$out" || ! kill -0 $tool 2>/dev/null; do sleep 0.1; done
  c0=$(cpu); t0=$(date +%s.%N); s0=$(sink_cpu)
  wait $tool; c1=$(cpu); t1=$(date +%s.%N); s1=$(sink_cpu)
  cat "$out"
  n=$(sed -n 's|.*/message/send: \([0-9]*\) in.*|\1|p' "$out")
  awk -v c=$((c1 - c0)) -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN {printf "server CPU %.1f s over %.1f s: %.0f us per send (webhooks: '"$events"'; load %s)\n", c/100, b-a, c*10000/n, "'"$(cut -d' ' -f1-3 /proc/loadavg)"'"}'
  # the receiver runs on the same cores: what it takes is not the server's, but the sends/s pay for it
  [ -z "$sink" ] || awk -v c=$((s1 - s0)) -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN {printf "receiver CPU %.1f s over %.1f s (%.0f%% of a core): %.0f us per send\n", c/100, b-a, c*100/(b-a)/100, c*10000/n}'
  if [ "$events" != off ]; then # the work left when the sends stop is part of their cost: wait until it is done
    for _ in $(seq 1 300); do [ "$(status | sed -n 's/.*"lag":\([0-9]*\).*/\1/p')" = 0 ] && break; sleep 0.5; done
    sleep 1  # the last deliveries' records
    c2=$(cpu); t2=$(date +%s.%N)
    awk -v c=$((c2 - c0)) -v n="$n" -v a="$t1" -v b="$t2" 'BEGIN {printf "drained %.1f s after the sends: %.0f us per send with the drain\n", b-a, c*10000/n}'
    echo "webhook status: $(status)"
  fi
  rm -f "$out"
else
  seconds=${1:-60}
  load --duration "$seconds" --warmup 0
  echo "backlog: $(status)"
  c0=$(cpu); t0=$(date +%s.%N)
  start_sink
  while true; do
    s=$(status)
    left=$(echo "$s" | sed -n 's/.*"lag":\([0-9]*\).*/\1/p')
    [ "${left:-1}" = 0 ] && break
    sleep 1
  done
  c1=$(cpu); t1=$(date +%s.%N)
  echo "drained: $s"
  awk -v c=$((c1 - c0)) -v a="$t0" -v b="$t1" 'BEGIN {printf "backlog drained in %.1f s, server CPU %.1f s\n", b-a, c/100}'
fi
