"""jmegym.sb3: an SB3 VecEnv over one JavaVectorEnv, with SB3's auto-reset, terminal-observation, time-limit and
seeding conventions, that SB3's PPO trains on."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("stable_baselines3")

from stable_baselines3 import PPO  # noqa: E402
from stable_baselines3.common.vec_env import DummyVecEnv, VecMonitor  # noqa: E402

import gymnasium as gym  # noqa: E402
from jmegym.sb3 import JavaVecEnv, make_vec_env  # noqa: E402


def test_a_time_limit_gives_the_terminal_observation_and_timelimit_truncated_as_sb3_does(bridge):
    env = JavaVecEnv("jmegym/MountainCar-v0", n_envs=3, env_kwargs={"max_episode_steps": 4})
    try:
        env.seed(0)
        first = env.reset()
        for t in range(1, 5):
            obs, rewards, dones, infos = env.step(np.ones(3, dtype=np.int64))
            assert dones.tolist() == [t == 4] * 3
        for i in range(3):
            assert infos[i]["TimeLimit.truncated"] is True
            assert infos[i]["terminal_observation"].shape == (2,)
            assert not np.array_equal(infos[i]["terminal_observation"], obs[i]), "obs is the next episode's first"
        assert rewards.dtype == np.float32 and first.shape == (3, 2)
    finally:
        env.close()


def test_termination_is_not_marked_as_a_time_limit(bridge):
    env = JavaVecEnv("CartPole-v1", n_envs=2)
    try:
        env.seed(1)
        env.reset()
        for _ in range(200):  # always pushing right ends CartPole within a few dozen steps
            _, _, dones, infos = env.step(np.ones(2, dtype=np.int64))
            if dones.any():
                i = int(np.flatnonzero(dones)[0])
                assert infos[i]["TimeLimit.truncated"] is False
                assert "terminal_observation" in infos[i]
                return
        pytest.fail("CartPole never terminated")
    finally:
        env.close()


def test_seed_gives_sub_env_i_the_seed_plus_i_like_dummyvecenv_on_the_same_java_env(bridge):
    ours = make_vec_env("jmegym/CartPole-v1", n_envs=4, seed=7)
    again = make_vec_env("jmegym/CartPole-v1", n_envs=4, seed=7)
    dummy = DummyVecEnv([lambda: gym.make("jmegym/CartPole-v1") for _ in range(4)])
    try:
        dummy.seed(7)
        first = ours.reset()
        assert np.array_equal(first, dummy.reset())
        assert np.array_equal(first, again.reset())
        assert not np.array_equal(first, ours.reset()), "the seeds are taken by one reset only, as in SB3"
    finally:
        for e in (ours, again, dummy):
            e.close()


def test_get_attr_and_env_method_answer_what_sb3_asks_and_name_what_they_cannot(bridge):
    env = JavaVecEnv("jmegym/CartPole-v1", n_envs=2)
    try:
        assert env.get_attr("render_mode") == [None, None]
        assert env.env_method("get_wrapper_attr", "spec")[0].id == "jmegym/CartPole-v1"
        with pytest.raises(AttributeError, match="set_attr"):
            env.set_attr("gravity", 1.0)
        with pytest.raises(AttributeError, match="'close_extras'"):
            env.env_method("close_extras")
        with pytest.raises(ValueError, match="n_envs=0"):
            JavaVecEnv("CartPole-v1", n_envs=0)
    finally:
        env.close()


def test_sb3_ppo_trains_through_the_vec_env_and_vecmonitor_reports_episodes(bridge):
    env = make_vec_env("jmegym/CartPole-v1", n_envs=4, seed=0)
    assert isinstance(env, VecMonitor)
    try:
        model = PPO("MlpPolicy", env, n_steps=64, batch_size=64, n_epochs=2, seed=0, verbose=0, device="cpu")
        model.learn(1024)
        assert len(model.ep_info_buffer) > 0 and all(e["l"] > 0 for e in model.ep_info_buffer)
    finally:
        env.close()
