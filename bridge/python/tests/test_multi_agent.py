"""Several agents in one Java scene as one vector env: ``gym.make_vec(id, num_envs=K, agents=K)``."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

import jmegym


def test_make_vec_with_agents_puts_every_agent_in_one_scene(bridge):
    env = gym.make_vec("jmegym/BallBalance-v0", num_envs=8, agents=8)
    try:
        assert isinstance(env.unwrapped, jmegym.JavaVectorEnv)
        assert env.num_envs == 8
        assert env.single_observation_space.shape == (8,)
        obs, _ = env.reset(seed=3)
        assert obs.shape == (8, 8)
        env.action_space.seed(0)
        for _ in range(30):
            obs, rewards, terminated, truncated, _ = env.step(env.action_space.sample())
            assert obs.shape == (8, 8) and rewards.shape == (8,)
            assert env.single_observation_space.contains(obs[0].astype(np.float32))
    finally:
        env.close()


def test_agents_other_than_num_envs_is_refused_saying_they_must_be_equal(bridge):
    with pytest.raises(ValueError, match=r"agents=2 with numEnvs=4; expected numEnvs equal to agents"):
        gym.make_vec("jmegym/BallBalance-v0", num_envs=4, agents=2)


def test_agents_for_a_one_agent_world_is_refused_naming_the_worlds_that_hold_several(bridge):
    with pytest.raises(ValueError, match=r"Chase-v0 has one agent per scene \(ids with several agents per scene: "
                                         r"\[BallBalance-v0\]\)"):
        gym.make_vec("jmegym/Chase-v0", num_envs=2, agents=2)
