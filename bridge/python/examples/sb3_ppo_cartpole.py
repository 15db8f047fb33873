"""Stable-Baselines3 PPO (from PyPI) solving jmegym/CartPole-v1 through the bridge.

Hyperparameters of rl-baselines3-zoo for CartPole-v1. Training stops once the mean return of the last 10 episodes
reaches the spec's reward threshold (475); the trained policy is then evaluated on 10 fresh episodes.

    pip install "./bridge/python[sb3]"
    python bridge/python/examples/sb3_ppo_cartpole.py [--steps 100000] [--seed 0]
"""

from __future__ import annotations

import argparse
import time

import gymnasium as gym
import numpy as np

import jmegym  # noqa: F401  (registers jmegym/...)


def train(total_steps: int = 100_000, seed: int = 0, verbose: bool = True) -> dict:
    import torch
    from stable_baselines3 import PPO
    from stable_baselines3.common.callbacks import BaseCallback
    from stable_baselines3.common.env_util import make_vec_env
    from stable_baselines3.common.evaluation import evaluate_policy
    from stable_baselines3.common.monitor import Monitor

    torch.set_num_threads(1)
    env_id = "jmegym/CartPole-v1"
    threshold = gym.spec(env_id).reward_threshold

    class StopWhenSolved(BaseCallback):
        solved_at: int | None = None

        def _on_step(self) -> bool:
            buf = self.model.ep_info_buffer
            if len(buf) >= 10 and np.mean([e["r"] for e in list(buf)[-10:]]) >= threshold:
                self.solved_at = self.num_timesteps
                return False
            return True

    def linear(start: float):
        return lambda progress: progress * start

    envs = make_vec_env(env_id, n_envs=8, seed=seed)
    model = PPO("MlpPolicy", envs, n_steps=32, batch_size=256, n_epochs=20, gamma=0.98, gae_lambda=0.8,
                learning_rate=linear(1e-3), clip_range=linear(0.2), ent_coef=0.0, seed=seed, verbose=0)
    stop = StopWhenSolved()
    t0 = time.perf_counter()
    model.learn(total_timesteps=total_steps, callback=stop)
    seconds = time.perf_counter() - t0
    eval_env = Monitor(gym.make(env_id))
    mean, std = evaluate_policy(model, eval_env, n_eval_episodes=10, deterministic=True)
    eval_env.close()
    envs.close()
    result = {"solved_at_steps": stop.solved_at, "train_seconds": seconds, "eval_mean": float(mean),
              "eval_std": float(std), "threshold": threshold}
    if verbose:
        print(f"last-10 mean >= {threshold} at {stop.solved_at} steps ({seconds:.1f} s); evaluation over 10 "
              f"episodes: {mean:.1f} +- {std:.1f}")
    return result


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    train(a.steps, a.seed)
