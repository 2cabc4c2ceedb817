#!/bin/sh
# Container entry point. docker-compose.yml passes the address its ports are published on as
# JINDOU_PUBLISHED_ON:
#  - beyond this host (0.0.0.0, a LAN address): refuse to start without a manager token, since the HTTP API's
#    admin endpoints can set any user's token and send as anyone;
#  - the host's loopback: the API must still listen on every interface inside the container to be reachable
#    through the published port, which the node allows without a token only with insecure_http; set it (unless
#    set already), because only this host (and the stack's own network) can reach the port;
#  - not said (a plain `docker run`): the node's own rule applies, so without a token the API stays on the
#    container's loopback and the log says how to open it.
# Then runs the node as PID 1 so that SIGTERM reaches the JVM's shutdown hook (flush, leave the cluster).
case "${JINDOU_PUBLISHED_ON:-}" in
  "") ;;
  127.*|localhost|::1|\[::1\])
    if [ -z "${JINDOU_MANAGER_TOKEN:-}" ]; then
      export JINDOU_INSECURE_HTTP="${JINDOU_INSECURE_HTTP:-true}"
    fi ;;
  *)
    if [ -z "${JINDOU_MANAGER_TOKEN:-}" ]; then
      echo "jindou: refusing to start: the HTTP API is published on ${JINDOU_PUBLISHED_ON} without a manager token; set JINDOU_MANAGER_TOKEN (or publish on 127.0.0.1)" >&2
      exit 1
    fi ;;
esac
# JAVA_OPTS is split on spaces on purpose (a list of JVM flags).
# shellcheck disable=SC2086
exec java $JAVA_OPTS -jar /opt/jindou/jindou.jar "$@"
