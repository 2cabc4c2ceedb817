#!/usr/bin/env bash
# Runs one LoadTool scenario (send or conversations) against a fresh server (bench/server.sh), then stops it.
# The first argument is the scenario, the rest go to the tool:
#   bash bench/load.sh conversations --conversations 1000 --recent 20 --msg-count 20 --page-size 20
set -euo pipefail
scenario=${1:?scenario: send or conversations}; shift
cd "$(dirname "$0")/.."
source bench/server.sh
start_server "-Xms1g -Xmx1g -XX:+UseParallelGC"
java -Xmx512m -cp target/jindou.jar:target/jindou-bench.jar io.jindou.tools.LoadTool "$scenario" --url $BENCH_URL "$@"
