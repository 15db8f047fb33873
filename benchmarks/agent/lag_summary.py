#!/usr/bin/env python3
"""Summary table of benchmarks/agent/lag.sh: per env and arm, env steps to the goal (median and range over the seeds
that reached it), how many seeds reached it, and the mean measured train/policy_lag and train/ess of the runs.

Usage: python3 benchmarks/agent/lag_summary.py [benchmarks/agent/results/lag.jsonl]
"""
import json
import statistics
import sys

ARMS = ["sync", "background-none", "background-vtrace"]


def main(path):
    runs = [json.loads(line) for line in open(path) if line.startswith("{")]
    print("| env | arm | reached | median env steps to goal | range | train/policy_lag | train/ess (mean; min) |")
    print("|---|---|---:|---:|---|---:|---|")
    for env in dict.fromkeys(r["env"] for r in runs):
        for arm in ARMS:
            rs = [r for r in runs if r["env"] == env and r["arm"] == arm]
            if not rs:
                continue
            at = sorted(r["reached_at"] for r in rs if r["reached_at"] is not None)
            med = f"{statistics.median(at):,.0f}" if at else "-"
            rng = f"{at[0]:,}-{at[-1]:,}" if at else "-"
            lag = statistics.mean(r["policy_lag"] for r in rs)
            ess = [r["ess"] for r in rs if r["ess"] == r["ess"]]
            ess_min = [r["ess_min"] for r in rs if r["ess_min"] == r["ess_min"]]
            ess_txt = f"{statistics.mean(ess):.3f}; {min(ess_min):.3f}" if ess else "-"
            print(f"| {env} | {arm} | {len(at)}/{len(rs)} | {med} | {rng} | {lag:.2f} | {ess_txt} |")
    print()
    print("per seed (env steps to goal; - = not reached):")
    for env in dict.fromkeys(r["env"] for r in runs):
        for arm in ARMS:
            rs = sorted((r for r in runs if r["env"] == env and r["arm"] == arm), key=lambda r: r["seed"])
            if rs:
                cells = " ".join(f"{r['seed']}:{r['reached_at'] if r['reached_at'] is not None else '-'}" for r in rs)
                print(f"  {env} {arm}: {cells}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/agent/results/lag.jsonl")
