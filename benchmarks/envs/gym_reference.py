#!/usr/bin/env python3
"""Gymnasium's side of benchmarks/envs/run.sh: raw steps/s of the classic-control envs (gymnasium.make, so with
TimeLimit, OrderEnforcing and the passive env checker) and of CartPole-v1 in SyncVectorEnv with 1, 2 and 8 envs.
Actions are pre-generated from the seeded action space; each case is warmed up, then timed in rounds, and the
median is reported. Prints one JSON line per case, in the schema of io.github.jmegym.envs.bench.EnvBenchmark.

Usage: python3 benchmarks/envs/gym_reference.py [seconds per case (default 3)] [rounds (default 5)]
"""
import json
import statistics
import sys
import time

import gymnasium as gym
import numpy as np

ACTIONS = 4096


def time_round(run, seconds):
    start = time.perf_counter()
    deadline = start + seconds
    steps, batch = 0, 64
    while True:
        steps += run(batch)
        now = time.perf_counter()
        if now - start < 0.05:
            batch *= 2
        if now >= deadline:
            return steps / (now - start)


def looped(env, actions, steps_per_call, after_step):
    """A run(k) function: k calls of env.step with the pre-generated actions, after_step handling each result."""
    state = {"i": 0}

    def run(k):
        i = state["i"]
        for _ in range(k):
            after_step(env.step(actions[i & (ACTIONS - 1)]))
            i += 1
        state["i"] = i
        return k * steps_per_call

    return env, run


def single(env_id):
    env = gym.make(env_id)
    env.action_space.seed(0)
    actions = [env.action_space.sample() for _ in range(ACTIONS)]
    env.reset(seed=0)

    def after_step(result):
        if result[2] or result[3]:  # terminated or truncated
            env.reset()

    return looped(env, actions, 1, after_step)


def vector(env_id, n):
    env = gym.make_vec(env_id, num_envs=n, vectorization_mode="sync")
    env.action_space.seed(0)
    actions = [env.action_space.sample() for _ in range(ACTIONS)]
    env.reset(seed=0)
    return looped(env, actions, n, lambda result: None)


def measure(made, seconds, rounds):
    env, run = made
    try:
        time_round(run, max(seconds / rounds, 0.5))
        return [time_round(run, seconds / rounds) for _ in range(rounds)]
    finally:
        env.close()


def report(env_id, n, case, rates):
    print(json.dumps({"impl": "gymnasium", "env": env_id, "case": case, "envs": n,
                      "steps_per_s": round(statistics.median(rates)), "rounds": [round(r) for r in rates]}), flush=True)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    for env_id in ["CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1"]:
        report(env_id, 1, "single", measure(single(env_id), seconds, rounds))
    for n in [1, 2, 8]:
        report("CartPole-v1", n, "vector-sync", measure(vector("CartPole-v1", n), seconds, rounds))


if __name__ == "__main__":
    print(json.dumps({"impl": "gymnasium", "version": gym.__version__, "numpy": np.__version__,
                      "python": sys.version.split()[0]}), flush=True)
    main()
