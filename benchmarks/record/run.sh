#!/usr/bin/env bash
# Render speed (frames/s with readback) of the engine worlds, on both offscreen backends, next to Gymnasium's own
# rgb_array rendering (CartPole-v1 with pygame, when installed). Builds engine-plugin (package only), runs
# io.github.jmegym.engine.render.RenderBenchmark under a private Xvfb (DISPLAY backend) and with OSMesa (no X),
# ROUNDS times each, alternating with the Gymnasium reference, and prints a Markdown table of medians [min-max].
# Usage: benchmarks/record/run.sh [seconds per case (default 2)] [rounds (default 3)]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-2}"
rounds="${2:-3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$here"
mvn -q -B -o -Dstyle.color=never -pl engine-plugin compile >&2
mvn -q -B -o -Dstyle.color=never -pl engine-plugin dependency:build-classpath -Dmdep.outputFile="$out/cp" -Dmdep.includeScope=runtime >&2
cp="engine-plugin/target/classes:$(cat "$out/cp")"
for r in $(seq 1 "$rounds"); do
  echo "round $r/$rounds: Xvfb + Mesa, OSMesa, Gymnasium..." >&2
  xvfb-run -a -s "-screen 0 1280x1024x24 +extension GLX" java -Xmx1g -Djmegym.render=display -cp "$cp" \
    io.github.jmegym.engine.render.RenderBenchmark "$seconds" 2>/dev/null | grep '^{' | tee -a "$out/results.jsonl" >&2
  env -u DISPLAY java -Xmx1g -Djmegym.render=osmesa -cp "$cp" \
    io.github.jmegym.engine.render.RenderBenchmark "$seconds" 2>/dev/null | grep '^{' | tee -a "$out/results.jsonl" >&2
  if PYGAME_HIDE_SUPPORT_PROMPT=1 python3 -c "import pygame" >/dev/null 2>&1; then
    PYGAME_HIDE_SUPPORT_PROMPT=1 SDL_VIDEODRIVER=dummy python3 benchmarks/record/gym_render_reference.py "$seconds" 2>/dev/null \
      | grep '^{' | tee -a "$out/results.jsonl" >&2
  fi
done
python3 - "$out/results.jsonl" <<'PY'
import json, os, platform, statistics, subprocess, sys
rows = {}
for line in open(sys.argv[1]):
    o = json.loads(line)
    backend = o["backend"].split(" (")[0]
    rows.setdefault((o["case"], o["size"], backend), []).append(o["per_s"])
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
print(f"Machine: {os.cpu_count()} cores, {cpu}; {java}; Mesa llvmpipe (software GL); medians of the rounds [min-max]")
print()
print("| case | size | backend | frames/s |")
print("|---|---|---|---|")
for (case, size, backend), v in rows.items():
    print(f"| {case} | {size} | {backend} | {round(statistics.median(v)):,} [{min(v):,}-{max(v):,}] |")
PY
