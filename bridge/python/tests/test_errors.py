"""Bad input from Python raises a clean Python exception with the Java message, and the env keeps working."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

import jmegym


@pytest.fixture
def cartpole(bridge):
    env = jmegym.JavaEnv("CartPole-v1")
    env.reset(seed=0)
    yield env
    env.close()


@pytest.fixture
def pendulum(bridge):
    env = jmegym.JavaEnv("Pendulum-v1")
    env.reset(seed=0)
    yield env
    env.close()


def _still_works(env):
    obs, r, term, trunc, info = env.step(env.action_space.sample())
    assert env.observation_space.contains(obs)


@pytest.mark.parametrize("action, match", [
    (2, r"action 2 not in Discrete\(2\)"),  # out of range: Java's own message
    (-1, r"action -1 not in Discrete\(2\)"),
    (np.int64(7), r"action 7 not in Discrete\(2\)"),
    (1.0, "needs integers"),  # wrong dtype
    (np.float32(0.0), "needs integers"),
    (np.array([1, 0]), r"shape \(2,\)"),  # wrong shape
    ("left", "needs numbers"),
    (None, "needs numbers"),
    (2**70, "does not fit|out of range|too large|Python int"),
])
def test_bad_discrete_actions_raise_value_error_and_the_env_still_works(cartpole, action, match):
    with pytest.raises(ValueError, match=match):
        cartpole.step(action)
    _still_works(cartpole)


@pytest.mark.parametrize("action, match", [
    (np.array([np.nan], dtype=np.float32), "NaN"),
    (np.array([1e39]), "not a finite number"),  # overflows float32 to inf
    (np.array([0.1, 0.2], dtype=np.float32), r"shape \(2,\)"),
    (np.zeros((1, 1), dtype=np.float32), r"shape \(1, 1\)"),
    (np.array(["a"]), "needs numbers"),
    (np.array([1 + 2j]), "needs numbers"),
])
def test_bad_box_actions_raise_value_error_and_the_env_still_works(pendulum, action, match):
    with pytest.raises(ValueError, match=match):
        pendulum.step(action)
    _still_works(pendulum)


def test_float64_and_list_box_actions_are_accepted_as_gymnasium_envs_accept_them(pendulum):
    pendulum.step(np.array([0.5], dtype=np.float64))
    pendulum.step([0.25])


def test_bad_vector_actions_raise_value_error_naming_the_sub_env(bridge):
    vec = gym.make_vec("jmegym/CartPole-v1", num_envs=3)
    vec.reset(seed=0)
    with pytest.raises(ValueError, match="sub-env 2"):
        vec.step(np.array([0, 1, 5]))
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        vec.step(np.array([0, 1]))
    with pytest.raises(ValueError, match="needs integers"):
        vec.step(np.array([0.0, 1.0, 1.0]))
    obs, *_ = vec.step(np.array([0, 1, 1]))
    assert obs.shape == (3, 4)
    vec.close()


def test_bad_seeds_options_kwargs_and_ids_raise_value_error(cartpole, bridge):
    with pytest.raises(ValueError, match="seed=-1"):
        cartpole.reset(seed=-1)
    with pytest.raises(ValueError, match="seed=1.5"):
        cartpole.reset(seed=1.5)
    with pytest.raises(ValueError, match="unknown key 'stat'"):
        cartpole.reset(options={"stat": [0, 0, 0, 0]})
    with pytest.raises(ValueError, match="state has 3 values; expected 4"):
        cartpole.reset(options={"state": [0, 0, 0]})
    obs, _ = cartpole.reset(options={"state": np.array([0.1, 0.0, 0.0, 0.0])})
    assert obs[0] == np.float32(0.1)
    with pytest.raises(ValueError, match="did you mean 'CartPole-v1'"):
        jmegym.JavaEnv("CartPol-v1")
    with pytest.raises(ValueError, match="unknown key 'gravity'"):
        gym.make("jmegym/CartPole-v1", gravity=3.0)
    with pytest.raises(ValueError, match="render_mode='ansi' is not supported by CartPole-v1"):
        gym.make("jmegym/CartPole-v1", render_mode="ansi")
    with pytest.raises(ValueError, match="num_envs=0"):
        gym.make_vec("jmegym/CartPole-v1", num_envs=0)


def test_calls_out_of_order_raise_gymnasiums_errors_or_runtime_error(bridge):
    env = gym.make("jmegym/CartPole-v1")
    with pytest.raises(gym.error.ResetNeeded):
        env.step(0)
    raw = jmegym.JavaEnv("CartPole-v1")
    with pytest.raises(RuntimeError, match="before reset"):
        raw.step(0)
    handle = raw._handle
    raw.close()
    with pytest.raises(RuntimeError, match=f"step\\(handle={handle}\\): no open env has this handle"):
        raw._bridge.call("step", handle, b"\0" * 8)


def test_render_without_a_render_mode_warns_and_returns_none_as_gymnasium_does(cartpole):
    with pytest.warns(UserWarning, match="without specifying any render mode"):
        assert cartpole.render() is None
