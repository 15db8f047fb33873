"""Ray RLlib PPO (new API stack) on jmegym/Chase-v0 through jmegym.rllib: each env runner is a Ray actor process
that hosts its sub-envs in one JVM of its own and steps them with one bridge round trip per vector step.

    pip install "./bridge/python[rllib]"        # in a venv of its own: RLlib pins gymnasium 1.2.x
    python bridge/python/examples/rllib_chase.py [--iterations 5] [--runners 2] [--envs-per-runner 4]
    python bridge/python/examples/rllib_chase.py --env jmegym/CartPole-v1 --iterations 20

Prints, per training iteration, the mean return of the episodes that ended in it, the env steps sampled and the
time taken. ``--address auto`` joins a running Ray cluster instead of starting a local one (each node needs the
package and Java; see "Ray RLlib" in docs/python.md).
"""

from __future__ import annotations

import argparse
import os
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--env", default="jmegym/Chase-v0")
    ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--runners", type=int, default=2, help="env runners (processes, one JVM each)")
    ap.add_argument("--envs-per-runner", type=int, default=4, help="sub-envs per runner (one JVM vector)")
    ap.add_argument("--batch", type=int, default=2000, help="env steps per training iteration")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--address", default=None, help="a Ray cluster to join (e.g. auto); default: a local Ray")
    args = ap.parse_args()

    import ray
    from ray.rllib.algorithms.ppo import PPOConfig

    import jmegym.rllib

    if args.address:
        ray.init(address=args.address)
    else:  # a small local Ray: the runners, one CPU each, and the learner in this process
        ray.init(num_cpus=max(os.cpu_count() or 1, args.runners), include_dashboard=False, log_to_driver=False)
    try:
        config = jmegym.rllib.configure(PPOConfig(), args.env, num_envs_per_env_runner=args.envs_per_runner,
                                        java_opts=["-Xmx512m"])
        fragment = max(1, args.batch // (max(args.runners, 1) * args.envs_per_runner))
        config.env_runners(num_env_runners=args.runners, rollout_fragment_length=fragment)
        config.training(train_batch_size_per_learner=args.batch, minibatch_size=min(256, args.batch), num_epochs=6,
                        lr=3e-4, gamma=0.99)
        config.debugging(seed=args.seed)
        algo = config.build_algo()
        try:
            t0 = time.perf_counter()
            for i in range(1, args.iterations + 1):
                result = algo.train()
                runners = result["env_runners"]
                ret = runners.get("episode_return_mean", float("nan"))
                print(f"iteration {i:3d}: episode return mean {ret:8.2f}  episodes {int(runners.get('num_episodes', 0)):4d}"
                      f"  env steps {int(runners.get('num_env_steps_sampled_lifetime', 0)):7d}"
                      f"  {time.perf_counter() - t0:6.1f} s", flush=True)
        finally:
            algo.stop()  # each runner closes its env, which shuts its JVM down
    finally:
        ray.shutdown()


if __name__ == "__main__":
    main()
