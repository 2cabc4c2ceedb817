#!/bin/bash
# Start a Docker engine on a machine without Docker Hub access and build stand-ins for the base images that
# docker/Dockerfile and docker/docker-compose.yml pin, from Debian packages (debootstrap + docker import),
# tagged with the upstream names so that the Dockerfile and the compose file run unmodified.
# A copy of the team's shared docker-offline-images.sh with recipes for the pinned tags; the stand-ins
# carry Debian's OpenJDK 17, Maven 3.8 and Redis 7.0.15, not the upstream builds.
#   usage: docker/offline-images.sh [TAG ...]      default: the tags docker/ pins (see PINNED below)
#   env:   W=/tmp/docker-offline (engine data, root file systems), STOP=1 stops the engine this script started
# Known tags: the pinned ones, plus eclipse-temurin:17-jre, eclipse-temurin:17-jdk, redis:7,
# maven:3.9-eclipse-temurin-17 (the maven stand-ins carry this host's ~/.m2/repository so a build stage
# works without network: run the project's build or tests once before; a later run refreshes the copy when
# the repository has changed).
# Engine flags: no NAT, no forwarding — containers reach each other and ports published on the host only.
set -u
W=${W:-/tmp/docker-offline}; mkdir -p "$W"; LOG=$W/build.log
say() { echo "[docker-offline] $*"; }
die() { say "FAIL: $*"; exit 1; }
if [ -n "${STOP:-}" ]; then
  [ -f "$W/dockerd.pid" ] && kill "$(cat "$W/dockerd.pid")" 2>/dev/null && rm -f "$W/dockerd.pid" && say "dockerd stopped"
  exit 0
fi
command -v dockerd >/dev/null && command -v docker-compose >/dev/null && command -v debootstrap >/dev/null ||
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io docker-compose debootstrap >>"$LOG" 2>&1; } ||
  die "apt-get install docker.io docker-compose debootstrap"
D=/usr/bin/docker
if ! $D info >/dev/null 2>&1; then
  /usr/sbin/dockerd --iptables=false --ip-forward=false --ip-masq=false --data-root "$W/docker-root" \
    >"$W/dockerd.log" 2>&1 & echo $! > "$W/dockerd.pid"
  for i in $(seq 30); do $D info >/dev/null 2>&1 && break; sleep 1; done
fi
$D info >/dev/null 2>&1 || die "dockerd did not start (see $W/dockerd.log)"
say "dockerd up; use $D (or the docker client on PATH) and docker-compose"
MIRROR=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
MIRROR=${MIRROR:-$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null)}
[ -n "$MIRROR" ] || die "no Debian mirror found in the apt sources"
standin() { # tag rootfs-name prep-function packages...
  local tag=$1 name=$2 prep=$3; shift 3
  $D image inspect "$tag" >/dev/null 2>&1 && { say "$tag present"; return 0; }
  [ -d "$W/rootfs-base" ] || debootstrap --variant=minbase bookworm "$W/rootfs-base" "$MIRROR" >>"$LOG" 2>&1 || die "debootstrap"
  rm -rf "$W/$name"; cp -a "$W/rootfs-base" "$W/$name"
  cp /etc/apt/sources.list.d/debian.sources "$W/$name/etc/apt/sources.list.d/" 2>/dev/null && rm -f "$W/$name/etc/apt/sources.list"
  cp /etc/resolv.conf "$W/$name/etc/resolv.conf"
  mount -t proc proc "$W/$name/proc"
  chroot "$W/$name" sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends $* && apt-get clean && rm -rf /var/lib/apt/lists/*" >>"$LOG" 2>&1; local rc=$?
  umount "$W/$name/proc"; [ $rc = 0 ] || die "chroot install $*"
  [ -n "$prep" ] && $prep "$W/$name"
  tar -C "$W/$name" -c . | $D import "${IMPORT_C[@]}" - "$tag" >>"$LOG" || die "import $tag"
  say "built stand-in $tag"
}
prep_redis() { # like the official image: WORKDIR /data, protected mode off
  mkdir -p "$1/data" "$1/usr/local/bin"
  printf '#!/bin/sh\nexec /usr/bin/redis-server "$@" --protected-mode no\n' > "$1/usr/local/bin/redis-server"
  chmod +x "$1/usr/local/bin/redis-server"; }
# The maven stand-in is two images: a base (Debian's Maven and JDK, built once) and, tagged with the upstream
# name, a thin layer over it holding this host's ~/.m2/repository as it is now. The layer carries a digest of
# the repository's file list as a label and is rebuilt when the list changes, so a dependency added to the pom
# since the last run is in the image (a stale copy fails the build stage: the containers have no network).
maven_standin() { # tag
  local tag=$1 base=jindou-offline/maven-base:bookworm repo=${HOME:-/root}/.m2/repository digest ctx
  digest=$( (cd "$repo" 2>/dev/null && find . \( -name '*.jar' -o -name '*.pom' \) | sort) | md5sum | cut -c1-16)
  if [ "$($D image inspect -f '{{index .Config.Labels "jindou.m2"}}' "$tag" 2>/dev/null)" = "$digest" ]; then
    say "$tag present (~/.m2 unchanged)"; return 0
  fi
  IMPORT_C=(-c 'ENV LANG=C.UTF-8'); standin "$base" rootfs-maven "" maven openjdk-17-jdk-headless
  ctx=$W/maven-context; rm -rf "$ctx"; mkdir -p "$ctx"
  if [ -d "$repo" ]; then cp -al "$repo" "$ctx/repository" 2>/dev/null || { rm -rf "$ctx/repository"; cp -a "$repo" "$ctx/repository"; }
  else mkdir "$ctx/repository"; fi
  printf 'FROM %s\nCOPY repository /root/.m2/repository\nLABEL jindou.m2=%s\n' "$base" "$digest" > "$ctx/Dockerfile"
  $D build -q -t "$tag" "$ctx" >>"$LOG" 2>&1 || die "build $tag (see $LOG)"
  rm -rf "$ctx"; $D image prune -f >/dev/null 2>&1
  say "built stand-in $tag with this host's ~/.m2 ($digest)"
}
# The tags docker/Dockerfile and docker/docker-compose.yml use (keep in step with them).
PINNED=(eclipse-temurin:17.0.15_6-jre-noble redis:7.0.15 maven:3.9.9-eclipse-temurin-17)
tags=("$@"); [ ${#tags[@]} -gt 0 ] || tags=("${PINNED[@]}")
for t in "${tags[@]}"; do
  case "$t" in
    eclipse-temurin:17-jre|eclipse-temurin:17.0.15_6-jre-noble) IMPORT_C=(-c 'ENV LANG=C.UTF-8'); standin "$t" rootfs-jre "" openjdk-17-jre-headless ca-certificates ;;
    eclipse-temurin:17-jdk) IMPORT_C=(-c 'ENV LANG=C.UTF-8'); standin "$t" rootfs-jdk "" openjdk-17-jdk-headless ca-certificates ;;
    redis:7|redis:7.0.15) IMPORT_C=(-c 'WORKDIR /data' -c 'CMD ["redis-server"]'); standin "$t" rootfs-redis prep_redis redis-server ;;
    maven:3.9-eclipse-temurin-17|maven:3.9.9-eclipse-temurin-17) maven_standin "$t" ;;
    *) die "no recipe for $t (known: ${PINNED[*]} eclipse-temurin:17-jre eclipse-temurin:17-jdk redis:7 maven:3.9-eclipse-temurin-17)" ;;
  esac
done
say "done; stop the engine with STOP=1 $0"
