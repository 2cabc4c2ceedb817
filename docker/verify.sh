#!/usr/bin/env bash
# Checks docker/ end to end on a machine with a Docker engine (the engine alone: the base images come from
# Docker Hub, or from docker/offline-images.sh where Docker Hub is not reachable):
#   1. builds the image once (compose builds jindou1's image, jindou:local; the other nodes reuse it) and
#      checks that it runs as a non-root user with a health check, and that a node published beyond
#      loopback without a manager token refuses to start;
#   2. starts the stack and waits until the three nodes are ready (/readyz), then
#   3. until they form one cluster: every node answers /varz for every node id, which it does only for
#      nodes in its ring (a split stack, each node a cluster of one, answers 400); then until Docker sees
#      them healthy (HEALTHCHECK), and checks that the ports are published on 127.0.0.1 only and that the
#      data volume is writable by the node's user (uid 10001);
#   4. creates groups, sends on node 1 and syncs on node 3 over the HTTP API;
#   5. `docker kill`s node 2 and sends at once to every group through node 1 (about a third of them are
#      owned by node 2): every send must succeed; prints how long the slowest one (a channel the dead node
#      owned) took, then sends again and checks that no message was lost or stored twice;
#   6. starts node 2 again, waits until it is healthy and back in every node's ring, sends through it;
#   7. tears everything down (containers, network, volumes), also when a step fails.
# Usage: docker/verify.sh          (from anywhere; uses ports 5001-5003, 5101-5103, 5201-5203 on 127.0.0.1)
# Env:   JINDOU_VERIFY_PROJECT (compose project name, default jindou-verify), JINDOU_VERIFY_GROUPS (24)
set -uo pipefail
cd "$(dirname "$0")/.."

P=${JINDOU_VERIFY_PROJECT:-jindou-verify}
GROUPS_N=${JINDOU_VERIFY_GROUPS:-24}
T0=$(date +%s.%N)
TMP=$(mktemp -d)
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
log() { printf '[verify %6ss] %s\n' "$(since "$T0")" "$*"; }
fail() { log "FAIL: $*"; exit 1; }

command -v curl >/dev/null || fail "curl is needed"
docker info >/dev/null 2>&1 || fail "no Docker engine answers 'docker info' (where Docker Hub is not reachable, docker/offline-images.sh starts one and builds the base images)"
if docker compose version >/dev/null 2>&1; then
  DC=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  DC=(docker-compose)
else
  fail "neither the 'docker compose' plugin nor docker-compose is installed"
fi
dc() { "${DC[@]}" -f docker/docker-compose.yml -p "$P" "$@"; }

