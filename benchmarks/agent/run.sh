#!/usr/bin/env bash
# PPO benchmarks of the agent module (issue 3), jmegym and Stable-Baselines3 side by side in one run.
#   (a) CartPole-v1, rl-baselines3-zoo settings, SEEDS seeds x 50k env steps: steps and seconds until the mean return
#       of the last 10 episodes first reaches 475, env-steps/s of the whole run, rollout/update time split;
#   (b) the same with Stable-Baselines3 PPO (PyPI), alternating seed by seed with (a) so both see the same load;
#       torch limited to SB3_THREADS threads (default 1: SB3's best case on a shared 2-core machine);
#   (c) Pendulum-v1 with jmegym's preset (the zoo's settings with gSDE), SEEDS seeds, steps to -200 within 300k.
# Both record wall-clock env-steps/s and env-steps per CPU-second of the process (all threads): on a machine shared
# with other work the wall-clock figures swing 2-3x from run to run, the CPU-time figures much less.
# Usage: benchmarks/agent/run.sh [SEEDS=5] [all|cartpole|pendulum]
# Results: benchmarks/agent/results/*.jsonl and a summary on stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."
SEEDS="${1:-5}"
WHAT="${2:-all}"
SB3_THREADS="${SB3_THREADS:-1}"
OUT=benchmarks/agent/results
mkdir -p "$OUT"
. benchmarks/agent/snapshot.sh
snapshot_classpath "$WHAT"
JAVA=(java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" io.github.jmegym.agent.bench.PpoBenchmark)
{
  echo "# $WHAT: $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/machine-$WHAT.txt"
if [ "$WHAT" != pendulum ]; then
: > "$OUT/cartpole.jsonl"
for ((s = 0; s < SEEDS; s++)); do
  "${JAVA[@]}" CartPole-v1 "$s" 50000 475 false 2>/dev/null | tee -a "$OUT/cartpole.jsonl"
  python3 benchmarks/agent/sb3_ppo.py CartPole-v1 "$s" 50000 475 false "$SB3_THREADS" 2>/dev/null | tee -a "$OUT/cartpole.jsonl"
done
fi
if [ "$WHAT" != cartpole ]; then
: > "$OUT/pendulum.jsonl"
for ((s = 0; s < SEEDS; s++)); do
  "${JAVA[@]}" Pendulum-v1 "$s" 300000 -200 true 2>/dev/null | tee -a "$OUT/pendulum.jsonl"
done
fi
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine-$WHAT.txt"
python3 benchmarks/agent/summary.py "$OUT"
