"""The cross-entropy method in NumPy, training a linear policy on jmegym/CartPole-v1 through the bridge.

Every candidate policy of a generation plays one episode in its own sub-env of one JavaVectorEnv, so a whole
generation advances with one bridge call per step.

    python bridge/python/examples/cem_cartpole.py [--generations 20] [--population 64] [--seed 0]
"""

from __future__ import annotations

import argparse
import time

import gymnasium as gym
import numpy as np

import jmegym  # noqa: F401  (registers jmegym/...)


def episode_returns(vec: gym.vector.VectorEnv, weights: np.ndarray, seed: int) -> np.ndarray:
    """One episode per row of ``weights`` (a linear policy ``obs . w[:4] + w[4] > 0``), run side by side."""
    n = vec.num_envs
    obs, _ = vec.reset(seed=seed)
    returns = np.zeros(n)
    running = np.ones(n, dtype=bool)
    while running.any():
        actions = ((obs * weights[:, :4]).sum(axis=1) + weights[:, 4] > 0).astype(np.int64)
        obs, rewards, terminated, truncated, _ = vec.step(actions)
        returns += rewards * running
        running &= ~(terminated | truncated)
    return returns


def random_policy_return(vec: gym.vector.VectorEnv, seed: int) -> float:
    """Mean return of uniformly random actions, one episode per sub-env."""
    vec.action_space.seed(seed)
    obs, _ = vec.reset(seed=seed)
    returns = np.zeros(vec.num_envs)
    running = np.ones(vec.num_envs, dtype=bool)
    while running.any():
        obs, rewards, terminated, truncated, _ = vec.step(vec.action_space.sample())
        returns += rewards * running
        running &= ~(terminated | truncated)
    return float(returns.mean())


def train(generations: int = 20, population: int = 64, elite_frac: float = 0.25, seed: int = 0,
          verbose: bool = True) -> dict:
    """Runs CEM; returns the random baseline, the learning curve and the final policy's mean return."""
    rng = np.random.default_rng(seed)
    vec = gym.make_vec("jmegym/CartPole-v1", num_envs=population)
    n_elite = max(2, int(population * elite_frac))
    mean, std = np.zeros(5), np.ones(5)
    baseline = random_policy_return(vec, seed)
    curve = []
    t0 = time.perf_counter()
    for g in range(generations):
        candidates = mean + std * rng.standard_normal((population, 5))
        returns = episode_returns(vec, candidates, seed=seed + 1000 * (g + 1))
        elite = candidates[np.argsort(returns)[-n_elite:]]
        # extra noise that decays to a floor keeps the search from collapsing early (Szita and Lorincz 2006)
        mean, std = elite.mean(axis=0), elite.std(axis=0) + max(0.5 * (1 - g / generations), 0.05)
        curve.append(float(returns.mean()))
        if verbose:
            print(f"generation {g + 1:2d}: mean return {returns.mean():6.1f}, best {returns.max():5.0f}")
    final = float(episode_returns(vec, np.tile(mean, (population, 1)), seed=seed + 99).mean())
    vec.close()
    result = {"random_return": baseline, "curve": curve, "final_return": final,
              "seconds": time.perf_counter() - t0}
    if verbose:
        print(f"random policy {baseline:.1f}; CEM mean policy {final:.1f} over {population} episodes "
              f"({result['seconds']:.1f} s)")
    return result


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--generations", type=int, default=20)
    p.add_argument("--population", type=int, default=64)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    train(a.generations, a.population, seed=a.seed)
