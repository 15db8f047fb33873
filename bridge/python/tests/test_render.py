"""rgb_array frames of the engine worlds through the bridge: shape, colours where the objects are, motion, and
Gymnasium's frame-collecting wrappers on top (RenderCollection; RecordVideo when moviepy is installed)."""

from __future__ import annotations

import importlib.util

import gymnasium as gym
import numpy as np
import pytest

import jmegym  # noqa: F401  (registers the jmegym/ ids)
from conftest import HAVE_RENDERER, NO_RENDERER

pytestmark = pytest.mark.skipif(not HAVE_RENDERER, reason=NO_RENDERER)


def _masks(frame):
    r, g, b = (frame[..., i].astype(int) for i in range(3))
    red = (r > 120) & (r > 2 * g) & (r > 2 * b)
    green = (g > 120) & (g > 2 * r) & (g > 2 * b)
    return red, green


def test_chase_rgb_array_frame_shows_the_target_and_the_npc(bridge):
    env = gym.make("jmegym/Chase-v0", render_mode="rgb_array")
    try:
        env.reset(seed=5)
        frame = env.render()
        assert frame.dtype == np.uint8 and frame.shape == (240, 320, 3)
        red, green = _masks(frame)
        assert red.sum() > 20, "the red target is visible"
        assert green.sum() > 20, "the green NPC is visible"
        for _ in range(8):
            env.step(1)
        later = env.render()
        assert not np.array_equal(frame, later), "frames follow the simulation"
        assert _masks(later)[1].sum() > 20
    finally:
        env.close()


def test_render_size_kwargs_and_render_collection(bridge):
    env = gym.wrappers.RenderCollection(gym.make("jmegym/BallBalance-v0", render_mode="rgb_array",
                                                 render_width=96, render_height=64))
    try:
        env.reset(seed=1)
        for _ in range(3):
            env.step(env.action_space.sample())
        frames = env.render()
        assert len(frames) == 4
        assert all(f.shape == (64, 96, 3) for f in frames)
    finally:
        env.close()


@pytest.mark.skipif(importlib.util.find_spec("moviepy") is None, reason="RecordVideo needs moviepy")
def test_record_video_writes_an_mp4(bridge, tmp_path):
    env = gym.wrappers.RecordVideo(gym.make("jmegym/Chase-v0", render_mode="rgb_array", max_episode_steps=20),
                                   str(tmp_path / "videos"), episode_trigger=lambda e: True, disable_logger=True)
    try:
        env.reset(seed=2)
        done = False
        while not done:
            _, _, term, trunc, _ = env.step(env.action_space.sample())
            done = term or trunc
    finally:
        env.close()
    videos = list((tmp_path / "videos").glob("*.mp4"))
    assert videos and videos[0].stat().st_size > 1000
