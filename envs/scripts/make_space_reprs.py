#!/usr/bin/env python3
"""Writes two files that SpacesTest compares the Java spaces with:
envs/src/test/resources/golden/space_reprs.jsonl, Gymnasium's str() of sample spaces, one JSON line per space
({"json": <Java-side JSON form>, "repr": str(space)}), and envs/src/test/resources/golden/space_samples.jsonl,
the first samples after space.seed(seed), one JSON line per space ({"json": .., "seed": .., "samples": [..]}).

Usage: python3 envs/scripts/make_space_reprs.py
"""
import json
import os

import gymnasium as gym
import numpy as np

BOXES = [
    ([-4.8, -np.inf, -0.41887903, -np.inf], [4.8, np.inf, 0.41887903, np.inf], "float32"),
    ([-1.2, -0.07], [0.6, 0.07], "float32"),
    ([-1, -1, -8], [1, 1, 8], "float32"),
    ([-1, -1, -1, -1, -4 * np.pi, -9 * np.pi], [1, 1, 1, 1, 4 * np.pi, 9 * np.pi], "float32"),
    ([0.1, 0.2], [1, 2], "float64"),
    ([1e-5, 0], [1, 2], "float32"),
    ([0, -1e9], [1, 1e9], "float64"),
    ([0.5, -np.inf], [1.5, 100], "float64"),
    ([-1.5, -2.25], [1e-3, 3], "float32"),
    ([0.1, 0.2], [0.30000000000000004, 5], "float64"),
    ([-3, -3], [3, 3], "float32"),
    ([1e-7, 1e-7], [1e16, 1e16], "float64"),
    ([0.001, 0.001], [123456.7, 123456.7], "float32"),
    ([-np.inf] * 3, [np.inf] * 3, "float32"),
]


def box_json(b):
    return {"type": "Box", "low": [float(x) for x in b.low], "high": [float(x) for x in b.high],
            "shape": list(b.shape), "dtype": str(b.dtype)}


def main():
    out = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "golden", "space_reprs.jsonl")
    lines = []
    for lo, hi, dt in BOXES:
        b = gym.spaces.Box(np.array(lo, dtype=dt), np.array(hi, dtype=dt), dtype=dt)
        lines.append({"json": box_json(b), "repr": str(b)})
    lines.append({"json": {"type": "Box", "low": [-1.0] * 12, "high": [2.0] * 12, "shape": [3, 4], "dtype": "float32"},
                  "repr": str(gym.spaces.Box(-1.0, 2.0, (3, 4), np.float32))})
    lines.append({"json": {"type": "Discrete", "n": 2, "start": 0}, "repr": str(gym.spaces.Discrete(2))})
    lines.append({"json": {"type": "Discrete", "n": 3, "start": -1}, "repr": str(gym.spaces.Discrete(3, start=-1))})
    lines.append({"json": {"type": "MultiDiscrete", "nvec": [3, 2], "start": [0, 0]},
                  "repr": str(gym.spaces.MultiDiscrete([3, 2]))})
    lines.append({"json": {"type": "MultiDiscrete", "nvec": [3, 2], "start": [1, 0]},
                  "repr": str(gym.spaces.MultiDiscrete([3, 2], start=[1, 0]))})
    lines.append({"json": {"type": "MultiBinary", "shape": [4]}, "repr": str(gym.spaces.MultiBinary(4))})
    lines.append({"json": {"type": "MultiBinary", "shape": [2, 3]}, "repr": str(gym.spaces.MultiBinary([2, 3]))})
    d = gym.spaces.Dict({"kind": gym.spaces.Discrete(3), "power": gym.spaces.Box(-1.0, 1.0, (2,), np.float32)})
    lines.append({"json": {"type": "Dict", "spaces": {"kind": {"type": "Discrete", "n": 3, "start": 0},
                                                      "power": box_json(d["power"])}}, "repr": str(d)})
    with open(out, "w") as f:
        for line in lines:
            f.write(json.dumps(line) + "\n")
    print(f"wrote {len(lines)} spaces to {out}")
    write_samples(os.path.join(os.path.dirname(out), "space_samples.jsonl"))


def to_json(x):
    if isinstance(x, dict):
        return {k: to_json(v) for k, v in x.items()}
    if np.ndim(x) == 0:
        return int(x)
    return [float(v) if isinstance(v, np.floating) else int(v) for v in np.asarray(x).ravel()]


def write_samples(out):
    spaces = [
        (gym.spaces.Discrete(2), 5), (gym.spaces.Discrete(3, start=-1), 5), (gym.spaces.Discrete(7), 123),
        (gym.spaces.Discrete(1000003), 5),
        (gym.spaces.Box(-2.0, 2.0, (1,), np.float32), 5), (gym.spaces.Box(-1.0, 1.0, (1,), np.float32), 0),
        (gym.spaces.Box(np.array([-1, 0, -5], dtype=np.float32), np.array([1, 0.5, 5], dtype=np.float32)), 5),
        (gym.spaces.Box(np.array([-1, 0.1]), np.array([3, 0.2]), dtype=np.float64), 5),
        (gym.spaces.MultiDiscrete([3, 2, 5]), 5), (gym.spaces.MultiDiscrete([3, 2], start=[1, -4]), 5),
        (gym.spaces.MultiBinary(6), 5), (gym.spaces.MultiBinary([2, 3]), 8),
        (gym.spaces.Dict({"a": gym.spaces.Discrete(4), "b": gym.spaces.Box(-1.0, 1.0, (2,), np.float32)}), 9),
    ]
    with open(out, "w") as f:
        for space, seed in spaces:
            space.seed(seed)
            samples = [to_json(space.sample()) for _ in range(8)]
            f.write(json.dumps({"json": space_json(space), "seed": seed, "samples": samples}) + "\n")
    print(f"wrote {len(spaces)} sample sequences to {out}")


def space_json(space):
    if isinstance(space, gym.spaces.Box):
        return box_json(space)
    if isinstance(space, gym.spaces.Discrete):
        return {"type": "Discrete", "n": int(space.n), "start": int(space.start)}
    if isinstance(space, gym.spaces.MultiDiscrete):
        return {"type": "MultiDiscrete", "nvec": space.nvec.tolist(), "start": space.start.tolist()}
    if isinstance(space, gym.spaces.MultiBinary):
        return {"type": "MultiBinary", "shape": list(space.shape)}
    return {"type": "Dict", "spaces": {k: space_json(v) for k, v in space.spaces.items()}}


if __name__ == "__main__":
    main()
