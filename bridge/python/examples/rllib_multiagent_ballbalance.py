"""Ray RLlib PPO (new API stack), multi-agent: several BallBalance-v0 balancers in one Java scene, one shared policy.

The scene comes through ``jmegym.pettingzoo.parallel_env`` (one JVM per env runner, one bridge round trip per step for
all agents) and RLlib's ``ParallelPettingZooEnv`` wrapper; every agent maps to the policy ``shared``.

    pip install "./bridge/python[rllib,pettingzoo]"   # in a venv of its own: RLlib pins gymnasium 1.2.x
    python bridge/python/examples/rllib_multiagent_ballbalance.py [--iterations 12] [--agents 4] [--runners 1]

Prints, per training iteration, the mean return per agent of the episodes that ended in it (at most 50: +0.1 per
decision for 500 decisions; uniform random actions: 2.8 per agent, the ball falls after 39 decisions on average), the
episodes and the time. Seed 0, 4 agents, 1 runner, 2 busy cores: 2.85 at iteration 1, 11.22 at 9, 38.69 at 12 (186 s).
"""

from __future__ import annotations

import argparse
import os
import time

ENV_NAME = "jmegym-rllib/BallBalance-v0-multiagent"


def make_env(env_config: dict):
    """An RLlib ``MultiAgentEnv`` of ``env_config["agents"]`` balancers in one scene, with a JVM of its own."""
    from ray.rllib.env.wrappers.pettingzoo_env import ParallelPettingZooEnv

    import jmegym
    from jmegym.pettingzoo import parallel_env

    class SceneEnv(ParallelPettingZooEnv):
        """Ends the episode (``__all__``) once every agent has left, also when the last ones left in different ways
        (one terminated, one truncated), and closes its JVM with the env."""

        def step(self, action_dict):
            obs, rewards, terminateds, truncateds, infos = super().step(action_dict)
            if not self.par_env.agents and not truncateds["__all__"]:
                terminateds["__all__"] = True
            return obs, rewards, terminateds, truncateds, infos

        def close(self):
            super().close()
            bridge.close()

    config = dict(env_config)
    java_opts = config.pop("java_opts", ["-Xmx384m"])
    agents = int(config.pop("agents", 4))
    bridge = jmegym.launch(java_opts=java_opts, set_default=False)
    return SceneEnv(parallel_env("BallBalance-v0", agents=agents, bridge=bridge, **config))


def train(iterations: int = 3, agents: int = 4, runners: int = 1, batch: int = 2000, seed: int = 0,
          verbose: bool = True) -> list[dict]:
    """Trains ``iterations`` PPO iterations; returns per iteration the mean return per agent and the counts."""
    import ray
    from ray.rllib.algorithms.ppo import PPOConfig
    from ray.rllib.core.rl_module.multi_rl_module import MultiRLModuleSpec
    from ray.rllib.core.rl_module.rl_module import RLModuleSpec
    from ray.tune.registry import register_env

    ray.init(num_cpus=max(os.cpu_count() or 1, runners + 1), include_dashboard=False, log_to_driver=False,
             ignore_reinit_error=True)
    register_env(ENV_NAME, make_env)
    config = (PPOConfig()
              .environment(ENV_NAME, env_config={"agents": agents})
              .multi_agent(policies={"shared"}, policy_mapping_fn=lambda agent_id, episode, **kw: "shared")
              .rl_module(rl_module_spec=MultiRLModuleSpec(rl_module_specs={"shared": RLModuleSpec()}))
              .env_runners(num_env_runners=runners, rollout_fragment_length=max(1, batch // max(runners, 1)))
              .training(train_batch_size_per_learner=batch, minibatch_size=min(256, batch), num_epochs=6, lr=3e-4,
                        gamma=0.99)
              .debugging(seed=seed))
    algo = config.build_algo()
    rows = []
    try:
        t0 = time.perf_counter()
        for i in range(1, iterations + 1):
            runner = algo.train()["env_runners"]
            per_agent = runner.get("agent_episode_returns_mean", {})
            mean = sum(per_agent.values()) / len(per_agent) if per_agent else float("nan")
            row = {"iteration": i, "agent_return_mean": mean, "episode_return_mean":
                   runner.get("episode_return_mean", float("nan")), "episodes": int(runner.get("num_episodes", 0)),
                   "env_steps": int(runner.get("num_env_steps_sampled_lifetime", 0)),
                   "seconds": time.perf_counter() - t0}
            rows.append(row)
            if verbose:
                print(f"iteration {i:3d}: return per agent {mean:7.2f}  (scene {row['episode_return_mean']:7.2f})  "
                      f"episodes {row['episodes']:4d}  env steps {row['env_steps']:7d}  {row['seconds']:6.1f} s",
                      flush=True)
    finally:
        algo.stop()  # each runner closes its env, which shuts its JVM down
        ray.shutdown()
    return rows


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iterations", type=int, default=12)
    ap.add_argument("--agents", type=int, default=4, help="balancers in the one scene of each env")
    ap.add_argument("--runners", type=int, default=1, help="env runners (processes, one JVM each)")
    ap.add_argument("--batch", type=int, default=2000, help="env steps (steps of the whole scene) per iteration")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    train(a.iterations, a.agents, a.runners, a.batch, a.seed)
