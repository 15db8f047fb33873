"""The Python side of the binary layout (v1, docs/wire-format.md) against the golden bytes the Java tests also check."""

from __future__ import annotations

import base64
import json
import struct
from pathlib import Path

import numpy as np
import pytest
from gymnasium import spaces

from jmegym.envs import JavaEnv
from jmegym.spaces import Codec, space_from_json


def _space(d: dict) -> spaces.Space:
    return space_from_json(d)


# The golden cases are shared with the Java SpaceCodecTest; the layout they pin is docs/wire-format.md.
GOLDEN_FILE = Path(__file__).resolve().parents[2] / "src" / "test" / "resources" / "wire-golden.json"
GOLDEN = json.loads(GOLDEN_FILE.read_text(encoding="utf-8"))["cases"]


def _element(space: spaces.Space, value):
    """A golden case's JSON value as the element Gymnasium would hold (flat lists reshaped, in the space dtype)."""
    if isinstance(space, spaces.Dict):
        return {k: _element(space[k], value[k]) for k in space.spaces}
    if isinstance(space, spaces.Discrete):
        return value
    return np.array(value, dtype=space.dtype).reshape(space.shape)


def _assert_element_equal(expected, actual):
    if isinstance(expected, dict):
        assert list(actual) == list(expected)
        for k in expected:
            _assert_element_equal(expected[k], actual[k])
    else:
        np.testing.assert_array_equal(actual, expected)
        assert np.asarray(actual).dtype == np.asarray(expected).dtype or np.ndim(expected) == 0


def test_the_shared_golden_file_covers_every_space_type():
    assert {c["space"]["type"] for c in GOLDEN} == {"Box", "Discrete", "MultiDiscrete", "MultiBinary", "Dict"}


@pytest.mark.parametrize("case", GOLDEN, ids=[c["name"] for c in GOLDEN])
def test_elements_encode_to_the_golden_little_endian_bytes(case):
    space = _space(case["space"])
    codec = Codec(space)
    assert codec.encode(_element(space, case["value"])).hex() == case["hex"]
    assert codec.size == len(case["hex"]) // 2


@pytest.mark.parametrize("case", GOLDEN, ids=[c["name"] for c in GOLDEN])
def test_golden_bytes_decode_to_the_golden_value_in_the_space_dtype(case):
    space = _space(case["space"])
    element = Codec(space).decode(bytes.fromhex(case["hex"]))
    assert space.contains(element), (space, element)
    _assert_element_equal(_element(space, case["value"]), element)


def test_space_mapping_is_exact_for_every_type():
    box = _space({"type": "Box", "low": [-1, "-Infinity"], "high": [2, "Infinity"], "shape": [2],
                  "dtype": "float32"})
    assert box.dtype == np.float32 and box.low[0] == -1 and np.isneginf(box.low[1]) and np.isposinf(box.high[1])
    assert _space({"type": "Discrete", "n": 3, "start": -1}) == spaces.Discrete(3, start=-1)
    assert _space({"type": "MultiDiscrete", "nvec": [2, 3], "start": [1, 0]}) == \
        spaces.MultiDiscrete([2, 3], start=[1, 0])
    assert _space({"type": "MultiBinary", "shape": [2, 3]}) == spaces.MultiBinary([2, 3])
    with pytest.raises(ValueError, match="space type 'Tuple'"):
        _space({"type": "Tuple"})


def test_nested_dict_batches_round_trip_through_the_interleaved_layout():
    space = _space({"type": "Dict", "spaces": {
        "pos": {"type": "Box", "low": [-5] * 3, "high": [5] * 3, "shape": [3], "dtype": "float32"},
        "inner": {"type": "Dict", "spaces": {"z": {"type": "Discrete", "n": 3, "start": -1},
                                             "a": {"type": "Box", "low": [-1] * 4, "high": [1] * 4,
                                                   "shape": [2, 2], "dtype": "float64"}}},
        "bits": {"type": "MultiBinary", "shape": [2, 3]}}})
    codec = Codec(space)
    assert codec.size == 12 + 8 + 32 + 6
    space.seed(0)
    batch = [space.sample() for _ in range(5)]
    stacked = {"pos": np.stack([b["pos"] for b in batch]),
               "inner": {"z": np.array([b["inner"]["z"] for b in batch]),
                         "a": np.stack([b["inner"]["a"] for b in batch])},
               "bits": np.stack([b["bits"] for b in batch])}
    data = codec.encode(stacked, n=5)
    for i, b in enumerate(batch):  # the batch is the elements back to back
        assert data[i * codec.size:(i + 1) * codec.size] == codec.encode(b)
    back = codec.decode(data, 0, 5)
    np.testing.assert_array_equal(back["pos"], stacked["pos"])
    np.testing.assert_array_equal(back["inner"]["a"], stacked["inner"]["a"])
    np.testing.assert_array_equal(back["inner"]["z"], stacked["inner"]["z"])
    np.testing.assert_array_equal(back["bits"], stacked["bits"])
    assert back["bits"].dtype == np.int8 and back["inner"]["z"].dtype == np.int64
    one = codec.decode(codec.encode(batch[0]))
    assert space.contains(one)
    with pytest.raises(ValueError, match="has no key 'inner/a'"):
        codec.encode({"pos": batch[0]["pos"], "inner": {"z": 0}, "bits": batch[0]["bits"]})


def test_multibinary_actions_other_than_zero_and_one_are_rejected_before_the_int8_cast():
    codec = Codec(spaces.MultiBinary(2))
    with pytest.raises(ValueError, match="other than 0 and 1"):
        codec.encode(np.array([1, 257]))


class _FrameBridge:
    """Answers ``render`` with a fixed 2x3 frame, in the reply layout of ``BridgeService.render``."""

    def call(self, name, *args):
        assert name == "render"
        pixels = bytes(range(2 * 3 * 3))
        return base64.b64encode(struct.pack("<ii", 2, 3) + pixels).decode()


def test_rgb_array_frames_decode_to_height_width_3_uint8():
    env = JavaEnv.__new__(JavaEnv)
    env._bridge, env._handle, env.render_mode, env.env_id = _FrameBridge(), 1, "rgb_array", "X-v0"
    frame = env.render()
    assert frame.shape == (3, 2, 3) and frame.dtype == np.uint8
    assert frame[0, 1].tolist() == [3, 4, 5] and frame[2, 1].tolist() == [15, 16, 17]


def test_uint8_boxes_map_to_gymnasium_image_spaces_and_decode_to_uint8():
    space = _space({"type": "Box", "low": [0] * 12, "high": [255] * 12, "shape": [2, 2, 3], "dtype": "uint8"})
    assert space == spaces.Box(0, 255, (2, 2, 3), np.uint8)
    obs = Codec(space).decode(bytes(range(0, 240, 20)))
    assert obs.dtype == np.uint8 and obs.shape == (2, 2, 3)
    assert obs[1, 1, 2] == 220
