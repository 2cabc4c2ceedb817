#!/usr/bin/env bash
# Memory held by hostile unauthenticated connections (SECURITY.md): builds the jars, starts a fresh server (ports
# 15001/15100/15200, auth timeout and frame deadline raised to 120 s so that nothing is closed during the
# measurement), reads its heap after a full GC and its RSS, opens and holds the connections with PreAuthFlood,
# reads them again, and stops everything. Heap = the live bytes of the class histogram (HISTO=/tmp/h keeps the
# histograms as /tmp/h.before and /tmp/h.held). Arguments: MODE N CLAIM SEND, e.g.
#   bash bench/preauth.sh tcp-small 2000 4000 3000     # CONNECT claiming 4000 bytes, 3000 of them sent
#   bash bench/preauth.sh ws-big 2000 1400000 65536    # WebSocket frame claiming 1.4 MB, 64 KiB sent
#   bash bench/preauth.sh ws-idle 2000 0 0             # upgrade, then nothing
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-tcp-small}; n=${2:-2000}; claim=${3:-4000}; send=${4:-3000}
ulimit -n 200000 2>/dev/null || true
export JINDOU_AUTH_TIMEOUT_MS=120000 JINDOU_FRAME_DEADLINE_MS=120000
source bench/server.sh
start_server "-Xms1g -Xmx1g -XX:+UseParallelGC"
used_heap() { # live objects after a full GC, in KiB: the total of the class histogram (GC.class_histogram runs a
  # full GC first); HISTO=/tmp/h keeps the histogram as /tmp/h.$1
  local h; h=$(jcmd $server GC.class_histogram 2>/dev/null)
  [ -n "${HISTO:-}" ] && echo "$h" > "$HISTO.$1"
  echo "$h" | awk '/^Total/ {print int($3 / 1024)}'
}
rss() { awk '/VmRSS/ {print $2}' /proc/$server/status; }
h0=$(used_heap before); r0=$(rss)
out=$(mktemp)
java -Xmx1g -cp target/jindou.jar:target/jindou-bench.jar io.jindou.tools.PreAuthFlood --tcp-port $BENCH_TCP_PORT \
  --ws-port $BENCH_WS_PORT --mode "$mode" --connections "$n" --claim "$claim" --send "$send" --sources 4 --hold 60 \
  --settle 1000 > "$out" 2>&1 &
tool=$!
until grep -q '^held' "$out" || ! kill -0 $tool 2>/dev/null; do sleep 0.3; done
h1=$(used_heap held); r1=$(rss)
varz=$(curl -s $BENCH_URL/varz | sed -n 's/.*"connections":\([0-9]*\).*/\1/p')
held=$(awk '/^held/ {print $2}' "$out")
cat "$out"; kill $tool 2>/dev/null || true; wait $tool 2>/dev/null || true; rm -f "$out"
per=$(( held > 0 ? held : 1 ))
echo "$mode n=$n claim=$claim send=$send: held $held, /varz connections $varz; heap ${h0} -> ${h1} KiB" \
  "($(( (h1 - h0) * 1024 / per )) B per held connection); RSS ${r0} -> ${r1} KiB ($(( (r1 - r0) * 1024 / per )) B per held connection)"
