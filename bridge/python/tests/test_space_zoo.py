"""Every space type and rgb_array frames over the real wire, through two live envs of a Java test fixture
(``bridge/src/test/java/.../SpaceZooServer.java``, compiled by the Maven build into bridge/target/test-classes)."""

from __future__ import annotations

import json
import math
import subprocess
from collections import OrderedDict
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest
from gymnasium import spaces
from gymnasium.utils.env_checker import check_env

import jmegym
from jmegym.bridge import find_jar, find_java


@pytest.fixture(scope="module")
def zoo():
    jar = find_jar()
    classes = Path(__file__).resolve().parents[2] / "target" / "test-classes"  # bridge/target of this checkout
    if not (classes / "io" / "github" / "jmegym" / "bridge" / "SpaceZooServer.class").is_file():
        pytest.skip(f"{classes} has no SpaceZooServer: run the Maven build of the bridge module (with tests) first")
    proc = subprocess.Popen([find_java(), "-Xmx256m", "-cp", f"{jar}:{classes}", "io.github.jmegym.bridge.SpaceZooServer"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        info = json.loads(proc.stdout.readline()[len("JMEGYM_GATEWAY "):])
        b = jmegym.connect(info["port"], info["token"], set_default=False)
        yield b
        b.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


DICT_OBS = spaces.Dict(OrderedDict([
    ("pos", spaces.Box(-100, 100, (2,), np.float64)),
    ("echo", spaces.Dict(OrderedDict([
        ("move", spaces.Box(-1, 1, (2,), np.float32)),
        ("flags", spaces.MultiBinary(2)),
        ("choice", spaces.Discrete(3, start=-1)),
        ("levels", spaces.MultiDiscrete([2, 4], start=[0, -1])),
    ]))),
    ("t", spaces.Discrete(1000)),
]))


def test_spaces_map_exactly_including_dtypes_starts_and_key_order(zoo):
    env = jmegym.JavaEnv("DictZoo-v0", bridge=zoo)
    assert env.observation_space == DICT_OBS
    assert list(env.observation_space.spaces) == ["pos", "echo", "t"]
    assert env.action_space == DICT_OBS["echo"]
    flat = jmegym.JavaEnv("FlatZoo-v0", bridge=zoo)
    assert flat.observation_space == spaces.MultiBinary([2, 3])
    assert flat.action_space == spaces.MultiDiscrete([3, 3], start=[0, 1])
    assert gym.spec("jmegym/FlatZoo-v0").reward_threshold == 5.0
    env.close()
    flat.close()


@pytest.mark.filterwarnings("ignore:.*Not able to test alternative render modes")
@pytest.mark.parametrize("env_id, render_mode", [("DictZoo-v0", None), ("FlatZoo-v0", "rgb_array")])
def test_check_env_passes_on_every_space_type(zoo, env_id, render_mode):
    # built directly (no Gymnasium spec): check_env would otherwise make a second instance of the one live env
    env = jmegym.JavaEnv(env_id, render_mode=render_mode, bridge=zoo)
    try:
        check_env(env, skip_render_check=False)
    finally:
        env.close()


def test_dict_actions_cross_exactly_and_come_back_in_the_observation(zoo):
    env = jmegym.JavaEnv("DictZoo-v0", bridge=zoo)
    obs, info = env.reset(seed=5)
    assert info == {"seed": 5}
    assert env.observation_space.contains(obs)
    pos = obs["pos"].copy()
    env.action_space.seed(3)
    for t in range(1, 40):
        action = env.action_space.sample()
        obs, reward, terminated, truncated, info = env.step(action)
        pos = pos + action["move"].astype(np.float64)
        np.testing.assert_array_equal(obs["pos"], pos)
        assert obs["pos"].dtype == np.float64 and obs["echo"]["move"].dtype == np.float32
        np.testing.assert_array_equal(obs["echo"]["move"], action["move"])
        np.testing.assert_array_equal(obs["echo"]["flags"], action["flags"])
        assert obs["echo"]["choice"] == action["choice"] and obs["echo"]["choice"].dtype == np.int64
        np.testing.assert_array_equal(obs["echo"]["levels"], action["levels"])
        assert obs["t"] == t
        assert reward == pytest.approx(-math.hypot(*pos), rel=1e-15)
        assert info["t"] == t and info["pos"] == pos.tolist()
        assert not truncated
        if terminated:
            break
    with pytest.raises(ValueError, match="has no key 'levels'"):
        env.step({k: v for k, v in env.action_space.sample().items() if k != "levels"})
    with pytest.raises(ValueError, match="'choice'.*not in Discrete\\(3, start=-1\\)"):
        env.step(dict(env.action_space.sample(), choice=2))
    env.step(env.action_space.sample())
    env.close()


def test_multidiscrete_actions_multibinary_observations_and_rgb_frames(zoo):
    env = gym.make("jmegym/FlatZoo-v0", render_mode="rgb_array", bridge=zoo)
    obs, _ = env.reset(seed=4)
    assert obs.dtype == np.int8 and obs.shape == (2, 3) and obs.ravel().tolist() == [0, 0, 0, 0, 1, 0]
    obs, reward, *_ = env.step(np.array([2, 3]))
    assert obs.ravel().tolist() == [0, 0, 1, 0, 0, 1] and reward == 5.0
    frame = env.render()
    assert frame.shape == (2, 3, 3) and frame.dtype == np.uint8
    assert frame[:, :, 0].ravel().tolist() == [0, 0, 255, 0, 0, 255]
    assert frame[:, :, 1].ravel().tolist() == [0, 1, 2, 3, 4, 5] and (frame[:, :, 2] == 7).all()
    with pytest.raises(ValueError, match=r"value \[1\]=0 not in 1..3"):
        env.step(np.array([0, 0]))
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        env.step(np.array([0, 1, 1]))
    env.step(np.array([0, 1]))
    env.close()


def test_a_live_env_cannot_be_vectorised(zoo):
    with pytest.raises(ValueError, match="live env of the running game"):
        jmegym.JavaVectorEnv("FlatZoo-v0", num_envs=2, bridge=zoo)
