"""Stable-Baselines3 PPO on bridged CartPole-v1 (jmegym.sb3, one round trip per vector step) against SB3 on
Gymnasium's own CartPole-v1 (DummyVecEnv), side by side in one run, with rl-baselines3-zoo's CartPole settings.

    python benchmarks/bridge/sb3_speed.py [--steps 50000] [--repeats 3] [--spin-variants]

``--spin-variants`` adds two jmegym rows: the vector channel's client blocking at once for each reply
(``JMEGYM_CHANNEL_SPIN_US=0``), and a second gateway that also polls 100 us for each request
(``-Djmegym.vectorChannel.spinMicros=100``); the plain jmegym row uses the defaults. Each row alternates the two sides per repeat (so drift on a shared machine hits both) and reports the median
env-steps/s of the whole ``learn`` call (rollouts and training), the CPU-seconds per 10k env steps of the Python
process and of the gateway JVM (medians; on a loaded machine wall-clock rates drift, CPU time much less), the load
average before and after, and the ratio jmegym / Gymnasium. Torch runs on one thread, as SB3 is usually benchmarked
on small MLPs. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time


def zoo_ppo(env, seed: int):
    from stable_baselines3 import PPO

    def linear(start: float):
        return lambda progress: progress * start

    return PPO("MlpPolicy", env, n_steps=32, batch_size=256, n_epochs=20, gamma=0.98, gae_lambda=0.8,
               learning_rate=linear(1e-3), clip_range=linear(0.2), ent_coef=0.0, seed=seed, verbose=0, device="cpu")


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU time of a process (this one when ``pid`` is None)."""
    if pid is None:
        t = os.times()
        return t.user + t.system
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rate(make, steps: int, seed: int, jvm: int | None) -> tuple[float, float, float]:
    """env-steps/s, Python CPU-s and JVM CPU-s per 10k env steps of one ``learn`` run."""
    env = make(seed)
    try:
        model = zoo_ppo(env, seed)
        t0, py0, jvm0 = time.perf_counter(), cpu_seconds(None), cpu_seconds(jvm)
        model.learn(total_timesteps=steps)
        wall, py, java = time.perf_counter() - t0, cpu_seconds(None) - py0, cpu_seconds(jvm) - jvm0
        per10k = 10_000 / model.num_timesteps
        return model.num_timesteps / wall, py * per10k, java * per10k
    finally:
        env.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=50_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--spin-variants", action="store_true", help="add the rows of other socket polls")
    args = ap.parse_args()

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
    results: dict[str, list[tuple[float, float, float]]] = {k: [] for k in sides}
    jvm = pid(default)
    load0 = os.getloadavg()
    for make, side_jvm in list(sides.values())[1:]:
        rate(make, 2_000, 0, side_jvm)  # JVM start and JIT warm-up outside the timing
    for r in range(args.repeats):
        for name, (make, side_jvm) in sides.items():
            results[name].append(rate(make, args.steps, r, side_jvm))
    load1 = os.getloadavg()
    if spinning is not None:
        spinning.close()
    jmegym.close()
    gym_rate, java_rate = (statistics.median(x[0] for x in v) for v in list(results.values())[:2])
    import stable_baselines3

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; SB3 "
          f"{stable_baselines3.__version__}, torch {torch.__version__} (1 thread); {args.steps} steps x "
          f"{args.repeats} repeats; load average {load0[0]:.1f} before, {load1[0]:.1f} after")
    print("| side | env-steps/s (median) | runs | Python CPU-s / 10k steps | JVM CPU-s / 10k steps |")
    print("|---|---:|---|---:|---:|")
    for name, v in results.items():
        java_cpu = f"{statistics.median(x[2] for x in v):.2f}" if jvm is not None else "n/a"
        print(f"| {name} | {statistics.median(x[0] for x in v):,.0f} | {', '.join(f'{x[0]:,.0f}' for x in v)} | "
              f"{statistics.median(x[1] for x in v):.2f} | {java_cpu} |")
    print(f"\nratio jmegym / Gymnasium: {java_rate / gym_rate:.2f}x")


if __name__ == "__main__":
    main()
