"""``crosscheck curves``: the Java trainer and Stable-Baselines3 (PPO) / sb3-contrib (TRPO) trained with the same
settings over N seeds each; per seed the env steps to the reward threshold and the final return, a two-sided
Mann-Whitney U test of each, and a PNG of both learning-curve bands (mean and interquartile range over seeds).

The Java side is ``jmegym train --env ID --algo A --seed S --steps N`` with the env's preset; the Python side takes
the rl-baselines3-zoo settings that the presets mirror from the checkout's ``benchmarks/agent/sb3_ppo.py`` and
``sb3_trpo.py`` (one home for them). Both are scored alike: after every rollout (``nEnvs x nSteps`` env steps, the
same on both sides), the mean return of the last 10 finished episodes; a run reaches the threshold at the first
rollout where at least 10 episodes are done and that mean is >= the threshold.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import resource
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

BAD_INPUT = 2
# Thresholds for envs whose Gymnasium spec has none: Pendulum-v1's is the benchmarks' solved criterion (BENCHMARKS.md).
FALLBACK_THRESHOLDS = {"Pendulum-v1": -200.0}
ALGOS = {"ppo": ("sb3_ppo", "stable_baselines3", "PPO"), "trpo": ("sb3_trpo", "sb3_contrib", "TRPO")}
LAST_N = 10


class BadInput(Exception):
    """A value the user gave (or the checkout lacks) that stops the run before it starts; exit code 2."""


@dataclass
class Run:
    """One training run: its learning curve (env steps, last-10 mean return, episodes finished) and its figures."""

    impl: str
    env: str
    algo: str
    seed: int
    steps: int
    curve: list = field(default_factory=list)  # [step, last10 mean or None, episodes]
    cpu_seconds: float = 0.0
    wall_seconds: float = 0.0

    def reached(self, threshold: float) -> int | None:
        """The first env step at which >= 10 episodes are done and their last-10 mean is >= threshold, or None."""
        for step, mean, episodes in self.curve:
            if episodes >= LAST_N and mean is not None and mean >= threshold:
                return int(step)
        return None

    def final(self) -> float | None:
        return self.curve[-1][1] if self.curve else None


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "curves", help="learning curves of the Java trainer and SB3 over N seeds, with a Mann-Whitney U test",
        description=__doc__.split("\n\n")[0])
    p.add_argument("--env", required=True, metavar="ID", help="env id, e.g. CartPole-v1 or Pendulum-v1")
    p.add_argument("--algo", required=True, choices=sorted(ALGOS), help="ppo (SB3 PPO) or trpo (sb3-contrib TRPO)")
    p.add_argument("--seeds", type=int, default=10, metavar="N", help="seeds 0..N-1 on each side (default 10)")
    p.add_argument("--steps", type=int, metavar="N",
                   help="env steps per run (default: the zoo's n_timesteps); learning-rate and clip schedules anneal "
                        "over it on both sides")
    p.add_argument("--threshold", type=float, metavar="R",
                   help="reward threshold (default: the Gymnasium spec's, -200 for Pendulum-v1)")
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="output folder (default: runs/crosscheck-<env>-<algo>); runs.jsonl there is reused, so an "
                        "interrupted comparison resumes and more seeds can be added later")
    p.add_argument("--jmegym", metavar="PATH", help="the jmegym CLI: bridge/target/jmegym.jar or the ./jmegym "
                   "script (default: $JMEGYM_CLI, else the source checkout's bridge/target/jmegym.jar)")
    p.add_argument("--torch-threads", type=int, default=1, metavar="T",
                   help="torch threads for SB3 (default 1: SB3's best case on a shared machine)")
    p.add_argument("--alpha", type=float, default=0.05, help="exit 1 when a test's p-value is below this "
                   "(default 0.05)")
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    try:
        plan = _plan(args)
    except BadInput as e:
        print(f"crosscheck curves: {e}", file=sys.stderr)
        return BAD_INPUT
    out: Path = plan["out"]
    out.mkdir(parents=True, exist_ok=True)
    done = _load_runs(out / "runs.jsonl")
    runs: dict[str, list[Run]] = {"jmegym": [], plan["sb3_name"]: []}
    for seed in range(args.seeds):
        for impl in runs:
            key = (impl, args.env, args.algo, seed, plan["steps"])
            r = done.get(key)
            if r is None:
                t = time.strftime("%H:%M:%S")
                print(f"[{t}] {impl} {args.algo} {args.env} seed {seed}, {plan['steps']} steps ...", flush=True)
                r = _java_run(plan, seed) if impl == "jmegym" else _sb3_run(plan, seed)
                with open(out / "runs.jsonl", "a", encoding="utf-8") as f:
                    f.write(json.dumps(asdict(r)) + "\n")
            runs[impl].append(r)
    report = _report(plan, runs)
    (out / "table.md").write_text(report["table"], encoding="utf-8")
    (out / "summary.json").write_text(json.dumps(report["summary"], indent=1), encoding="utf-8")
    _plot(plan, runs, out / "curves.png")
    print(report["table"])
    print(f"written: {out / 'table.md'}, {out / 'summary.json'}, {out / 'curves.png'}")
    worst = min(t["p"] for t in report["summary"]["tests"].values())
    return 1 if worst < args.alpha else 0


def _plan(args: argparse.Namespace) -> dict[str, Any]:
    if args.seeds < 2:
        raise BadInput(f"--seeds={args.seeds}: expected at least 2 seeds per side (a rank test needs them)")
    if args.steps is not None and args.steps < 1:
        raise BadInput(f"--steps={args.steps}: expected a number of env steps >= 1")
    if not 0 < args.alpha < 1:
        raise BadInput(f"--alpha={args.alpha}: expected a p-value threshold in (0, 1)")
    if args.torch_threads < 1:
        raise BadInput(f"--torch-threads={args.torch_threads}: expected >= 1")
    cli = _find_cli(args.jmegym)
    module_name, package, cls = ALGOS[args.algo]
    zoo_module = _zoo_module(module_name, cli)
    zoo = zoo_module.ZOO.get(args.env)
    if zoo is None:
        raise BadInput(f"--env={args.env}: no rl-baselines3-zoo settings for it in {zoo_module.__file__} "
                       f"(known for {args.algo}: {', '.join(sorted(zoo_module.ZOO))})")
    threshold = args.threshold if args.threshold is not None else _threshold(args.env)
    n_steps = zoo["kwargs"]["n_steps"]
    return {"env": args.env, "algo": args.algo, "seeds": args.seeds, "cli": cli, "zoo": zoo, "zoo_module": zoo_module,
            "sb3_package": package, "sb3_class": cls, "sb3_name": "sb3" if args.algo == "ppo" else "sb3-contrib",
            "steps": args.steps or zoo["n_timesteps"], "threshold": threshold,
            "rollout": zoo["n_envs"] * n_steps, "torch_threads": args.torch_threads,
            "out": args.out or Path("runs") / f"crosscheck-{args.env}-{args.algo}"}


def _threshold(env_id: str) -> float:
    import gymnasium

    try:
        t = gymnasium.spec(env_id).reward_threshold
    except gymnasium.error.Error as e:
        raise BadInput(f"--env={env_id}: not a Gymnasium id ({e})") from None
    if t is None:
        t = FALLBACK_THRESHOLDS.get(env_id)
    if t is None:
        raise BadInput(f"--env={env_id}: its Gymnasium spec has no reward threshold; give --threshold R")
    return float(t)


def _find_cli(given: str | None) -> list[str]:
    """The command that runs the jmegym CLI: --jmegym, $JMEGYM_CLI, or the checkout's bridge/target/jmegym.jar."""
    from ..bridge import find_java

    where = "--jmegym" if given else "JMEGYM_CLI" if os.environ.get("JMEGYM_CLI") else None
    path = Path(given or os.environ.get("JMEGYM_CLI") or "")
    if where is None:
        root = _checkout()
        path = root / "bridge" / "target" / "jmegym.jar" if root else Path()
        if root is None or not path.is_file():
            raise BadInput("the jmegym CLI jar was not found: give --jmegym PATH (bridge/target/jmegym.jar or the "
                           "./jmegym script) or set JMEGYM_CLI, or build it in the source checkout with "
                           "`mvn -B -o -pl bridge -am package -DskipTests`")
    if not path.is_file():
        raise BadInput(f"{where}={path}: no such file (expected bridge/target/jmegym.jar or the ./jmegym script)")
    return [find_java(), "-jar", str(path)] if path.suffix == ".jar" else [str(path)]


