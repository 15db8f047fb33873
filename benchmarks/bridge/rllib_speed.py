"""Ray RLlib sampling speed on jmegym envs (jmegym.rllib): env-steps/s of RLlib's env runners with 1 and 2 runners,
each hosting its sub-envs in one JVM of its own, against the same runners on Gymnasium's own CartPole-v1.

    python benchmarks/bridge/rllib_speed.py [--envs-per-runner 8] [--steps 4000] [--repeats 3] [--env jmegym/Chase-v0]
        [--modes vector_entry_point sync] [--runners 1 2] [--no-reference]

Sampling only: an untrained PPO RLModule (RLlib's default MLP, torch, exploration on) picks the actions; each timed
call is ``EnvRunner.sample(num_timesteps=steps)`` on every remote runner at once (``foreach_env_runner``), and the
rate is all runners' env steps over the wall time of that call (median of ``repeats``, after one warm-up call).
Rows: jmegym with ``gym_env_vectorize_mode="vector_entry_point"`` (what ``jmegym.rllib.configure`` sets: one
``stepAll`` round trip per vector step), jmegym with RLlib's default ``"sync"`` (one round trip per sub-env step),
and Gymnasium's CartPole-v1 in pure Python as the reference. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time


def measure(env: str, runners: int, envs_per_runner: int, mode: str, steps: int, repeats: int) -> list[float]:
    from ray.rllib.algorithms.ppo import PPOConfig

    import jmegym.rllib

    config = PPOConfig()
    if env.startswith("jmegym/"):
        jmegym.rllib.configure(config, env, num_envs_per_env_runner=envs_per_runner, java_opts=["-Xmx512m"])
        config.env_runners(gym_env_vectorize_mode=mode)
    else:
        config.environment(env).env_runners(num_envs_per_env_runner=envs_per_runner, gym_env_vectorize_mode=mode)
    config.env_runners(num_env_runners=runners, num_cpus_per_env_runner=1)
    config.learners(num_learners=0, num_cpus_per_learner=0)
    config.training(train_batch_size_per_learner=256, minibatch_size=128, num_epochs=1)
    config.debugging(seed=0)
    algo = config.build_algo()
    try:
        group = algo.env_runner_group

        def sample_all() -> tuple[int, float]:
            t0 = time.perf_counter()
            counts = group.foreach_env_runner(lambda r: sum(len(e) for e in r.sample(num_timesteps=steps)),
                                              local_env_runner=False)
            return sum(counts), time.perf_counter() - t0

        sample_all()  # JIT and torch warm-up outside the timing
        rates = []
        for _ in range(repeats):
            n, dt = sample_all()
            rates.append(n / dt)
        return rates
    finally:
        algo.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--envs-per-runner", type=int, default=8)
    ap.add_argument("--steps", type=int, default=4000, help="env steps per runner per timed sample call")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--runners", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--env", action="append", help="jmegym env(s) to time (default jmegym/CartPole-v1)")
    ap.add_argument("--modes", nargs="+", default=["vector_entry_point", "sync"],
                    help="gym_env_vectorize_mode(s) of the jmegym rows")
    ap.add_argument("--no-reference", action="store_true", help="skip Gymnasium's own CartPole-v1")
    args = ap.parse_args()

    import ray
    import torch

    ray.init(num_cpus=os.cpu_count(), include_dashboard=False, log_to_driver=False, configure_logging=False)
    rows = []
    try:
        sides = []
        for env in args.env or ["jmegym/CartPole-v1"]:
            sides += [(env, mode) for mode in args.modes]
        if not args.no_reference:
            sides.append(("CartPole-v1", "sync"))
        for env, mode in sides:
            for k in args.runners:
                rates = measure(env, k, args.envs_per_runner, mode, args.steps, args.repeats)
                rows.append((env, mode, k, rates))
                print(f"  {env} {mode} {k} runner(s): {statistics.median(rates):,.0f} env-steps/s", flush=True)
    finally:
        ray.shutdown()

    print(f"\nmachine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; Ray {ray.__version__}, "
          f"torch {torch.__version__}; {args.envs_per_runner} sub-envs per runner, {args.steps} steps per runner per "
          f"call, {args.repeats} timed calls")
    print("| env | gym_env_vectorize_mode | env runners | env-steps/s (median) | runs |")
    print("|---|---|---|---|---|")
    for env, mode, k, rates in rows:
        print(f"| {env} | {mode} | {k} | {statistics.median(rates):,.0f} | {', '.join(f'{x:,.0f}' for x in rates)} |")


if __name__ == "__main__":
    main()
