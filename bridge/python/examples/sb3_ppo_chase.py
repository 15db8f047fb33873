"""Stable-Baselines3 PPO on jmegym/Chase-v0 (the chaser NPC), through ``jmegym.sb3`` or SB3's own ``DummyVecEnv``.

Hyperparameters of the Java preset (engine-plugin ``presets/Chase-v0.json``: 8 envs x 128 steps, batch 256, 10 epochs,
lr 1e-3, entropy 0.01, observations normalised). After training, the deterministic policy plays ``--eval-episodes``
fresh episodes and the success rate is the share that ended with ``info["is_success"]`` (the target reached).

    python bridge/python/examples/sb3_ppo_chase.py --steps 50000                 # one bridge round trip per step
    python bridge/python/examples/sb3_ppo_chase.py --steps 50000 --path dummy    # SB3's DummyVecEnv, for comparison
"""

from __future__ import annotations

import argparse
import time

import jmegym  # noqa: F401  (registers jmegym/...)

ENV_ID = "jmegym/Chase-v0"


def _venv(path: str, n_envs: int, seed: int):
    if path == "jmegym":
        from jmegym.sb3 import make_vec_env
    elif path == "dummy":
        from stable_baselines3.common.env_util import make_vec_env
    else:
        raise ValueError(f"path={path!r}: expected 'jmegym' or 'dummy'")
    return make_vec_env(ENV_ID, n_envs=n_envs, seed=seed)


def success_rate(model, venv, episodes: int) -> float:
    """Share of ``episodes`` finished episodes whose last info says ``is_success`` (deterministic actions)."""
    successes, done_episodes = 0, 0
    obs = venv.reset()
    while done_episodes < episodes:
        actions, _ = model.predict(obs, deterministic=True)
        obs, _, dones, infos = venv.step(actions)
        for done, info in zip(dones, infos):
            if done and done_episodes < episodes:
                done_episodes += 1
                successes += bool(info.get("is_success", False))
    return successes / episodes


def train(total_steps: int = 50_000, seed: int = 0, path: str = "jmegym", n_envs: int = 8,
          eval_episodes: int = 50, verbose: bool = True) -> dict:
    import torch
    from stable_baselines3 import PPO
    from stable_baselines3.common.vec_env import VecNormalize

    torch.set_num_threads(1)
    envs = VecNormalize(_venv(path, n_envs, seed), norm_obs=True, norm_reward=False)
    model = PPO("MlpPolicy", envs, n_steps=128, batch_size=256, n_epochs=10, gamma=0.99, gae_lambda=0.95,
                clip_range=0.2, ent_coef=0.01, learning_rate=1e-3, seed=seed, verbose=0)
    t0 = time.perf_counter()
    model.learn(total_timesteps=total_steps)
    seconds = time.perf_counter() - t0
    envs.close()

    eval_envs = VecNormalize(_venv(path, n_envs, seed + 1000), norm_obs=True, norm_reward=False, training=False)
    eval_envs.obs_rms = envs.obs_rms
    rate = success_rate(model, eval_envs, eval_episodes)
    eval_envs.close()
    result = {"path": path, "steps": total_steps, "train_seconds": seconds, "success_rate": rate,
              "eval_episodes": eval_episodes, "seed": seed}
    if verbose:
        print(f"{path}: {total_steps} steps in {seconds:.1f} s ({total_steps / seconds:.0f} env-steps/s); success "
              f"rate {rate:.0%} over {eval_episodes} deterministic episodes")
    return result


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=50_000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--path", choices=["jmegym", "dummy", "both"], default="jmegym")
    p.add_argument("--eval-episodes", type=int, default=50)
    a = p.parse_args()
    for chosen in (["jmegym", "dummy"] if a.path == "both" else [a.path]):
        train(a.steps, a.seed, chosen, eval_episodes=a.eval_episodes)
