#!/usr/bin/env bash
# Env throughput, Java vs Gymnasium, in one run: builds the envs module, runs the Java harness
# (io.github.jmegym.envs.bench.EnvBenchmark) and benchmarks/envs/gym_reference.py one after the other, and prints
# a Markdown table with the ratios. Usage: benchmarks/envs/run.sh [seconds per case (default 3)] [rounds (default 5)]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-3}"
rounds="${2:-5}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$here"
mvn -q -B -o -Dstyle.color=never -pl envs install -DskipTests >&2
mvn -q -B -o -Dstyle.color=never -pl envs dependency:build-classpath -Dmdep.outputFile="$out/cp" -Dmdep.includeScope=runtime >&2
echo "Java harness (${seconds}s per case, ${rounds} rounds)..." >&2
java -Xmx512m -cp "envs/target/classes:$(cat "$out/cp")" io.github.jmegym.envs.bench.EnvBenchmark "$seconds" "$rounds" | tee "$out/java.jsonl" >&2
echo "Gymnasium reference..." >&2
python3 benchmarks/envs/gym_reference.py "$seconds" "$rounds" | tee "$out/gym.jsonl" >&2
python3 - "$out/java.jsonl" "$out/gym.jsonl" <<'PY'
import json, os, platform, sys
rows = {}
meta = {}
for path in sys.argv[1:]:
    for line in open(path):
        o = json.loads(line)
        if "case" not in o:
            meta = o
            continue
        rows.setdefault((o["env"], o["case"], o["envs"]), {})[o["impl"]] = o["steps_per_s"]
def fmt(v):
    return f"{v:,}" if v is not None else "-"
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
print(f"Machine: {os.cpu_count()} cores, {cpu}; Gymnasium {meta.get('version')}, NumPy {meta.get('numpy')}, Python {meta.get('python')}")
print()
print("| env | case | envs | Java steps/s | Gymnasium steps/s | Java / Gymnasium |")
print("|---|---|---:|---:|---:|---:|")
for (env, case, n), v in rows.items():
    j, g = v.get("java"), v.get("gymnasium")
    note = ""
    if g is None and case == "vector-threaded":
        # Gymnasium has no thread-pool vector env: compare with its SyncVectorEnv of the same size
        g, note = rows.get((env, "vector-sync", n), {}).get("gymnasium"), " (sync)"
    ratio = f"{j / g:.1f}x" if j and g else "-"
    print(f"| {env} | {case} | {n} | {fmt(j)} | {fmt(g)}{note} | {ratio} |")
PY
