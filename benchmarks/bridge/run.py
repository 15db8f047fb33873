"""Env-steps per second of bridged CartPole-v1 against Gymnasium's own, side by side in one run.

    python benchmarks/bridge/run.py [--seconds 2] [--repeats 3]

Rows: a single env made with ``gymnasium.make`` (both sides get Gymnasium's TimeLimit/OrderEnforcing/checker
wrappers), and vectors of 16 and 64 envs made with ``gymnasium.make_vec`` (Gymnasium: ``SyncVectorEnv``; bridged:
``JavaVectorEnv``, one call per step). Actions are pre-generated uniformly random; single envs reset when an
episode ends, vectors autoreset. Each figure is the median of ``--repeats`` timed runs of ``--seconds`` each after
a warm-up. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import gymnasium as gym
import numpy as np

import jmegym


def single_rate(env: gym.Env, seconds: float) -> float:
    actions = np.random.default_rng(0).integers(0, 2, size=100_000)
    env.reset(seed=0)
    steps, t0 = 0, time.perf_counter()
    while True:
        for _ in range(1000):
            _, _, term, trunc, _ = env.step(int(actions[steps % len(actions)]))
            steps += 1
            if term or trunc:
                env.reset()
        if time.perf_counter() - t0 >= seconds:
            return steps / (time.perf_counter() - t0)


def vector_rate(env: gym.vector.VectorEnv, seconds: float) -> float:
    n = env.num_envs
    actions = np.random.default_rng(0).integers(0, 2, size=(1000, n))
    env.reset(seed=0)
    steps, t0 = 0, time.perf_counter()
    while True:
        for i in range(100):
            env.step(actions[(steps // n + i) % 1000])
        steps += 100 * n
        if time.perf_counter() - t0 >= seconds:
            return steps / (time.perf_counter() - t0)


def measure(make, rate, seconds: float, repeats: int) -> list[float]:
    env = make()
    try:
        rate(env, min(0.5, seconds))  # warm-up (JIT on the Java side)
        return [rate(env, seconds) for _ in range(repeats)]
    finally:
        env.close()


def fmt(runs: list[float]) -> str:
    return f"{statistics.median(runs):,.0f} [{min(runs):,.0f}-{max(runs):,.0f}]"


def main() -> None:
    p = argparse.ArgumentParser(description="bridged vs Gymnasium CartPole-v1 env-steps/s")
    p.add_argument("--seconds", type=float, default=2.0)
    p.add_argument("--repeats", type=int, default=3)
    a = p.parse_args()
    jmegym.launch()  # the default bridge; JVM options from $JMEGYM_JAVA_OPTS
    rows = []
    gym_single = measure(lambda: gym.make("CartPole-v1"), single_rate, a.seconds, a.repeats)
    ours_single = measure(lambda: gym.make("jmegym/CartPole-v1"), single_rate, a.seconds, a.repeats)
    rows.append(("single env (`gym.make`: wrapped `CartPoleEnv` / `JavaEnv`)", gym_single, ours_single))
    for n in (16, 64):
        g = measure(lambda: gym.make_vec("CartPole-v1", num_envs=n, vectorization_mode="sync"), vector_rate,
                    a.seconds, a.repeats)
        o = measure(lambda: gym.make_vec("jmegym/CartPole-v1", num_envs=n), vector_rate, a.seconds, a.repeats)
        rows.append((f"{n} envs (`gym.make_vec`: `SyncVectorEnv` / `JavaVectorEnv`)", g, o))
    native = measure(lambda: gym.make_vec("CartPole-v1", num_envs=64, vectorization_mode="vector_entry_point"),
                     vector_rate, a.seconds, a.repeats)
    jmegym.close()

    print(f"CartPole-v1 env-steps/s, median [min-max] of {a.repeats} x {a.seconds:g} s; {platform.node()}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, Python {platform.python_version()}, "
          f"gymnasium {gym.__version__}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print()
    print("| setup | Gymnasium (Python) | jmegym bridge | bridge / Gymnasium |")
    print("|---|---:|---:|---:|")
    for name, g, o in rows:
        ratio = statistics.median(o) / statistics.median(g)
        print(f"| {name} | {fmt(g)} | {fmt(o)} | {ratio:.2f}x |")
    ratio = statistics.median(rows[-1][2]) / statistics.median(native)
    print(f"| 64 envs, Gymnasium's NumPy-vectorised `CartPoleVectorEnv` (reference only) | {fmt(native)} | – | "
          f"{ratio:.2f}x |")

if __name__ == "__main__":
    main()
