#!/usr/bin/env bash
# Webhooks off against msg.notify (issue: durable webhooks) with less exposure to a host whose speed drifts: two
# fresh servers side by side, A without webhooks and B posting msg.notify to io.jindou.tools.WebhookSink, each warmed
# with 90 s of bench/send.sh's load, then short measured slices of that load alternating between them (A,B then B,A,
# ...), so that the two halves of a couple run seconds apart instead of minutes. The idle server of a slice costs
# next to nothing. Ports 15001/15100/15200 (A), 16001/16100/16200 (B) and 18080 (the receiver).
#   bash bench/webhooks-ab.sh [couples] [slice seconds]     # defaults: 20 couples of 20 s (about 25 minutes)
# With B_JAR=<another build's jindou.jar>, both servers post msg.notify and B runs that jar: the effect of a change
# on the webhook path, with the same exposure to the host (BENCHMARKS.md, "knocking pieces out").
# Prints one line per slice (sends/s, the server's CPU per send over the slice from /proc, send p99) and the means.
set -euo pipefail
cd "$(dirname "$0")/.."
couples=${1:-20}; seconds=${2:-20}
[ -f target/jindou.jar ] && [ -f target/jindou-bench.jar ] || mvn -B -q -DskipTests package
cp=target/jindou.jar:target/jindou-bench.jar
pids=(); dirs=()
cleanup() {
  [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  for d in "${dirs[@]}"; do rm -rf "$d" "$d.log"; done
}
trap cleanup EXIT
b_jar=${B_JAR:-target/jindou.jar}
[ -f "$b_jar" ] || { echo "B_JAR=$b_jar: no such file" >&2; exit 1; }
if [ -n "${B_JAR:-}" ]; then a_mode=hook; a_name=msg.notify; b_name="msg.notify, $b_jar"; else a_mode=off; a_name=off
  b_name=msg.notify; fi
start() { # $1: port offset, $2: hook or off, $3: jar; sets $last
  local d extra=()
  d=$(mktemp -d /tmp/jindou-ab.XXXXXX); dirs+=("$d")
  [ "$2" = hook ] && extra=(JINDOU_WEBHOOK_URL=http://127.0.0.1:18080/hook JINDOU_WEBHOOK_EVENTS=msg.notify)
  env JINDOU_HTTP_PORT=$((15001 + $1)) JINDOU_TCP_PORT=$((15100 + $1)) JINDOU_WS_PORT=$((15200 + $1)) \
    JINDOU_DATA_DIR="$d" JINDOU_MAX_CONNECTIONS_PER_IP=0 "${extra[@]}" \
    java -Xms1g -Xmx1g -XX:+UseParallelGC -XX:ThreadPriorityPolicy=1 -jar "$3" > "$d.log" 2>&1 &
  pids+=($!); last=$!
}
java -Xmx256m -cp $cp io.jindou.tools.WebhookSink --port 18080 --every 3600 > /dev/null 2>&1 &
pids+=($!)
start 0 $a_mode target/jindou.jar; a=$last
start 1000 hook "$b_jar"; b=$last
for port in 15001 16001; do
  for _ in $(seq 1 150); do curl -fs http://127.0.0.1:$port/readyz > /dev/null 2>&1 && break; sleep 0.2; done
  curl -fs http://127.0.0.1:$port/readyz > /dev/null || { echo "the server on $port did not become ready" >&2; exit 1; }
done
cpu() { awk '{print $14 + $15}' /proc/$1/stat; }  # clock ticks (100 per second) used so far
results=$(mktemp); dirs+=("$results")
slice() { # $1 tag, $2 port, $3 server pid, $4 warmup s, $5 measured s
  local out t c0 c1 n
  out=$(mktemp)
  java -Xmx512m -cp $cp io.jindou.tools.LoadTool send --url http://127.0.0.1:$2 --warmup $4 --duration $5 > "$out" 2>&1 &
  t=$!
  until grep -q '\[measure\] started' "$out" || ! kill -0 $t 2>/dev/null; do sleep 0.1; done
  c0=$(cpu $3); wait $t; c1=$(cpu $3)
  n=$(sed -n 's|.*/message/send: \([0-9]*\) in.*|\1|p' "$out")
  echo "$1 $(date +%H:%M:%S) $(sed -n 's|.*/message/send: .* = \([0-9]*\)/s.*|\1|p' "$out") sends/s" \
    "$(( (c1 - c0) * 10000 / n )) us/send $(grep -o 'p99 [0-9.]*' "$out" | tail -1) ms"
  rm -f "$out"
}
slice warmA 15001 $a 90 5 > /dev/null
slice warmB 16001 $b 90 5 > /dev/null
for i in $(seq 1 "$couples"); do
  if [ $((i % 2)) = 1 ]; then order="A B"; else order="B A"; fi
  for s in $order; do
    if [ $s = A ]; then slice A$i 15001 $a 5 "$seconds"; else slice B$i 16001 $b 5 "$seconds"; fi
  done
done | tee "$results"
echo "webhook status (B): $(curl -s http://127.0.0.1:16001/webhook/status)"
awk -v an="$a_name" -v bn="$b_name" '{n[substr($1,1,1)]++; s[substr($1,1,1)] += $3; c[substr($1,1,1)] += $5}
  END {printf "A (%s): %.0f sends/s, %.1f us/send; B (%s): %.0f sends/s, %.1f us/send; B against A %+.1f %%\n",
       an, s["A"]/n["A"], c["A"]/n["A"], bn, s["B"]/n["B"], c["B"]/n["B"], (s["B"]/n["B"]) / (s["A"]/n["A"]) * 100 - 100}' "$results"
awk '{i = substr($1, 2) + 0; if (substr($1, 1, 1) == "A") a[i] = $3; else b[i] = $3}
  END {for (i in a) if (i in b) {r = b[i] / a[i] * 100 - 100; n++; s += r; q += r * r}
       if (n > 1) printf "couples: %d, B against A %+.1f %% on average, standard error %.1f points\n", n, s / n,
         sqrt((q - s * s / n) / (n - 1) / n)}' "$results"
