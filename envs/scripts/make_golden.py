#!/usr/bin/env python3
"""Writes the golden trajectories that GoldenTrajectoryTest replays through the Java ports.

For every classic-control env this runs Gymnasium's own implementation (``gymnasium.make(id)``, so with its
TimeLimit) for several seeded episodes and at least 2,000 steps, and records per episode the seed, the reset
options, the internal state right after the reset (``env.unwrapped.state``, which the Java env takes as the
``state`` reset option), the first observation, and per step the action, observation, reward, terminated and
truncated. Numbers are written with full double precision (float32 observations as the exact doubles they are).

Episodes alternate between uniformly random actions, random actions from a range wider than the action space
(to exercise clipping of continuous actions), and a simple pumping policy with random moves mixed in (so that
MountainCar episodes reach the goal and terminate).

Envs with make kwargs also get golden/kwargs-<id>.json, recorded with non-default kwargs (CartPole:
sutton_barto_reward and the semi-implicit Euler integrator; MountainCar(Continuous): goal_velocity; Pendulum: g).

It also writes golden/normalized-<id>.json (NormalizeReward(NormalizeObservation(env)) along a seeded random
rollout, for WrappersGoldenTest) and golden/rollout-<id>.jsonl: Gymnasium's random-policy trace (seed 7, 600 steps) in the format of
`jmegym rollout --trace`, which CliTest compares with the Java command's trace.

Usage: python3 envs/scripts/make_golden.py [--out envs/src/test/resources/golden]
"""
import argparse
import json
import os
import tempfile

import gymnasium as gym
import numpy as np

MIN_STEPS = 2000
MIN_EPISODES = 4


def plan(env_id, episode):
    """The reset options and the policy name of an episode."""
    if env_id.startswith("MountainCar"):
        # Every other episode starts high on the right slope, so that it can reach the goal and terminate.
        options = {"low": 0.1, "high": 0.4} if episode % 2 == 1 else None
        return options, ["pump", "random", "wide", "pump"][episode % 4]
    if env_id == "Pendulum-v1":
        return ({"x_init": 1.0, "y_init": 0.5} if episode == 2 else None), ["random", "wide"][episode % 2]
    if env_id in ("CartPole-v1", "Acrobot-v1"):
        # episode 0 balances (CartPole: reaches the time limit) or swings up (Acrobot: reaches the goal)
        return ({"low": -0.02, "high": 0.03} if episode == 1 else None), "pump" if episode == 0 else "random"
    raise ValueError(env_id)


def choose(env, policy, obs, rng):
    space = env.action_space
    if isinstance(space, gym.spaces.Discrete):
        if policy == "pump" and env.spec.id == "CartPole-v1":
            return int(obs[2] + 0.5 * obs[3] > 0) if rng.random() < 0.9 else int(space.sample())
        if policy == "pump" and env.spec.id == "Acrobot-v1":
            return (2 if obs[5] > 0 else 0) if rng.random() < 0.8 else int(space.sample())
        if policy == "pump" and rng.random() < 0.8:
            # push in the direction of the velocity (MountainCar: 0 left, 2 right)
            return 2 if obs[1] >= 0 else 0
        return int(space.sample())
    low, high = float(space.low[0]), float(space.high[0])
    if policy == "pump" and rng.random() < 0.8:
        return np.array([high if obs[1] >= 0 else low], dtype=np.float32)
    if policy == "wide":
        return rng.uniform(1.5 * low, 1.5 * high, size=(1,)).astype(np.float32)
    return space.sample()


def action_json(a):
    return int(a) if isinstance(a, (int, np.integer)) else [float(x) for x in np.asarray(a, dtype=np.float32)]


def make(env_id, kwargs):
    """gymnasium.make with the Java env's kwargs (CartPole's kinematics_integrator is an attribute in Gymnasium)."""
    kwargs = dict(kwargs or {})
    integrator = kwargs.pop("kinematics_integrator", None)
    env = gym.make(env_id, **kwargs)
    if integrator is not None:
        env.unwrapped.kinematics_integrator = integrator
    return env


def record(env_id, seed0, kwargs=None, min_steps=MIN_STEPS):
    env = make(env_id, kwargs)
    env.action_space.seed(seed0)
    rng = np.random.default_rng(seed0)
    episodes, total, ep = [], 0, 0
    while total < min_steps or ep < MIN_EPISODES:
        options, policy = plan(env_id, ep)
        seed = seed0 + ep
        obs, _ = env.reset(seed=seed, options=options)
        state = [float(x) for x in np.asarray(env.unwrapped.state, dtype=np.float64)]
        e = {"seed": seed, "options": options, "policy": policy, "state": state,
             "obs": [float(x) for x in obs], "actions": [], "observations": [], "rewards": [],
             "terminated": [], "truncated": []}
        while True:
            action = choose(env, policy, obs, rng)
            obs, reward, terminated, truncated, _ = env.step(action)
            e["actions"].append(action_json(action))
            e["observations"].append([float(x) for x in obs])
            e["rewards"].append(float(reward))
            e["terminated"].append(bool(terminated))
            e["truncated"].append(bool(truncated))
            total += 1
            if terminated or truncated:
                break
        episodes.append(e)
        ep += 1
    env.close()
    return {"id": env_id, "kwargs": kwargs or {}, "gymnasium": gym.__version__, "numpy": np.__version__,
            "max_episode_steps": env.spec.max_episode_steps, "steps": total, "episodes": episodes}