cleanup() {
  local rc=$? t
  trap - EXIT INT TERM
  if [ "$rc" -ne 0 ]; then
    log "the run failed; the nodes' last log lines:"
    dc logs --no-color --tail=60 2>&1 | sed 's/^/    /'
  fi
  t=$(now)
  dc down -v --remove-orphans >"$TMP/down.log" 2>&1 || { log "WARNING: compose down failed:"; cat "$TMP/down.log"; }
  log "teardown (containers, network, volumes) took $(since "$t") s"
  rm -rf "$TMP"
  if [ "$rc" -eq 0 ]; then log "PASS in $(since "$T0") s"; else log "FAILED (exit $rc)"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# HTTP helpers: req METHOD PORT PATH [JSON] sets CODE, BODY and SECS (time of the request).
TOKEN_HEADER=()
[ -n "${JINDOU_MANAGER_TOKEN:-}" ] && TOKEN_HEADER=(-H "token: $JINDOU_MANAGER_TOKEN")
req() {
  local out f="$TMP/req.$BASHPID" args=(-sS -m 60 -X "$1" -H 'Content-Type: application/json')
  [ $# -ge 4 ] && args+=(--data "$4")
  out=$(curl "${args[@]}" "${TOKEN_HEADER[@]}" -o "$f.body" -w '%{http_code} %{time_total}' \
    "http://127.0.0.1:$2$3" 2>"$f.err") || true
  CODE=${out%% *}; SECS=${out##* }; BODY="$(cat "$f.body" 2>/dev/null) $(cat "$f.err" 2>/dev/null)"
  [ -n "$CODE" ] || CODE=000
}
expect200() { # what METHOD PORT PATH [JSON]
  local what=$1; shift
  req "$@"
  [ "$CODE" = 200 ] || fail "$what: HTTP $CODE $BODY"
}
cid() { dc ps -q "$1"; }
health() { docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$(cid "$1")" 2>/dev/null; }
wait_healthy() { # service timeout-seconds
  local deadline=$(( $(date +%s) + $2 ))
  until [ "$(health "$1")" = healthy ]; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "$1 not healthy within $2 s (status: $(health "$1"))"
    sleep 0.5
  done
}
# One cluster: node i answers /varz?node_id=j with server_id j for every i, j (only ring members answer).
whole_cluster() {
  local i j
  for i in 1 2 3; do
    for j in 1 2 3; do
      req GET "500$i" "/varz?node_id=$j"
      if [ "$CODE" != 200 ] || ! grep -q "\"server_id\":\"$j\"" <<<"$BODY"; then
        SPLIT="node $i about node $j: HTTP $CODE $BODY"
        return 1
      fi
    done
  done
}
wait_ready() { # node timeout-seconds
  local deadline=$(( $(date +%s) + $2 ))
  until req GET "500$1" /readyz && [ "$CODE" = 200 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "jindou$1 not ready within $2 s: HTTP $CODE $BODY"
    [ "$(docker inspect -f '{{.State.Running}}' "$(cid "jindou$1")")" = true ] || fail "jindou$1 exited"
    sleep 0.25
  done
}
wait_cluster() { # timeout-seconds
  local deadline=$(( $(date +%s) + $1 ))
  until whole_cluster; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "the nodes did not form one cluster within $1 s ($SPLIT)"
    sleep 0.5
  done
}
send() { # port group text -> CODE, SECS
  req POST "$1" /message/send "{\"from_uid\":\"vu1\",\"channel_id\":\"$2\",\"channel_type\":2,\"payload\":\"$(printf '%s' "$3" | base64 -w0)\"}"
}
max_seq() { # port group
  expect200 "max_message_seq of $2" GET "$1" "/channel/max_message_seq?channel_id=$2&channel_type=2"
  grep -o '"message_seq":[0-9]*' <<<"$BODY" | cut -d: -f2
}

# 0. a clean slate: a stack left over by an interrupted run, ports held by something else
dc down -v --remove-orphans >/dev/null 2>&1
busy=$( (ss -Hltn 2>/dev/null || netstat -ltn 2>/dev/null) | grep -Eo ':(500[123]|510[123]|520[123])\b' | sort -u | tr '\n' ' ')
[ -z "$busy" ] || fail "ports already in use on this host: $busy"
log "using $(docker version -f 'engine {{.Server.Version}}' 2>/dev/null), ${DC[*]} $("${DC[@]}" version --short 2>/dev/null | head -1)"

# 1. build once
t=$(now)
dc build >"$TMP/build.log" 2>&1 || { tail -40 "$TMP/build.log"; fail "image build"; }
BUILD_S=$(since "$t")
user=$(docker image inspect jindou:local -f '{{.Config.User}}')
[ -n "$user" ] && [ "$user" != root ] && [ "$user" != 0 ] || fail "the image runs as '${user:-root}'"
docker image inspect jindou:local -f '{{json .Config.Healthcheck.Test}}' | grep -q readyz || fail "the image has no /readyz health check"
out=$(docker run --rm -e JINDOU_PUBLISHED_ON=0.0.0.0 -e JINDOU_MANAGER_TOKEN= jindou:local 2>&1) && fail "a node published on 0.0.0.0 without a manager token started"
grep -q 'without a manager token' <<<"$out" || fail "unexpected refusal: $out"
log "1. built jindou:local in $BUILD_S s (user $user, HEALTHCHECK on /readyz, refuses 0.0.0.0 without a token, $(docker image inspect jindou:local -f '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}'))"

# 2. stack up: every node ready, then one cluster, then healthy as Docker sees it (checked every 5 s)
t=$(now)
dc up -d >"$TMP/up.log" 2>&1 || { cat "$TMP/up.log"; fail "compose up"; }
for n in 1 2 3; do wait_ready "$n" 180; done
UP_S=$(since "$t")
wait_cluster 60
CLUSTER_S=$(since "$t")
for s in jindou1 jindou2 jindou3; do wait_healthy "$s" 180; done
HEALTHY_S=$(since "$t")
for n in 1 2 3; do
  c=$(cid "jindou$n")
  for p in "500$n" "510$n" "520$n"; do
    pub=$(docker port "$c" "$p/tcp" | tr '\n' ' ')
    [ "$pub" = "127.0.0.1:$p " ] || fail "jindou$n port $p is published on '$pub', expected 127.0.0.1:$p only"
  done
  [ "$(docker exec "$c" id -u)" = 10001 ] || fail "jindou$n does not run as uid 10001"
  docker exec "$c" sh -c 'touch /var/lib/jindou/.verify && rm /var/lib/jindou/.verify' || fail "jindou$n cannot write its data volume"
done
log "2. three nodes ready (/readyz 200) $UP_S s after 'up', healthy for Docker after $HEALTHY_S s (ports on 127.0.0.1 only, uid 10001, data volume writable)"
log "3. one cluster: every node's ring lists nodes 1, 2, 3 ($CLUSTER_S s after 'up')"
docker logs "$(cid jindou1)" 2>&1 | grep -m1 'joined cluster' | sed 's/^/    jindou1: /'

# 4. groups; send on node 1, sync on node 3
for g in $(seq 1 "$GROUPS_N"); do
  expect200 "create group vg$g" POST 5001 /channel "{\"channel_id\":\"vg$g\",\"channel_type\":2,\"subscribers\":[\"vu1\",\"vu2\"]}"
done
for g in $(seq 1 "$GROUPS_N"); do
  send 5001 "vg$g" "hello $g"; [ "$CODE" = 200 ] || fail "send to vg$g on node 1: HTTP $CODE $BODY"
done
expect200 "messagesync on node 3" POST 5003 /channel/messagesync \
  '{"login_uid":"vu2","channel_id":"vg1","channel_type":2,"start_message_seq":0,"end_message_seq":0,"limit":10,"pull_mode":1}'
grep -q "\"payload\":\"$(printf 'hello 1' | base64 -w0)\"" <<<"$BODY" || fail "node 3's messagesync lacks the message sent on node 1: $BODY"
log "4. $GROUPS_N groups created; sent on node 1, node 3's messagesync returns the message"

# 5. docker kill node 2, send to every group at once through node 1
c2=$(cid jindou2)
t=$(now)
docker kill "$c2" >/dev/null || fail "docker kill jindou2"
KILLED_AT=$(date -u +%T.%3N)
for g in $(seq 1 "$GROUPS_N"); do
  ( send 5001 "vg$g" "after kill $g"; echo "$CODE $SECS vg$g" >"$TMP/kill.$g" ) &
done
wait
FAILOVER_S=$(since "$t")
cat "$TMP"/kill.* >"$TMP/kill.all"
bad=$(awk '$1 != 200' "$TMP/kill.all" | tr '\n' ';')
[ -z "$bad" ] || fail "sends after docker kill failed: $bad"
FIRST_S=$(sort -k2 -g "$TMP/kill.all" | tail -1 | awk '{printf "%.1f", $2}')
slow=$(awk '$2 > 0.9' "$TMP/kill.all" | wc -l)
fast=$(sort -k2 -g "$TMP/kill.all" | head -1 | awk '{printf "%.2f", $2}')
# when node 1 took node 2 out of its ring (its log's clock is UTC, like KILLED_AT)
moved=$(docker logs "$(cid jindou1)" 2>&1 | grep 'ring of node 1 is now \[1, 3\]' | tail -1 | awk '{print $2}')
DETECT_S=$(awk -v k="$KILLED_AT" -v m="$moved" 'function s(x, a) { split(x, a, ":"); return a[1]*3600 + a[2]*60 + a[3] }
  BEGIN { if (m == "") print "?"; else { d = s(m) - s(k); if (d < 0) d += 86400; printf "%.1f", d } }')
log "5. docker kill jindou2 at $KILLED_AT UTC; node 1's ring dropped it $DETECT_S s later; $GROUPS_N sends issued at once right after the kill: all 200, slowest $FIRST_S s, $slow over 0.9 s (channels jindou2 owned wait for the ring to move), fastest $fast s"
t=$(now)
for g in $(seq 1 "$GROUPS_N"); do
  send 5001 "vg$g" "after failover $g"; [ "$CODE" = 200 ] || fail "send to vg$g after failover: HTTP $CODE $BODY"
done
for g in $(seq 1 "$GROUPS_N"); do
  s=$(max_seq 5003 "vg$g"); [ "$s" = 3 ] || fail "vg$g has message_seq $s after 3 acknowledged sends (lost or duplicated)"
done
log "   then $GROUPS_N more sends in $(since "$t") s; every group holds exactly its 3 acknowledged messages"

# 6. node 2 back
t=$(now)
docker start "$c2" >/dev/null || fail "docker start jindou2"
wait_healthy jindou2 180
wait_cluster 60
REJOIN_S=$(since "$t")
send 5002 vg1 "from the restarted node"; [ "$CODE" = 200 ] || fail "send on the restarted node 2: HTTP $CODE $BODY"
expect200 "messagesync on node 1" POST 5001 /channel/messagesync \
  '{"login_uid":"vu2","channel_id":"vg1","channel_type":2,"start_message_seq":4,"end_message_seq":0,"limit":10,"pull_mode":1}'
grep -q "\"payload\":\"$(printf 'from the restarted node' | base64 -w0)\"" <<<"$BODY" || fail "node 1 does not return the message sent on the restarted node 2: $BODY"
log "6. jindou2 restarted: healthy and back in every ring in $REJOIN_S s; a send through it syncs on node 1"

log "timings: build $BUILD_S s; stack up (3 ready) $UP_S s, one cluster $CLUSTER_S s, 3 healthy $HEALTHY_S s after 'up'; docker kill noticed after $DETECT_S s, slowest send after the kill $FIRST_S s; rejoin $REJOIN_S s"
