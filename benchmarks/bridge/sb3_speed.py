"""Stable-Baselines3 PPO on bridged CartPole-v1 (jmegym.sb3, one round trip per vector step) against SB3 on
Gymnasium's own CartPole-v1 (DummyVecEnv), side by side in one run, with rl-baselines3-zoo's CartPole settings.

    python benchmarks/bridge/sb3_speed.py [--steps 50000] [--repeats 3] [--warmup 50000] [--spin-variants]

``--spin-variants`` adds two jmegym rows: the vector channel's client blocking at once for each reply
(``JMEGYM_CHANNEL_SPIN_US=0``), and a second gateway that also polls 100 us for each request
(``-Djmegym.vectorChannel.spinMicros=100``); the plain jmegym row uses the defaults.

Every row first learns ``--warmup`` steps untimed, so that each side starts warm: the gateway JVM runs a vector
step interpreted and profiled at first, and its JIT takes some 40k CartPole steps (5k vector steps of 8) to settle
at its steady cost, 10-40x below the first steps'; while it does, the client also waits (and polls) for every slow
reply. ``--warmup 2000`` measures mostly that warm-up instead of the bridge. The rows then take turns in an order
that reverses every repeat (drift on a shared machine hits every side alike).

Reported per row: the median env-steps/s of the whole ``learn`` call (rollouts and training), the Python
process's CPU-seconds per 10k env steps in all and split into ``collect_rollouts`` (stepping the envs and the
acting pass) and the rest of ``learn`` (``train``: the same work on every side, so it tells machine drift from a
side's own cost), the gateway JVM's CPU-seconds per 10k env steps (medians; on a loaded machine wall-clock rates
drift, CPU time much less), the load average before and after, and the ratio jmegym / Gymnasium. Torch runs on
one thread, as SB3 is usually benchmarked on small MLPs. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from typing import NamedTuple


def zoo_ppo(env, seed: int):
    from stable_baselines3 import PPO

    def linear(start: float):
        return lambda progress: progress * start

    return PPO("MlpPolicy", env, n_steps=32, batch_size=256, n_epochs=20, gamma=0.98, gae_lambda=0.8,
               learning_rate=linear(1e-3), clip_range=linear(0.2), ent_coef=0.0, seed=seed, verbose=0, device="cpu")


def cpu_seconds(pid: int | None) -> float:
    """CPU time of a process: this one (all threads, exact) when ``pid`` is None, else user + system of ``pid``."""
    if pid is None:
        return time.process_time()
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Run(NamedTuple):
    """One timed ``learn``: env-steps/s, and CPU-seconds per 10k env steps."""

    rate: float
    python: float
    collect: float
    train: float
    jvm: float


def phase_timer():
    """An SB3 callback that adds up the Python process's CPU time inside ``collect_rollouts`` (SB3 calls
    ``on_rollout_start`` at its start and ``on_rollout_end`` at its end)."""
    from stable_baselines3.common.callbacks import BaseCallback

    class CollectTimer(BaseCallback):
        def __init__(self):
            super().__init__()
            self.seconds, self._start = 0.0, 0.0

        def _on_rollout_start(self) -> None:
            self._start = time.process_time()

        def _on_rollout_end(self) -> None:
            self.seconds += time.process_time() - self._start

        def _on_step(self) -> bool:
            return True

    return CollectTimer()


def rate(make, steps: int, seed: int, jvm: int | None) -> Run:
    """One ``learn`` run of ``steps`` env steps on a fresh env and model."""
    env = make(seed)
    try:
        model = zoo_ppo(env, seed)
        timer = phase_timer()
        t0, py0, jvm0 = time.perf_counter(), cpu_seconds(None), cpu_seconds(jvm)
        model.learn(total_timesteps=steps, callback=timer)
        wall, py, java = time.perf_counter() - t0, cpu_seconds(None) - py0, cpu_seconds(jvm) - jvm0
        per10k = 10_000 / model.num_timesteps
        return Run(model.num_timesteps / wall, py * per10k, timer.seconds * per10k, (py - timer.seconds) * per10k,
                   java * per10k)
    finally:
        env.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=50_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=50_000,
                    help="untimed env steps of every row before the timing (0: none, the first repeat runs cold)")
    ap.add_argument("--spin-variants", action="store_true", help="add the rows of other socket polls")
    args = ap.parse_args()
    if args.warmup < 0 or args.steps < 1 or args.repeats < 1:
        ap.error(f"--warmup={args.warmup}, --steps={args.steps}, --repeats={args.repeats}: expected warm-up >= 0 "
                 "and at least one step and one repeat")

    import torch
    from stable_baselines3.common.env_util import make_vec_env as sb3_make_vec_env

    import jmegym
    from jmegym.sb3 import make_vec_env

    torch.set_num_threads(1)
    default = jmegym.default_bridge()

    def pid(bridge) -> int | None:
        p = bridge.process
        return p.pid if p is not None and os.path.exists(f"/proc/{p.pid}/stat") else None

    def jmegym_side(client_spin_us: str | None, bridge):
        def make(seed: int):
            # the client reads its poll when the channel opens, at the first step of learn()
            if client_spin_us is None:
                os.environ.pop("JMEGYM_CHANNEL_SPIN_US", None)
            else:
                os.environ["JMEGYM_CHANNEL_SPIN_US"] = client_spin_us
            return make_vec_env("jmegym/CartPole-v1", n_envs=8, seed=seed, bridge=bridge)
        return make, pid(bridge)

    sides = {
        "SB3 on Gymnasium CartPole-v1 (DummyVecEnv, 8 envs)":
            (lambda s: sb3_make_vec_env("CartPole-v1", n_envs=8, seed=s), pid(default)),
        "SB3 on jmegym/CartPole-v1 (jmegym.sb3, 8 envs)": jmegym_side(None, default),
    }
    spinning = None
    if args.spin_variants:
        spinning = jmegym.launch(set_default=False, java_opts=["-Djmegym.vectorChannel.spinMicros=100"])
        sides["... client blocks at once (JMEGYM_CHANNEL_SPIN_US=0)"] = jmegym_side("0", default)
        sides["... and the gateway polls 100 us per request"] = jmegym_side(None, spinning)
    results: dict[str, list[Run]] = {k: [] for k in sides}
    jvm = pid(default)
    load0 = os.getloadavg()
    if args.warmup > 0:  # --warmup 0 times the cold start (the JVM's JIT settling) as part of the first repeat
        for make, side_jvm in sides.values():
            rate(make, args.warmup, 0, side_jvm)  # torch, SB3 and the JVM's JIT warm, outside the timing
    names = list(sides)
    for r in range(args.repeats):
        for name in names if r % 2 == 0 else names[::-1]:
            make, side_jvm = sides[name]
            results[name].append(rate(make, args.steps, r, side_jvm))
    load1 = os.getloadavg()
    if spinning is not None:
        spinning.close()
    jmegym.close()
    gym_rate, java_rate = (statistics.median(x.rate for x in v) for v in list(results.values())[:2])
    import stable_baselines3

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; SB3 "
          f"{stable_baselines3.__version__}, torch {torch.__version__} (1 thread); {args.steps} steps x "
          f"{args.repeats} repeats after {args.warmup} warm-up steps per row; load average {load0[0]:.1f} before, "
          f"{load1[0]:.1f} after")
    print("| side | env-steps/s (median) | runs | Python CPU-s / 10k steps (collect + train) | "
          "JVM CPU-s / 10k steps |")
    print("|---|---:|---|---:|---:|")
    for name, v in results.items():
        def med(field: str) -> float:
            return statistics.median(getattr(x, field) for x in v)
        java_cpu = f"{med('jvm'):.2f}" if jvm is not None else "n/a"
        print(f"| {name} | {med('rate'):,.0f} | {', '.join(f'{x.rate:,.0f}' for x in v)} | "
              f"{med('python'):.2f} ({med('collect'):.2f} + {med('train'):.2f}) | {java_cpu} |")
    print(f"\nratio jmegym / Gymnasium: {java_rate / gym_rate:.2f}x")


if __name__ == "__main__":
    main()