def _checkout(start: Path | None = None) -> Path | None:
    """The jmegym source checkout above this package (the folder holding benchmarks/agent/sb3_ppo.py), or None."""
    for d in (start or Path(__file__).resolve()).parents:
        if (d / "benchmarks" / "agent" / "sb3_ppo.py").is_file():
            return d
    return None


def _zoo_module(name: str, cli: list[str]):
    """benchmarks/agent/<name>.py of the checkout (found above this package or above the CLI jar)."""
    root = _checkout() or _checkout(Path(cli[-1]).resolve())
    if root is None:
        raise BadInput(f"the zoo settings live in the source checkout's benchmarks/agent/{name}.py, and no checkout "
                       f"was found above {Path(__file__).resolve()} or {cli[-1]}")
    folder = str(root / "benchmarks" / "agent")
    if folder not in sys.path:
        sys.path.insert(0, folder)  # sb3_trpo imports sb3_ppo by its plain name
    try:
        return importlib.import_module(name)
    except ImportError as e:
        raise BadInput(f"{folder}/{name}.py needs {e.name}: pip install \"jmegym[crosscheck]\"") from None


def _java_run(plan: dict, seed: int) -> Run:
    folder = plan["out"] / "jmegym" / f"seed-{seed}"
    folder.mkdir(parents=True, exist_ok=True)
    cmd = [*plan["cli"], "train", "--env", plan["env"], "--algo", plan["algo"], "--seed", str(seed),
           "--steps", str(plan["steps"]), "--out", str(folder), "--overwrite", "--no-progress"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(plan["out"] / "jmegym" / f"seed-{seed}.log", "w", encoding="utf-8") as log:
        rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "JMEGYM_NO_BUILD": "1"},
                            check=False).returncode
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if rc != 0:
        tail = (plan["out"] / "jmegym" / f"seed-{seed}.log").read_text(encoding="utf-8")[-2000:]
        raise RuntimeError(f"`{' '.join(cmd)}` exited with {rc}:\n{tail}")
    curve = []
    for line in (folder / "metrics.jsonl").read_text(encoding="utf-8").splitlines():
        m = json.loads(line)
        mean = m.get("rollout/ep_rew_mean_last10")
        episodes = int(m.get("rollout/episodes", 0))
        curve.append([int(m["step"]), None if mean is None or episodes == 0 or math.isnan(mean) else float(mean),
                      episodes])
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Run("jmegym", plan["env"], plan["algo"], seed, plan["steps"], curve, round(cpu, 3), round(wall, 3))


