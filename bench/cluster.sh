#!/usr/bin/env bash
# The send or fan-out benchmark on a three-node cluster on this machine (informational: three JVMs, Redis
# and the load tool share the cores). Starts a private redis-server (append-only, fsync always) and three
# nodes from the jar, drives node 1's HTTP API with the load tool (target/jindou-bench.jar), then stops everything.
#   bash bench/cluster.sh --duration 20 --concurrency 48 --connections 48          (send)
#   bash bench/cluster.sh fanout --members 10000 --online 3000 --rate 10          (clients on all 3 nodes)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/jindou.jar ] && [ -f target/jindou-bench.jar ] || mvn -B -q -DskipTests package
dir=$(mktemp -d /tmp/jindou-cluster-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
redis-server --port 16379 --bind 127.0.0.1 --save "" --appendonly yes --appendfsync always --dir "$dir" \
  > "$dir/redis.log" 2>&1 &
pids+=($!)
for i in 1 2 3; do
  JINDOU_CLUSTER=on JINDOU_NODE_ID=$i JINDOU_REDIS_URL=redis://127.0.0.1:16379 \
  JINDOU_CLUSTER_PORT=$((15700+i)) JINDOU_CLUSTER_MEMBERS=127.0.0.1:15701,127.0.0.1:15702,127.0.0.1:15703 \
  JINDOU_HTTP_PORT=$((15000+i)) JINDOU_TCP_PORT=$((15100+i)) JINDOU_WS_PORT=$((15200+i)) \
    java -Xms512m -Xmx512m -XX:+UseParallelGC -jar target/jindou.jar > "$dir/node$i.log" 2>&1 &
  pids+=($!)
done
for i in 1 2 3; do
  for _ in $(seq 1 300); do curl -fs http://127.0.0.1:$((15000+i))/readyz >/dev/null 2>&1 && break; sleep 0.2; done
  if ! curl -fs http://127.0.0.1:$((15000+i))/readyz >/dev/null 2>&1; then
    echo "node $i did not become ready within 60 s; the end of its log:" >&2
    tail -20 "$dir/node$i.log" >&2
    exit 1
  fi
done
if [ "${1:-}" = fanout ]; then
  shift
  java -Xmx1g -cp target/jindou.jar:target/jindou-bench.jar io.jindou.tools.FanoutLoad fanout --url http://127.0.0.1:15001 \
    --tcp-port 15101,15102,15103 "$@"
else
  java -Xmx512m -cp target/jindou.jar:target/jindou-bench.jar io.jindou.tools.LoadTool send --url http://127.0.0.1:15001 "$@"
fi