def write_episodes(path, data):
    # one episode per line keeps the files diffable
    lines = [json.dumps({k: v for k, v in data.items() if k != "episodes"})[:-1] + ', "episodes": [']
    lines.append(",\n".join(json.dumps(e) for e in data["episodes"]))
    lines.append("]}\n")
    write_atomically(path, "\n".join(lines))


def write_atomically(path, text):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".golden-")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def random_rollout(env_id, seed, steps):
    """The trace that `jmegym rollout --env ID --seed S --steps N --trace FILE` must reproduce: Gymnasium's own
    random policy (action_space.seed(S); action_space.sample()) from reset(seed=S), unseeded resets after."""
    env = gym.make(env_id)
    env.action_space.seed(seed)
    lines, total, reset_seed = [], 0, seed
    while total < steps:
        obs, _ = env.reset(seed=reset_seed)
        lines.append({"reset": True, "seed": reset_seed, "obs": [float(x) for x in obs]})
        reset_seed = None
        while total < steps:
            action = env.action_space.sample()
            obs, reward, terminated, truncated, _ = env.step(action)
            lines.append({"action": action_json(action), "obs": [float(x) for x in obs], "reward": float(reward),
                          "terminated": bool(terminated), "truncated": bool(truncated)})
            total += 1
            if terminated or truncated:
                break
    env.close()
    return "".join(json.dumps(line) + "\n" for line in lines)


def normalized_rollout(env_id, seed, steps):
    """NormalizeReward(NormalizeObservation(make(id))) along a seeded random rollout: what WrappersGoldenTest
    replays through the Java wrappers (observations, rewards and the final statistics, bit for bit)."""
    env = gym.wrappers.NormalizeReward(gym.wrappers.NormalizeObservation(gym.make(env_id)))
    env.action_space.seed(seed)
    obs, _ = env.reset(seed=seed)
    out = {"id": env_id, "seed": seed, "reset_obs": [[float(x) for x in obs]], "actions": [], "obs": [],
           "rewards": [], "done": []}
    for _ in range(steps):
        action = env.action_space.sample()
        obs, reward, terminated, truncated, _ = env.step(action)
        out["actions"].append(action_json(action))
        out["obs"].append([float(x) for x in obs])
        out["rewards"].append(float(reward))
        out["done"].append(bool(terminated or truncated))
        if terminated or truncated:
            obs, _ = env.reset()
            out["reset_obs"].append([float(x) for x in obs])
    norm_obs = env.env
    out["obs_rms"] = {"mean": [float(x) for x in norm_obs.obs_rms.mean], "var": [float(x) for x in norm_obs.obs_rms.var],
                      "count": float(norm_obs.obs_rms.count)}
    out["return_rms"] = {"mean": float(env.return_rms.mean), "var": float(env.return_rms.var),
                         "count": float(env.return_rms.count)}
    env.close()
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "golden"))
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    ids = ["CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1"]
    variants = {"CartPole-v1": {"sutton_barto_reward": True, "kinematics_integrator": "semi-implicit euler"},
                "MountainCar-v0": {"goal_velocity": 0.005}, "MountainCarContinuous-v0": {"goal_velocity": 0.005},
                "Pendulum-v1": {"g": 9.81}}
    for i, env_id in enumerate(ids):
        data = record(env_id, 1000 * (i + 1))
        write_episodes(os.path.join(args.out, env_id + ".json"), data)
        if env_id in variants:
            write_episodes(os.path.join(args.out, "kwargs-" + env_id + ".json"),
                           record(env_id, 5000 + i, variants[env_id], min_steps=1000))
        write_atomically(os.path.join(args.out, "rollout-" + env_id + ".jsonl"), random_rollout(env_id, 7, 600))
        write_atomically(os.path.join(args.out, "normalized-" + env_id + ".json"),
                         json.dumps(normalized_rollout(env_id, 11, 1000)) + "\n")
        ends = ["T" if e["terminated"][-1] else "t" for e in data["episodes"]]
        print(f"{env_id}: {data['steps']} steps, {len(data['episodes'])} episodes, ends {''.join(ends)}")


if __name__ == "__main__":
    main()
