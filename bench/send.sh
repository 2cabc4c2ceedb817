#!/usr/bin/env bash
# Benchmark POST /message/send (100 groups x 100 subscribers, 256-byte payloads by default) against a fresh
# server; see bench/load.sh. Extra arguments go to the load tool, e.g.
#   bash bench/send.sh --duration 60 --concurrency 48 --connections 48
exec bash "$(dirname "$0")/load.sh" send "$@"
