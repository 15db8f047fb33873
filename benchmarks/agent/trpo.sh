#!/usr/bin/env bash
# TRPO benchmarks of the agent module, jmegym and sb3-contrib side by side in one run, seed by seed alternating so
# both see the same load:
#   (a) CartPole-v1, rl-baselines3-zoo TRPO settings (preset CartPole-v1.trpo.json), SEEDS seeds x 100k env steps:
#       env-steps/s of the whole run, the first step at which the last-10 mean return reaches 475, the last-10 mean;
#   (b) Pendulum-v1, the zoo's TRPO settings with gSDE (preset Pendulum-v1.trpo.json), SEEDS seeds x 100k steps,
#       threshold -250; sb3-contrib on the first SB3_PENDULUM_SEEDS seeds (default: all).
# torch is limited to SB3_THREADS threads (default 1: SB3's best case on a shared 2-core machine).
# Usage: benchmarks/agent/trpo.sh [SEEDS=5] [all|cartpole|pendulum]   (SB3_PYTHON: the venv's python)
# Results: benchmarks/agent/results/trpo-*.jsonl and a summary on stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."
SEEDS="${1:-5}"
WHAT="${2:-all}"
SB3_THREADS="${SB3_THREADS:-1}"
SB3_PYTHON="${SB3_PYTHON:-/work/venvs/sb3/bin/python}"
SB3_PENDULUM_SEEDS="${SB3_PENDULUM_SEEDS:-$SEEDS}"
OUT=benchmarks/agent/results
mkdir -p "$OUT"
. benchmarks/agent/snapshot.sh
snapshot_classpath "trpo-$WHAT"
JAVA=(java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" io.github.jmegym.agent.bench.PpoBenchmark)
SB3=("$SB3_PYTHON" benchmarks/agent/sb3_trpo.py)
{
  echo "# trpo $WHAT: $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/machine-trpo-$WHAT.txt"
if [ "$WHAT" != pendulum ]; then
: > "$OUT/trpo-cartpole.jsonl"
for ((s = 0; s < SEEDS; s++)); do
  "${JAVA[@]}" CartPole-v1 "$s" 100000 475 false trpo 2>/dev/null | tee -a "$OUT/trpo-cartpole.jsonl"
  "${SB3[@]}" CartPole-v1 "$s" 100000 475 false "$SB3_THREADS" 2>/dev/null | tee -a "$OUT/trpo-cartpole.jsonl"
done
fi
if [ "$WHAT" != cartpole ]; then
: > "$OUT/trpo-pendulum.jsonl"
for ((s = 0; s < SEEDS; s++)); do
  "${JAVA[@]}" Pendulum-v1 "$s" 100000 -250 false trpo 2>/dev/null | tee -a "$OUT/trpo-pendulum.jsonl"
  if [ "$s" -lt "$SB3_PENDULUM_SEEDS" ]; then
    "${SB3[@]}" Pendulum-v1 "$s" 100000 -250 false "$SB3_THREADS" 2>/dev/null | tee -a "$OUT/trpo-pendulum.jsonl"
  fi
done
fi
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine-trpo-$WHAT.txt"
python3 benchmarks/agent/trpo_summary.py "$OUT"
