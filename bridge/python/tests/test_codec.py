"""The Python side of the binary layout (v1) against the same golden bytes the Java tests check."""

from __future__ import annotations

import base64
import struct

import numpy as np
import pytest
from gymnasium import spaces

from jmegym.envs import JavaEnv
from jmegym.spaces import Codec, space_from_json


def _space(d: dict) -> spaces.Space:
    return space_from_json(d)


GOLDEN = [  # (space JSON as Java writes it, action, hex of SpaceCodecTest.wireFormsAreLittleEndian...)
    ({"type": "Discrete", "n": 9, "start": 0}, 5, "0500000000000000"),
    ({"type": "Box", "low": [-3, -3], "high": [3, 3], "shape": [2], "dtype": "float32"}, np.array([1.0, -2.0]),
     "0000803f000000c0"),
    ({"type": "Box", "low": [-3], "high": [3], "shape": [1], "dtype": "float64"}, np.array([1.0]),
     "000000000000f03f"),
    ({"type": "MultiDiscrete", "nvec": [3, 5], "start": [-2, 0]}, np.array([-2, 3]),
     "feffffffffffffff0300000000000000"),
    ({"type": "MultiBinary", "shape": [3]}, np.array([1, 0, 1]), "010001"),
    ({"type": "Box", "low": [0, 0, 0], "high": [255, 255, 255], "shape": [3], "dtype": "uint8"},
     np.array([0, 255, 7], dtype=np.uint8), "00ff07"),
    ({"type": "Dict", "spaces": {"b": {"type": "Discrete", "n": 4, "start": 0}, "a": {"type": "MultiBinary",
                                                                                     "shape": [1]}}},
     {"a": np.array([1]), "b": 2}, "020000000000000001"),
]


@pytest.mark.parametrize("space_json, action, golden", GOLDEN)
def test_actions_encode_to_the_documented_little_endian_bytes(space_json, action, golden):
    codec = Codec(_space(space_json))
    assert codec.encode(action).hex() == golden
    assert codec.size == len(golden) // 2


@pytest.mark.parametrize("space_json, action, golden", GOLDEN)
def test_observations_decode_from_those_bytes_with_the_space_dtype(space_json, action, golden):
    space = _space(space_json)
    obs = Codec(space).decode(bytes.fromhex(golden))
    assert space.contains(obs), (space, obs)


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
