#!/usr/bin/env bash
# Engine-world benchmarks (see docs/benchmarks/engine.md):
#   benchmarks/engine/run.sh speed [seconds-per-run]   headless env-steps/s, vectors of 1, 2 and 8 worlds
#   benchmarks/engine/run.sh train [seeds]             full PPO runs of BallBalance-v0 and Chase-v0 to their goals
#   benchmarks/engine/run.sh physics                   Minie vs jme3-jbullet: determinism and speed (physics-choice/)
# Needs the modules installed (mvn -q -B install -DskipTests at the root, or ./jmegym once).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mode="${1:-speed}"
shift || true
if [ "$mode" = physics ]; then
  cd "$here/physics-choice"
  mvn -q -B -Pminie clean compile exec:exec
  mvn -q -B -Pjbullet clean compile exec:exec
  rm -rf target
  exit 0
fi
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
(cd "$root" && mvn -q -B -o -pl engine-plugin dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null)
jar="$(ls "$root"/engine-plugin/target/jmegym-engine-plugin-*.jar | head -1)"
exec java -Xmx2g -cp "$jar:$(cat "$cp_file")" io.github.jmegym.engine.bench.EngineBenchmark "$mode" "$@"
