#!/usr/bin/env bash
# Env throughput, Java vs Gymnasium, in one run. Builds the envs module, then runs the Java harness
# (io.github.jmegym.envs.bench.EnvBenchmark) and benchmarks/envs/gym_reference.py alternately, ROUNDS times each
# (one timed round per case per invocation), so that both sides meet the same machine load; prints a Markdown table
# of the medians over the rounds (with the range) and the ratios.
# Usage: benchmarks/envs/run.sh [seconds per case and round (default 1)] [rounds (default 5)]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-1}"
rounds="${2:-5}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$here"
mvn -q -B -o -Dstyle.color=never -pl envs install -DskipTests >&2
mvn -q -B -o -Dstyle.color=never -pl envs dependency:build-classpath -Dmdep.outputFile="$out/cp" -Dmdep.includeScope=runtime >&2
for r in $(seq 1 "$rounds"); do
  echo "round $r/$rounds: Java harness, then Gymnasium (${seconds}s per case)..." >&2
  java -Xmx512m -cp "envs/target/classes:$(cat "$out/cp")" io.github.jmegym.envs.bench.EnvBenchmark "$seconds" 1 \
    | tee -a "$out/results.jsonl" >&2
  python3 benchmarks/envs/gym_reference.py "$seconds" 1 | tee -a "$out/results.jsonl" >&2
done
python3 - "$out/results.jsonl" <<'PY'
import json, os, platform, statistics, subprocess, sys
rows, meta = {}, {}
for line in open(sys.argv[1]):
    o = json.loads(line)
    if "case" not in o:
        meta = o
        continue
    rows.setdefault((o["env"], o["case"], o["envs"]), {}).setdefault(o["impl"], []).append(o["steps_per_s"])
def cell(values):
    if not values:
        return "-", None
    m = round(statistics.median(values))
    return f"{m:,} [{min(values):,}-{max(values):,}]", m
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
print(f"Machine: {os.cpu_count()} cores, {cpu}; {java}; Gymnasium {meta.get('version')}, NumPy {meta.get('numpy')}, "
      f"Python {meta.get('python')}; medians of {len(next(iter(rows.values()))['java'])} alternating rounds [min-max]")
print()
print("| env | case | envs | Java steps/s | Gymnasium steps/s | Java / Gymnasium |")
print("|---|---|---:|---:|---:|---:|")
for (env, case, n), v in rows.items():
    j_text, j = cell(v.get("java", []))
    g_values, note = v.get("gymnasium"), ""
    if g_values is None and case == "vector-threaded":
        # Gymnasium has no thread-pool vector env: compare with its SyncVectorEnv of the same size
        g_values, note = rows.get((env, "vector-sync", n), {}).get("gymnasium", []), " (sync)"
    g_text, g = cell(g_values or [])
    ratio = f"{j / g:.1f}x" if j and g else "-"
    print(f"| {env} | {case} | {n} | {j_text} | {g_text}{note} | {ratio} |")
PY