def _sb3_run(plan: dict, seed: int) -> Run:
    import torch
    from stable_baselines3.common.env_util import make_vec_env

    torch.set_num_threads(plan["torch_threads"])
    zoo = plan["zoo"]
    cls = getattr(importlib.import_module(plan["sb3_package"]), plan["sb3_class"])
    venv = make_vec_env(plan["env"], n_envs=zoo["n_envs"], seed=seed)
    model = cls("MlpPolicy", venv, seed=seed, device="cpu", verbose=0, **zoo["kwargs"])
    # The schedules anneal over total_timesteps: the same horizon as the Java run's --steps (its totalSteps).
    figures = plan["zoo_module"].timed_learn(model, plan["steps"], plan["threshold"], plan["steps"], False)
    # DummyVecEnv steps its envs in lockstep: env i's episode ending at its k-th step ends at global step n_envs * k.
    ends = []
    for i, monitor in enumerate(venv.envs):
        k = 0
        for length, ret in zip(monitor.get_episode_lengths(), monitor.get_episode_rewards()):
            k += length
            ends.append((zoo["n_envs"] * k, i, float(ret)))
    ends.sort()
    curve, returns, j = [], [], 0
    for step in range(plan["rollout"], model.num_timesteps + 1, plan["rollout"]):
        while j < len(ends) and ends[j][0] <= step:
            returns.append(ends[j][2])
            j += 1
        curve.append([step, float(np.mean(returns[-LAST_N:])) if returns else None, len(returns)])
    venv.close()
    return Run(plan["sb3_name"], plan["env"], plan["algo"], seed, plan["steps"], curve,
               figures["cpu_seconds"], figures["seconds"])


def _load_runs(path: Path) -> dict[tuple, Run]:
    runs = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = Run(**json.loads(line))
                runs[(r.impl, r.env, r.algo, r.seed, r.steps)] = r
    return runs


def _u_test(a: list[float], b: list[float]) -> dict[str, float]:
    from scipy.stats import mannwhitneyu

    if len(set(a) | set(b)) == 1:  # all tied: no evidence of a difference (scipy's p is NaN there)
        return {"U": len(a) * len(b) / 2, "p": 1.0}
    res = mannwhitneyu(a, b, alternative="two-sided")
    return {"U": float(res.statistic), "p": float(res.pvalue)}


