#!/usr/bin/env bash
# In-game training benchmark (issue 6): frame times of a windowed game (under Xvfb when there is no display) while
# it trains Chase-v0 with PPO, against the same game with training off; and training throughput in-game (headless
# and windowed, one decision per frame) against headless ./jmegym train with the same PPO settings.
#
#   benchmarks/ingame/run.sh            # 30 s per scenario, game clock 16x real time
#   RUN_SECONDS=60 SPEED=8 benchmarks/ingame/run.sh
#
# Prints a Markdown table; the raw JSON summaries go to benchmarks/ingame/out/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="${JMEGYM_JAR:-$root/bridge/target/jmegym.jar}"
secs="${RUN_SECONDS:-30}"
speed="${SPEED:-16}"
out="$here/out"
mkdir -p "$out"
if [ ! -f "$jar" ]; then
  echo "no $jar: build it first (mvn -q -o install -DskipTests, or ./jmegym --help)" >&2
  exit 1
fi
xvfb_pid=""
if [ -z "${DISPLAY:-}" ]; then
  command -v Xvfb >/dev/null || { echo "no DISPLAY and no Xvfb (apt-get install xvfb libgl1-mesa-dri)" >&2; exit 1; }
  export DISPLAY=":$((60 + RANDOM % 30))"
  Xvfb "$DISPLAY" -screen 0 1280x1024x24 +extension GLX -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  trap 'kill $xvfb_pid 2>/dev/null || true' EXIT
  sleep 1
fi
java=(java -Xmx1g -jar "$jar")
game() { # name, then game options
  local name="$1"; shift
  echo "running $name ..." >&2
  "${java[@]}" play --env Chase-v0 --seconds "$secs" --config "$here/ppo.json" --run-dir "$out/runs-$name" \
      --summary "$out/$name.json" --size 800x600 "$@" >"$out/$name.log" 2>&1 \
    || { echo "$name failed; see $out/$name.log" >&2; exit 1; }
}
# frame times: windowed, uncapped frame rate, game clock at $speed x real time
game window-off      --fps 0 --speed "$speed"
game window-sliced   --fps 0 --speed "$speed" --train --update-mode TIME_SLICED
game window-bg       --fps 0 --speed "$speed" --train --update-mode BACKGROUND
game window-sync     --fps 0 --speed "$speed" --train --update-mode SYNC
# throughput: one decision per frame, as fast as frames come
game fast-headless   --headless --speed 0 --train --update-mode TIME_SLICED
game fast-window     --fps 0 --speed 0 --train --update-mode TIME_SLICED
steps=$(python3 -c "import json; print(max(20000, json.load(open('$out/fast-headless.json'))['steps']))")
echo "running headless train ($steps steps) ..." >&2
"${java[@]}" train --env Chase-v0 --steps "$steps" --config "$here/ppo.json" --out "$out/runs-train" --no-progress \
  >"$out/train.log" 2>&1 || { echo "train failed; see $out/train.log" >&2; exit 1; }
python3 - "$out" "$secs" "$speed" <<'PY'
import json, re, sys, os, platform, subprocess, datetime
out, secs, speed = sys.argv[1], sys.argv[2], sys.argv[3]
rows = [
    ("window-off", f"window, training off (heuristic), speed {speed}x"),
    ("window-sliced", f"window, training TIME_SLICED 8 ms, speed {speed}x"),
    ("window-bg", f"window, training BACKGROUND, speed {speed}x"),
    ("window-sync", f"window, training SYNC, speed {speed}x"),
    ("fast-headless", "headless game, 1 decision/frame, TIME_SLICED"),
    ("fast-window", "window, 1 decision/frame, TIME_SLICED"),
]
def f(v):
    return "-" if v is None else f"{v:.2f}"
print(f"Chase-v0, {secs} s per scenario, 800x600 window (Mesa llvmpipe under Xvfb), frame rate uncapped, HUD on")
print()
print("| scenario | frames | frame median ms | frame p99 ms | frame max ms | training work max ms (first update incl. ND4J warm-up) | training work max ms after it | frames > 8 / 16 ms training work after it | env steps | steps/s | updates |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for name, label in rows:
    s = json.load(open(os.path.join(out, name + ".json")))
    fr, tw, st = s["frame_ms"], s["training_work_ms"], s["steady_training_work_ms"]
    work = "-" if not tw["count"] else f(tw['max'])
    steady = "-" if not st["count"] else f(st['max'])
    over = "-" if not st["count"] else f"{st['frames_over_budget']} / {st['frames_over_2x_budget']}"
    print(f"| {label} | {fr['count']:,} | {f(fr['median'])} | {f(fr['p99'])} | {f(fr['max'])} | {work} | {steady} | {over} | "
          f"{s['steps']:,} | {s['steps_per_second']:,.0f} | {s['updates']} |")
log = open(os.path.join(out, "train.log")).read()
m = re.search(r"finished (\d+) steps.*?([\d.]+) s, (\d+) steps/s", log)
if m:
    print(f"| headless `./jmegym train` (same network and rollout, SYNC updates) | - | - | - | - | - | - | - | {int(m.group(1)):,} | {int(m.group(3)):,} | - |")
print()
load = os.getloadavg()
print(f"Machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, Java {subprocess.run(['java','-version'],capture_output=True,text=True).stderr.splitlines()[0]}; "
      f"load average at the end {load[0]:.1f}; {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC")
PY
