#!/usr/bin/env bash
# Behaviour cloning benchmark (see BENCHMARKS.md): Chase-v0 to a 90% success rate from scratch and after cloning
# heuristic episodes, seed by seed.
#   benchmarks/agent/bc.sh [seeds=3] [demo-episodes=20]
# Needs the engine-plugin jar built through the reactor (mvn -B -o -pl engine-plugin -am package -DskipTests).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec "$here/../engine/run.sh" bc "${1:-3}" "${2:-20}"
