"""Stable-Baselines3 PPO on bridged CartPole-v1 (jmegym.sb3, one round trip per vector step) against SB3 on
Gymnasium's own CartPole-v1 (DummyVecEnv), side by side in one run, with rl-baselines3-zoo's CartPole settings.

    python benchmarks/bridge/sb3_speed.py [--steps 50000] [--repeats 3]

Each row alternates the two sides per repeat (so drift on a shared machine hits both) and reports the median
env-steps/s of the whole ``learn`` call (rollouts and training) and the ratio jmegym / Gymnasium. Torch runs on one
thread, as SB3 is usually benchmarked on small MLPs. Prints a Markdown table.
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


def rate(make, steps: int, seed: int) -> float:
    env = make(seed)
    try:
        model = zoo_ppo(env, seed)
        t0 = time.perf_counter()
        model.learn(total_timesteps=steps)
        return model.num_timesteps / (time.perf_counter() - t0)
    finally:
        env.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=50_000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()

    import torch
    from stable_baselines3.common.env_util import make_vec_env as sb3_make_vec_env

    import jmegym
    from jmegym.sb3 import make_vec_env

    torch.set_num_threads(1)
    sides = {
        "SB3 on Gymnasium CartPole-v1 (DummyVecEnv, 8 envs)": lambda s: sb3_make_vec_env("CartPole-v1", n_envs=8, seed=s),
        "SB3 on jmegym/CartPole-v1 (jmegym.sb3, 8 envs)": lambda s: make_vec_env("jmegym/CartPole-v1", n_envs=8, seed=s),
    }
    results: dict[str, list[float]] = {k: [] for k in sides}
    rate(sides[list(sides)[1]], 2_000, 0)  # JVM start and JIT warm-up outside the timing
    for r in range(args.repeats):
        for name, make in sides.items():
            results[name].append(rate(make, args.steps, r))
    jmegym.close()
    gym_rate, java_rate = (statistics.median(v) for v in results.values())
    import stable_baselines3

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; SB3 "
          f"{stable_baselines3.__version__}, torch {torch.__version__} (1 thread); {args.steps} steps x "
          f"{args.repeats} repeats")
    print("| side | env-steps/s (median) | runs |")
    print("|---|---|---|")
    for name, v in results.items():
        print(f"| {name} | {statistics.median(v):,.0f} | {', '.join(f'{x:,.0f}' for x in v)} |")
    print(f"\nratio jmegym / Gymnasium: {java_rate / gym_rate:.2f}x")


if __name__ == "__main__":
    main()