def _report(plan: dict, runs: dict[str, list[Run]]) -> dict[str, Any]:
    threshold, steps = plan["threshold"], plan["steps"]
    java, sb3 = runs["jmegym"], runs[plan["sb3_name"]]
    name = plan["sb3_name"]

    def reach(r: Run) -> float:
        s = r.reached(threshold)
        return float(steps + 1) if s is None else float(s)  # not reached ranks after every run that reached it

    def fmt_reach(r: Run) -> str:
        s = r.reached(threshold)
        return "not reached" if s is None else f"{s:,}"

    def fmt(v: float | None) -> str:
        return "-" if v is None else f"{v:.1f}"

    rows = [f"| seed | jmegym steps to {threshold:g} | {name} steps to {threshold:g} | jmegym final | {name} final "
            f"| jmegym CPU s | {name} CPU s |", "|---|---|---|---|---|---|---|"]
    for a, b in zip(java, sb3):
        rows.append(f"| {a.seed} | {fmt_reach(a)} | {fmt_reach(b)} | {fmt(a.final())} | {fmt(b.final())} "
                    f"| {a.cpu_seconds:.0f} | {b.cpu_seconds:.0f} |")

    def med(xs: list[float]) -> float:
        return float(np.median(xs))

    ra, rb = [reach(r) for r in java], [reach(r) for r in sb3]
    fa, fb = [r.final() if r.final() is not None else -math.inf for r in java], \
        [r.final() if r.final() is not None else -math.inf for r in sb3]
    na, nb = sum(r.reached(threshold) is not None for r in java), sum(r.reached(threshold) is not None for r in sb3)
    rows.append(f"| median | {med(ra):,.0f} ({na}/{len(java)} reached) | {med(rb):,.0f} ({nb}/{len(sb3)} reached) "
                f"| {med(fa):.1f} | {med(fb):.1f} | {med([r.cpu_seconds for r in java]):.0f} "
                f"| {med([r.cpu_seconds for r in sb3]):.0f} |")
    tests = {"steps_to_threshold": _u_test(ra, rb), "final_return": _u_test(fa, fb)}
    lines = [f"{plan['env']}, {plan['algo']}: jmegym vs {name}, {len(java)} seeds each, {steps:,} env steps per run, "
             f"threshold {threshold:g} (last-10 mean return, checked after every rollout of {plan['rollout']} steps)",
             "", *rows, "",
             f"Mann-Whitney U (two-sided): steps to {threshold:g}: U = {tests['steps_to_threshold']['U']:g}, "
             f"p = {tests['steps_to_threshold']['p']:.3g}; final return: U = {tests['final_return']['U']:g}, "
             f"p = {tests['final_return']['p']:.3g}"]
    summary = {"env": plan["env"], "algo": plan["algo"], "steps": steps, "threshold": threshold,
               "seeds": len(java), "tests": tests,
               "runs": [{"impl": r.impl, "seed": r.seed, "reached": r.reached(threshold), "final": r.final(),
                         "cpu_seconds": r.cpu_seconds, "wall_seconds": r.wall_seconds} for r in java + sb3]}
    return {"table": "\n".join(lines) + "\n", "summary": summary}


def _plot(plan: dict, runs: dict[str, list[Run]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    grid = np.arange(plan["rollout"], plan["steps"] + plan["rollout"], plan["rollout"])
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for (impl, rs), colour in zip(runs.items(), ("tab:blue", "tab:orange")):
        ys = np.array([_on_grid(r, grid) for r in rs])
        ok = ~np.all(np.isnan(ys), axis=0)
        if not ok.any():
            continue
        x, ys = grid[ok], ys[:, ok]
        ax.plot(x, np.nanmean(ys, axis=0), color=colour, label=f"{impl} (mean of {len(rs)} seeds)")
        ax.fill_between(x, np.nanpercentile(ys, 25, axis=0), np.nanpercentile(ys, 75, axis=0), color=colour,
                        alpha=0.25, label=f"{impl} interquartile range")
    ax.axhline(plan["threshold"], color="grey", linestyle="--", linewidth=1, label=f"threshold {plan['threshold']:g}")
    ax.set_xlabel("env steps")
    ax.set_ylabel(f"mean return of the last {LAST_N} episodes")
    ax.set_title(f"{plan['env']} {plan['algo']}: jmegym vs {plan['sb3_name']}")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    tmp = path.with_name(f".{path.name}.tmp.png")
    fig.savefig(tmp, dpi=100)
    plt.close(fig)
    os.replace(tmp, path)


def _on_grid(r: Run, grid: np.ndarray) -> np.ndarray:
    """The run's last-10 mean at each grid step (its latest point at or before it; NaN before its first)."""
    steps = np.array([c[0] for c in r.curve])
    values = np.array([np.nan if c[1] is None else c[1] for c in r.curve])
    idx = np.searchsorted(steps, grid, side="right") - 1
    return np.where(idx >= 0, values[np.clip(idx, 0, None)], np.nan) if len(steps) else np.full(len(grid), np.nan)
