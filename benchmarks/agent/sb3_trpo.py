"""One sb3-contrib TRPO run with the rl-baselines3-zoo CartPole-v1 or Pendulum-v1 settings, as one JSON line.

Usage: python sb3_trpo.py ENV_ID SEED STEPS THRESHOLD STOP [TORCH_THREADS]
Mirrors io.github.jmegym.agent.bench.PpoBenchmark with the algorithm "trpo" (the presets CartPole-v1.trpo.json and
Pendulum-v1.trpo.json hold the same settings); the output has the keys of sb3_ppo.py.
"""
import json
import sys

import torch
from sb3_contrib import TRPO
from stable_baselines3.common.env_util import make_vec_env

from sb3_ppo import timed_learn

ZOO = {
    # rl-baselines3-zoo hyperparams/trpo.yml
    "CartPole-v1": dict(n_envs=2, n_timesteps=100_000, kwargs=dict(
        n_steps=512, batch_size=512, cg_damping=1e-3, gae_lambda=0.98, gamma=0.99, learning_rate=1e-3,
        n_critic_updates=20)),
    "Pendulum-v1": dict(n_envs=2, n_timesteps=100_000, kwargs=dict(
        n_steps=1024, gamma=0.9, n_critic_updates=15, learning_rate=1e-3, use_sde=True, sde_sample_freq=4)),
}


def main():
    env_id, seed, steps, threshold, stop = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), \
        sys.argv[5].lower() == "true"
    if len(sys.argv) > 6:
        torch.set_num_threads(int(sys.argv[6]))
    zoo = ZOO[env_id]
    env = make_vec_env(env_id, n_envs=zoo["n_envs"], seed=seed)
    model = TRPO("MlpPolicy", env, seed=seed, device="cpu", verbose=0, **zoo["kwargs"])
    r = timed_learn(model, min(steps, zoo["n_timesteps"]), threshold, steps, stop)
    print(json.dumps({"impl": "sb3-contrib", "algo": "trpo", "env": env_id, "seed": seed, **r,
                      "sb3_contrib": __import__("sb3_contrib").__version__}))


if __name__ == "__main__":
    main()
