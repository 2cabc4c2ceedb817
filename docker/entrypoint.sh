#!/bin/sh
# Container entry point: refuses to serve an HTTP API published beyond this host without a manager token
# (docker-compose.yml passes its publish address as JINDOU_PUBLISHED_ON), then runs the node as PID 1 so
# that SIGTERM reaches the JVM's shutdown hook (flush, leave the cluster).
case "${JINDOU_PUBLISHED_ON:-127.0.0.1}" in
  127.*|localhost|::1|\[::1\]) ;;
  *)
    if [ -z "${JINDOU_MANAGER_TOKEN:-}" ]; then
      echo "jindou: refusing to start: the HTTP API is published on ${JINDOU_PUBLISHED_ON} without a manager token; set JINDOU_MANAGER_TOKEN (or publish on 127.0.0.1)" >&2
      exit 1
    fi ;;
esac
# JAVA_OPTS is split on spaces on purpose (a list of JVM flags).
# shellcheck disable=SC2086
exec java $JAVA_OPTS -jar /opt/jindou/jindou.jar "$@"
