"""Summarizes benchmarks/agent/results/*.jsonl as the Markdown tables of BENCHMARKS.md."""
import json
import statistics
import sys
from pathlib import Path


def load(path):
    return [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(x, spec):
    return "-" if x is None else format(x, spec)


def main(out):
    out = Path(out)
    for m in sorted(out.glob("machine-*.txt")):
        print(m.read_text().strip())
    runs = load(out / "cartpole.jsonl")
    print("\n## CartPole-v1, rl-baselines3-zoo settings, 50k env steps per run\n")
    print("| impl | seed | steps to last-10 mean >= 475 | seconds to 475 | env-steps/s (wall) | env-steps per CPU-s "
          "| rollout s | update s |")
    print("|---|---|---|---|---|---|---|---|")
    for r in runs:
        print(f"| {r['impl']} | {r['seed']} | {fmt(r['reached_at'], ',')} | {fmt(r['reached_seconds'], '.1f')} "
              f"| {r['fps']:,.0f} | {fmt(r.get('steps_per_cpu_second'), ',.0f')} | {r['rollout_seconds']:.1f} "
              f"| {r['update_seconds']:.1f} |")
    j = [r for r in runs if r["impl"] == "jmegym"]
    s = [r for r in runs if r["impl"] == "sb3"]
    print()
    for name, rs in (("jmegym", j), ("sb3", s)):
        solved = sum(1 for r in rs if r["reached_at"] is not None and r["reached_at"] <= 50_000)
        print(f"- {name}: median {med([r['fps'] for r in rs]):,.0f} env-steps/s; median steps to 475 "
              f"{fmt(med([r['reached_at'] for r in rs]), ',.0f')}; median seconds to 475 "
              f"{fmt(med([r['reached_seconds'] for r in rs]), '.1f')}; reached 475 within 50k on {solved}/{len(rs)} seeds")
    cpu_pairs = [a["steps_per_cpu_second"] / b["steps_per_cpu_second"] for a, b in zip(j, s)
                 if a.get("steps_per_cpu_second") and b.get("steps_per_cpu_second")]
    if cpu_pairs:
        print(f"- speed ratio jmegym / SB3 in env-steps per CPU-second: median {med(cpu_pairs):.2f}x "
              f"(per seed: {', '.join(f'{p:.2f}' for p in cpu_pairs)})")
    pairs = [a["fps"] / b["fps"] for a, b in zip(j, s)]
    if pairs:
        print(f"- speed ratio jmegym / SB3 (env-steps/s, same seed, back to back): median {med(pairs):.2f}x "
              f"(per seed: {', '.join(f'{p:.2f}' for p in pairs)})")
        print(f"- ratio of medians: {med([r['fps'] for r in j]) / med([r['fps'] for r in s]):.2f}x")
    pend = out / "pendulum.jsonl"
    if pend.exists():
        p = load(pend)
        print("\n## Pendulum-v1, jmegym preset (the zoo's settings with gSDE), stop at last-10 mean >= -200, max 300k\n")
        print("| seed | steps to -200 | seconds | env-steps/s | last-10 mean at stop |")
        print("|---|---|---|---|---|")
        for r in p:
            print(f"| {r['seed']} | {fmt(r['reached_at'], ',')} | {r['seconds']:.1f} | {r['fps']:,.0f} | {r['last10']:.1f} |")
        ok = sum(1 for r in p if r["reached_at"] is not None)
        print(f"\n- reached -200 within 300k on {ok}/{len(p)} seeds; median steps {fmt(med([r['reached_at'] for r in p]), ',.0f')}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/agent/results")
