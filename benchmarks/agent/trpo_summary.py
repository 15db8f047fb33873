"""Summarizes benchmarks/agent/results/trpo-*.jsonl (written by trpo.sh) as the Markdown tables of BENCHMARKS.md."""
import statistics
import sys
from pathlib import Path

from summary import fmt, load, med

TARGETS = {"trpo-cartpole": ("CartPole-v1", 475), "trpo-pendulum": ("Pendulum-v1", -250)}


def main(out):
    out = Path(out)
    for m in sorted(out.glob("machine-trpo-*.txt")):
        print(m.read_text().strip())
    for name, (env, target) in TARGETS.items():
        path = out / f"{name}.jsonl"
        if not path.exists():
            continue
        runs = load(path)
        print(f"\n## {env}, rl-baselines3-zoo TRPO settings, 100k env steps per run, target last-10 mean >= {target}\n")
        print("| impl | seed | steps to target | seconds to target | last-10 mean at 100k | env-steps/s (wall) "
              "| env-steps per CPU-s | rollout s | update s |")
        print("|---|---|---|---|---|---|---|---|---|")
        for r in runs:
            print(f"| {r['impl']} | {r['seed']} | {fmt(r['reached_at'], ',')} | {fmt(r['reached_seconds'], '.1f')} "
                  f"| {r['last10']:.1f} | {r['fps']:,.0f} | {fmt(r.get('steps_per_cpu_second'), ',.0f')} "
                  f"| {r['rollout_seconds']:.1f} | {r['update_seconds']:.1f} |")
        j = [r for r in runs if r["impl"] == "jmegym"]
        s = [r for r in runs if r["impl"] != "jmegym"]
        print()
        for label, rs in (("jmegym", j), ("sb3-contrib", s)):
            if not rs:
                continue
            ok = sum(1 for r in rs if r["last10"] >= target)
            reached = sum(1 for r in rs if r["reached_at"] is not None)
            print(f"- {label}: median {med([r['fps'] for r in rs]):,.0f} env-steps/s; last-10 mean >= {target} at "
                  f"100k on {ok}/{len(rs)} seeds, reached at some point on {reached}/{len(rs)}; median steps to target "
                  f"{fmt(med([r['reached_at'] for r in rs]), ',.0f')}")
        by_seed = {r["seed"]: r for r in s}
        pairs = [a["fps"] / by_seed[a["seed"]]["fps"] for a in j if a["seed"] in by_seed]
        if pairs:
            print(f"- speed ratio jmegym / sb3-contrib (env-steps/s, same seed, back to back): median "
                  f"{med(pairs):.2f}x (per seed: {', '.join(f'{p:.2f}' for p in pairs)})")
        cpu = [a["steps_per_cpu_second"] / by_seed[a["seed"]]["steps_per_cpu_second"] for a in j if a["seed"] in by_seed]
        if cpu:
            print(f"- in env-steps per CPU-second: median {med(cpu):.2f}x")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/agent/results")
