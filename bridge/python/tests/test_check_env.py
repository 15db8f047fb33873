"""Gymnasium's own env checker passes on every env the Java side registers (new worlds are covered as they come)."""

from __future__ import annotations

import warnings

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

from conftest import CLASSIC, HAVE_RENDERER, NO_RENDERER, java_ids


def _check(env_id: str, *, skip_render_check: bool) -> None:
    env = gym.make(f"jmegym/{env_id}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # advice such as "Box bound is infinite" is not a failure
            check_env(env.unwrapped, skip_render_check=skip_render_check)
    finally:
        env.close()


@pytest.mark.parametrize("env_id", java_ids())
def test_check_env_passes_on_every_bridged_env(bridge, env_id):
    _check(env_id, skip_render_check=True)


def _rendering_ids() -> list[str]:
    from jmegym.registration import specs_from_jar

    return [s["id"] for s in specs_from_jar() if s.get("metadata", {}).get("render_modes")]


@pytest.mark.parametrize("env_id", _rendering_ids())
def test_check_env_render_checks_pass_on_every_env_that_renders(bridge, env_id):
    if not HAVE_RENDERER and env_id not in CLASSIC:  # the classic envs draw in plain Java, no GL
        pytest.skip(NO_RENDERER)
    _check(env_id, skip_render_check=False)


@pytest.mark.parametrize("env_id", java_ids())
def test_spaces_and_spec_come_from_the_java_side(bridge, env_id):
    listed = {e["id"]: e for e in bridge.list_envs()}[env_id]
    env = gym.make(f"jmegym/{env_id}")
    try:
        assert env.spec.max_episode_steps == listed["spec"]["max_episode_steps"]
        assert env.spec.reward_threshold == listed["spec"]["reward_threshold"]
        obs, _ = env.reset(seed=3)
        assert env.observation_space.contains(obs)
        obs2, _ = env.reset(seed=3)
        assert _equal(obs, obs2), "the same seed gives the same first observation"
    finally:
        env.close()


def _equal(a, b) -> bool:
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    return np.array_equal(a, b)


def test_every_java_env_is_registered_in_the_jmegym_namespace():
    ids = set(java_ids())
    assert {"CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1"} <= ids
    for env_id in ids:
        spec = gym.spec(f"jmegym/{env_id}")
        assert spec.kwargs["env_id"] == env_id
        assert spec.vector_entry_point == "jmegym.envs:JavaVectorEnv"


@pytest.mark.parametrize("limit", [3, 700])
def test_gymnasiums_time_limit_governs_single_envs_in_both_directions(bridge, limit):
    env = gym.make("jmegym/MountainCar-v0", max_episode_steps=limit)  # the registered limit is 200
    env.reset(seed=0)
    for t in range(1, limit + 1):
        _, _, terminated, truncated, _ = env.step(1)
        assert not terminated
        assert truncated == (t == limit), f"step {t} of a {limit}-step limit"
    env.close()
