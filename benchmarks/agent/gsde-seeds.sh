#!/usr/bin/env bash
# Pendulum-v1 robustness over seeds: for every seed FROM..TO and every settings file given (JSON overrides of the
# Pendulum-v1 preset, e.g. benchmarks/agent/gsde/gsde.json = the zoo's gSDE settings), one PpoBenchmark run that
# stops when the last-10 mean return reaches -200 or at 300k steps. Variants alternate seed by seed so they see the
# same machine load. Results: benchmarks/agent/results/pendulum-seeds-$TAG.jsonl (one line per run, with the variant;
# TAG defaults to "gsde") and a summary (runs that reached -200, median steps to -200 over those, CPU time) on stdout.
# Usage: [TAG=name] benchmarks/agent/gsde-seeds.sh FROM TO settings.json...
#   benchmarks/agent/gsde/preset.json is {} (the shipped preset); the others name what they change.
set -euo pipefail
cd "$(dirname "$0")/../.."
FROM="$1"; TO="$2"; shift 2
TAG="${TAG:-gsde}"
OUT=benchmarks/agent/results
mkdir -p "$OUT"
. benchmarks/agent/snapshot.sh
snapshot_classpath "seeds-$TAG"
RES="$OUT/pendulum-seeds-$TAG.jsonl"
: > "$RES"
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)" > "$OUT/machine-pendulum-seeds-$TAG.txt"
for ((s = FROM; s <= TO; s++)); do
  for v in "$@"; do
    line=$(java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" io.github.jmegym.agent.bench.PpoBenchmark \
      Pendulum-v1 "$s" 300000 -200 true "$v" 2>/dev/null)
    echo "${line%\}}, \"variant\": \"$(basename "$v" .json)\"}" | tee -a "$RES"
  done
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine-pendulum-seeds-$TAG.txt"
python3 - "$RES" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
for v in dict.fromkeys(r["variant"] for r in runs):
    rs = [r for r in runs if r["variant"] == v]
    ok = sorted(r["reached_at"] for r in rs if r["reached_at"] is not None)
    med = statistics.median(ok) if ok else float("nan")
    secs = statistics.median(r["seconds"] for r in rs)
    cpu = sum(r["cpu_seconds"] for r in rs) / sum(r["steps"] for r in rs) * 1e5
    print(f"{v}: reached -200 on {len(ok)}/{len(rs)} seeds, median steps to -200 {med:,.0f} "
          f"(over the seeds that reached it), median seconds per run {secs:.1f}, CPU seconds per 100k steps {cpu:.2f}, "
          f"failed seeds {[r['seed'] for r in rs if r['reached_at'] is None]}")
PY
