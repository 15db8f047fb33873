#!/usr/bin/env bash
# Lag-correction benchmark (issue 9, see BENCHMARKS.md "Lag correction"): CartPole-v1 and BallBalance-v0 with the
# shipped PPO presets, three arms on the same seeds: SYNC; BACKGROUND (each rollout collected by the policy one update
# behind, as in a game) without correction; BACKGROUND with lagCorrection vtrace. Env steps to the goal (CartPole:
# last-10 mean return >= 475 within 50k; BallBalance: deterministic mean episode length 500 over 20 episodes, after
# every update, within 60k) and the measured train/policy_lag and train/ess of every arm.
#   benchmarks/agent/lag.sh [SEEDS=5]
# With a fixed seed the env-step counts do not depend on machine load (BACKGROUND installs each update when the next
# rollout is complete, whatever the thread timing), so this can run on a busy machine; seconds are noisy.
# Needs the engine-plugin jar built through the reactor (mvn -B -o -pl engine-plugin -am package -DskipTests).
# Results: benchmarks/agent/results/lag.jsonl, machine-lag.txt, and the summary table on stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."
SEEDS="${1:-5}"
OUT=benchmarks/agent/results
mkdir -p "$OUT"
{
  echo "# lag: $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/machine-lag.txt"
# the native physics library prints a banner on stdout: keep the JSON lines
benchmarks/engine/run.sh lag "$SEEDS" 2>/dev/null | grep --line-buffered '^{' | tee "$OUT/lag.jsonl.tmp"
mv "$OUT/lag.jsonl.tmp" "$OUT/lag.jsonl"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine-lag.txt"
python3 benchmarks/agent/lag_summary.py "$OUT/lag.jsonl"
