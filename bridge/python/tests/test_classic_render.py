"""rgb_array frames of the classic-control envs, drawn in Java, against Gymnasium's own pygame frames.

The Java side runs pygame's drawing algorithms (SDL_gfx's polygons, circles and Wu lines; pygame's aalines, lines,
smoothscale and alpha blit), so the frames agree pixel for pixel but for rounding: over the states below, no pixel
of CartPole, MountainCar(Continuous) or Acrobot differs at all, and at most 39 pixels of a Pendulum frame differ by
1 of 255 (a blend rounded the other way). The bounds leave room for other pygame builds without letting a misplaced
shape through: a pixel *differs* when a channel is off by more than 8, and a frame *matches* when at most 0.05% of
all pixels and at most 1% of the drawn pixels (not white in either frame) differ.
`test_a_slightly_different_state_does_not_match` shows that a shape moved by about a pixel breaks the bounds.
"""

from __future__ import annotations

import importlib.util

import gymnasium as gym
import numpy as np
import pytest

import jmegym
from conftest import CLASSIC

pytest.importorskip("pygame", reason="Gymnasium's reference frames need pygame (pip install pygame)")

TOLERANCE = 8
MAX_SHARE_OF_ALL = 0.0005
MAX_SHARE_OF_DRAWN = 0.01

SHAPES = {"CartPole-v1": (400, 600, 3), "MountainCar-v0": (400, 600, 3), "MountainCarContinuous-v0": (400, 600, 3),
          "Pendulum-v1": (500, 500, 3), "Acrobot-v1": (500, 500, 3)}
# Fixed actions after each seeded reset: both directions, idle, and (Pendulum) torques that draw the arrow at its
# largest, mirrored, and not at all.
ACTIONS = {
    "CartPole-v1": [1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1],
    "MountainCar-v0": [2, 2, 2, 0, 0, 0, 1, 2, 0, 2],
    "MountainCarContinuous-v0": [[1.0], [1.0], [-0.5], [0.25], [-1.0], [0.0]],
    "Pendulum-v1": [[2.0], [-2.0], [0.0], [0.7], [-1.3], [1.99]],
    "Acrobot-v1": [2, 2, 2, 0, 0, 1, 2, 0, 2, 2],
}


def _action(a):
    return np.array(a, dtype=np.float32) if isinstance(a, list) else a


def _difference(reference: np.ndarray, frame: np.ndarray) -> tuple[float, float]:
    """(share of all pixels, share of drawn pixels) that differ by more than TOLERANCE in some channel."""
    differs = (np.abs(reference.astype(int) - frame.astype(int)) > TOLERANCE).any(axis=2)
    drawn = (reference != 255).any(axis=2) | (frame != 255).any(axis=2)
    return differs.mean(), differs.sum() / max(1, drawn.sum())


def _assert_matches(reference, frame, where):
    assert frame.dtype == np.uint8 and frame.shape == reference.shape, (where, frame.shape, reference.shape)
    of_all, of_drawn = _difference(reference, frame)
    assert of_all <= MAX_SHARE_OF_ALL and of_drawn <= MAX_SHARE_OF_DRAWN, (
        f"{where}: {of_all:.3%} of all pixels, {of_drawn:.2%} of drawn pixels differ by more than {TOLERANCE}")


@pytest.mark.parametrize("env_id", CLASSIC)
def test_frames_match_gymnasiums_after_seeded_resets_and_fixed_actions(bridge, env_id):
    ours = gym.make(f"jmegym/{env_id}", render_mode="rgb_array")
    theirs = gym.make(env_id, render_mode="rgb_array")
    try:
        assert ours.metadata["render_modes"] == ["rgb_array"]
        assert ours.metadata["render_fps"] == theirs.metadata["render_fps"]
        for seed in (0, 1, 7):
            ours.reset(seed=seed)
            theirs.reset(seed=seed)
            reference = theirs.render()
            assert reference.shape == SHAPES[env_id]
            _assert_matches(reference, ours.render(), f"{env_id} reset(seed={seed})")
            for k, a in enumerate(ACTIONS[env_id]):
                ours.step(_action(a))
                theirs.step(_action(a))
                _assert_matches(theirs.render(), ours.render(), f"{env_id} seed={seed} step {k + 1} action={a}")
    finally:
        ours.close()
        theirs.close()


# (env, the internal state Gymnasium is set to, how the Java env's state differs): about a pixel of motion each
NUDGES = [
    ("CartPole-v1", [0.1, 0.0, 0.05, 0.0], [0.008, 0.0, 0.0, 0.0]),  # the cart and pole 1 px to the right
    ("CartPole-v1", [0.1, 0.0, 0.05, 0.0], [0.0, 0.0, 0.01, 0.0]),  # the pole's tip 1.2 px over
    ("MountainCar-v0", [-0.5, 0.0], [0.003, 0.0]),  # the car 1 px along the track
    ("Pendulum-v1", [1.0, 0.0], [0.01, 0.0]),  # the rod's end 1.1 px over
    ("Acrobot-v1", [0.5, -0.3, 0.0, 0.0], [0.0, 0.01, 0.0, 0.0]),  # the free end 1.1 px over
]


@pytest.mark.parametrize("env_id, state, nudge", NUDGES)
def test_a_slightly_different_state_does_not_match(bridge, env_id, state, nudge):
    ours = gym.make(f"jmegym/{env_id}", render_mode="rgb_array")
    theirs = gym.make(env_id, render_mode="rgb_array")
    try:
        theirs.reset(seed=0)
        theirs.unwrapped.state = np.array(state, dtype=np.float64)
        ours.reset(options={"state": state})
        _assert_matches(theirs.render(), ours.render(), f"{env_id} state={state}")
        ours.reset(options={"state": list(np.add(state, nudge))})
        of_all, of_drawn = _difference(theirs.render(), ours.render())
        assert of_drawn > MAX_SHARE_OF_DRAWN, f"{env_id} nudged by {nudge}: only {of_drawn:.2%} of drawn pixels differ"
    finally:
        ours.close()
        theirs.close()


def test_render_before_reset_raises_as_gymnasium_does(bridge):
    env = gym.make("jmegym/CartPole-v1", render_mode="rgb_array")
    try:
        with pytest.raises(gym.error.ResetNeeded):
            env.render()
    finally:
        env.close()
    raw = jmegym.JavaEnv("CartPole-v1", render_mode="rgb_array")
    try:
        with pytest.raises(RuntimeError, match=r"render\(\) on CartPole-v1 before reset\(\): call reset\(\) first"):
            raw.render()
    finally:
        raw.close()


def test_an_unsupported_render_mode_names_the_supported_one(bridge):
    with pytest.raises(ValueError, match=r"render_mode='ansi' is not supported by CartPole-v1; its render modes are "
                                         r"\['rgb_array'\]"):
        gym.make("jmegym/CartPole-v1", render_mode="ansi")


@pytest.mark.skipif(importlib.util.find_spec("moviepy") is None, reason="RecordVideo needs moviepy")
def test_record_video_writes_an_mp4_of_a_cartpole_episode(bridge, tmp_path):
    env = gym.wrappers.RecordVideo(gym.make("jmegym/CartPole-v1", render_mode="rgb_array"), str(tmp_path / "videos"),
                                   episode_trigger=lambda e: True, disable_logger=True)
    try:
        env.reset(seed=3)
        done = False
        while not done:
            _, _, term, trunc, _ = env.step(env.action_space.sample())
            done = term or trunc
    finally:
        env.close()
    videos = list((tmp_path / "videos").glob("*.mp4"))
    assert len(videos) == 1 and videos[0].stat().st_size > 1000
