#!/usr/bin/env bash
# Engine-world benchmarks (see BENCHMARKS.md):
#   benchmarks/engine/run.sh speed [seconds-per-run]   headless env-steps/s, vectors of 1, 2 and 8 worlds
#   benchmarks/engine/run.sh train [seeds]             full PPO runs of BallBalance-v0 and Chase-v0 to their goals
#   benchmarks/engine/run.sh bc [seeds] [demos]       Chase-v0 to 90% success from scratch vs after behaviour cloning
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
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# the dependency class path through exec-maven-plugin (a build plugin of the bridge, so present wherever the project
# builds; maven-dependency-plugin may not be in an offline repository); its first entry is target/classes
(cd "$root" && mvn -q -B -o -pl engine-plugin org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=echo \
  -Dexec.args='%classpath' | sed 's/\x1b\[[0-9;]*m//g' | grep -m1 -- '-plugin/target/classes:' | cut -d: -f2- \
  | tr -d '\n' > "$tmp/cp")
# run from copies of the project's own jars, so a rebuild during a long run cannot swap classes under it
cp "$(ls "$root"/engine-plugin/target/jmegym-engine-plugin-*.jar | grep -v -- -sources | head -1)" "$tmp/"
cp_entries=("$tmp/jmegym-engine-plugin.jar")
mv "$tmp"/jmegym-engine-plugin-*.jar "$tmp/jmegym-engine-plugin.jar"
IFS=: read -r -a deps < "$tmp/cp" || true  # no trailing newline
for d in "${deps[@]}"; do
  case "$(basename "$d")" in
    jmegym-*)
      # the project's own modules: this checkout's build when there is one (not a possibly older ~/.m2 copy)
      b="$(basename "$d")"; m="${b#jmegym-}"; m="${m%%-[0-9]*}"
      [ -f "$root/$m/target/$b" ] && d="$root/$m/target/$b"
      cp "$d" "$tmp/"; cp_entries+=("$tmp/$b") ;;
    *) cp_entries+=("$d") ;;
  esac
done
classpath="$(IFS=:; echo "${cp_entries[*]}")"
java -Xmx2g -cp "$classpath" io.github.jmegym.engine.bench.EngineBenchmark "$mode" "$@"
