#!/usr/bin/env bash
# In-game frame budget (issue 10 item 8; see BENCHMARKS.md, "Training inside the running game"): frame time
# p50/p99/max and training work per frame with training off and with each update mode, BallBalance-v0 x 8 and
# Chase-v0, in a window (under Xvfb + Mesa when there is no display) and headless, plus the worst frames of each run
# attributed to training work, GC, JIT and the rest (FrameBudgetBenchmark).
#
#   benchmarks/ingame/frames.sh                     # 20 s per scenario, speed 4, 60 FPS cap, 8 ms slices
#   RUN_SECONDS=60 SPEED=4 FPS=60 SLICE_MS=8 benchmarks/ingame/frames.sh
#   ONLY="BallBalance-v0:8" MODES="OFF TIME_SLICED" VIEWS="window" benchmarks/ingame/frames.sh
#
# Needs the jar (mvn -q -o -pl bridge -am package -DskipTests, or ./jmegym once).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="${JMEGYM_JAR:-$root/bridge/target/jmegym.jar}"
secs="${RUN_SECONDS:-20}"
speed="${SPEED:-4}"
fps="${FPS:-60}"
slice="${SLICE_MS:-8}"
scenes="${ONLY:-BallBalance-v0:8 Chase-v0:1}"
modes="${MODES:-OFF SYNC BACKGROUND TIME_SLICED}"
views="${VIEWS:-window headless}"
[ -f "$jar" ] || { echo "no $jar: build it first (mvn -q -o -pl bridge -am package -DskipTests)" >&2; exit 1; }
tmp="$(mktemp -d)"
cp "$jar" "$tmp/jmegym.jar"   # a rebuild during the run cannot swap classes under it
xvfb_pid=""
cleanup() { [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
if [[ "$views" == *window* && -z "${DISPLAY:-}" ]]; then
  command -v Xvfb >/dev/null || { echo "no DISPLAY and no Xvfb (apt-get install xvfb libgl1-mesa-dri)" >&2; exit 1; }
  export DISPLAY=":$((60 + RANDOM % 30))"
  Xvfb "$DISPLAY" -screen 0 1280x1024x24 +extension GLX -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  sleep 1
fi
echo "| scene | view | training | frames | frame p50 ms | frame p99 ms | frame max ms | training work p50 ms | p99 ms | max ms | frames over 1x / 2x budget | updates | env steps | decisions held | GC ms | CPU s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
worst=()
for scene in $scenes; do
  env="${scene%%:*}"; agents="${scene##*:}"
  for view in $views; do
    for mode in $modes; do
      w=false; [ "$view" = window ] && w=true
      out="$(java -Xmx1g -cp "$tmp/jmegym.jar" io.github.jmegym.engine.bench.FrameBudgetBenchmark \
          "$env" "$agents" "$mode" "$secs" "$w" "$speed" "$fps" "$slice" 2>"$tmp/err.log")" \
        || { echo "$env $view $mode failed:" >&2; tail -20 "$tmp/err.log" >&2; exit 1; }
      echo "$out" | grep '^|'
      worst+=("$(echo "$out" | grep -E '^(worst|lateness)')")
    done
  done
done
echo
printf '%s\n' "${worst[@]}"
echo
echo "Machine: $(nproc) cores, $(uname -m), $(java -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M') UTC"
