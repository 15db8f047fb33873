"""Reference: Stable-Baselines3 PPO on the engine worlds through the bridge, with the jmegym presets' settings.

Same hyperparameters as engine-plugin's presets (8 envs x 128 steps, batch 256, 10 epochs, lr 1e-3, gamma 0.99,
GAE 0.95, clip 0.2, entropy 0 / 0.01, observation normalization), same goals and the same evaluation as
``benchmarks/engine/run.sh train``: every 5 rollouts (5,120 env steps) the deterministic policy plays 20
(BallBalance-v0) or 50 (Chase-v0) seeded episodes; BallBalance's goal is a mean episode length of 500, Chase's a
success rate of at least 90%. Prints one Markdown row per run: env steps to the goal and training minutes
(evaluation excluded).

    python3 benchmarks/engine/sb3_reference.py [--seeds 1] [--worlds BallBalance-v0 Chase-v0]

Needs the jmegym Python package (bridge/python), stable-baselines3 and torch.
"""

from __future__ import annotations

import argparse
import time

import gymnasium as gym
import numpy as np

import jmegym  # noqa: F401  (registers jmegym/...)

GOALS = {"BallBalance-v0": (20, "mean length 500 (20 episodes)"), "Chase-v0": (50, "success >= 90% (50 episodes)")}
ENT = {"BallBalance-v0": 0.0, "Chase-v0": 0.01}


def evaluate(model, norm, env_id: str, episodes: int) -> tuple[float, float]:
    env = gym.make(f"jmegym/{env_id}")
    lengths, successes = [], 0
    try:
        for e in range(episodes):
            obs, _ = env.reset(seed=1_000_000 + e)
            n = 0
            while True:
                action, _ = model.predict(norm.normalize_obs(obs[None, :]), deterministic=True)
                obs, _, terminated, truncated, info = env.step(action[0])
                n += 1
                if terminated or truncated:
                    successes += bool(info.get("is_success", False))
                    break
            lengths.append(n)
    finally:
        env.close()
    return float(np.mean(lengths)), successes / episodes


def run(env_id: str, seed: int, max_steps: int = 100_000) -> str:
    import torch
    from stable_baselines3 import PPO
    from stable_baselines3.common.env_util import make_vec_env
    from stable_baselines3.common.vec_env import VecNormalize

    torch.set_num_threads(1)
    episodes, goal = GOALS[env_id]
    venv = VecNormalize(make_vec_env(f"jmegym/{env_id}", n_envs=8, seed=seed), norm_obs=True, norm_reward=False)
    model = PPO("MlpPolicy", venv, n_steps=128, batch_size=256, n_epochs=10, gamma=0.99, gae_lambda=0.95,
                learning_rate=1e-3, clip_range=0.2, ent_coef=ENT[env_id], seed=seed, verbose=0)
    seconds = 0.0
    try:
        while model.num_timesteps < max_steps:
            t0 = time.perf_counter()
            model.learn(total_timesteps=5 * 8 * 128, reset_num_timesteps=False)
            seconds += time.perf_counter() - t0
            venv.training = False
            mean_len, success = evaluate(model, venv, env_id, episodes)
            venv.training = True
            print(f"  {env_id} seed {seed}: {model.num_timesteps} steps, {seconds:.1f} s: mean length {mean_len:.1f}, "
                  f"success {success:.2f}", flush=True)
            if (mean_len >= 500) if env_id == "BallBalance-v0" else (success >= 0.9):
                return (f"| {env_id} (SB3 PPO via the bridge) | {seed} | {goal} | {model.num_timesteps:,} | "
                        f"{seconds / 60:.2f} | {model.num_timesteps / seconds:,.0f} |")
        return (f"| {env_id} (SB3 PPO via the bridge) | {seed} | {goal} | not reached in {model.num_timesteps:,} | "
                f"{seconds / 60:.2f} | {model.num_timesteps / seconds:,.0f} |")
    finally:
        venv.close()


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=int, default=1)
    p.add_argument("--worlds", nargs="+", default=list(GOALS))
    a = p.parse_args()
    rows = [run(w, s) for w in a.worlds for s in range(1, a.seeds + 1)]
    print("| world | seed | goal | env steps to goal | training minutes | env-steps/s (collect + update) |")
    print("|---|---:|---|---:|---:|---:|")
    print("\n".join(rows))
