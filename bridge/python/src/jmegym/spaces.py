"""Gymnasium spaces from the Java JSON, and the binary codec of their elements (layout 1: docs/wire-format.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np
from gymnasium import spaces

_DTYPES = {"float32": np.dtype(np.float32), "float64": np.dtype(np.float64), "uint8": np.dtype(np.uint8)}


def space_from_json(d: dict) -> spaces.Space:
    """The Gymnasium space described by a Java ``Space.toJson()`` object (exact dtypes, bounds and starts)."""
    kind = d.get("type")
    if kind == "Box":
        dtype = _DTYPES.get(d["dtype"])
        if dtype is None:
            raise ValueError(f"Box dtype {d['dtype']!r} from Java: expected float32, float64 or uint8")
        shape = tuple(d["shape"])
        low = np.array([float(v) for v in d["low"]], dtype=np.float64).reshape(shape).astype(dtype)
        high = np.array([float(v) for v in d["high"]], dtype=np.float64).reshape(shape).astype(dtype)
        return spaces.Box(low=low, high=high, shape=shape, dtype=dtype)
    if kind == "Discrete":
        return spaces.Discrete(int(d["n"]), start=int(d.get("start", 0)))
    if kind == "MultiDiscrete":
        nvec = np.array(d["nvec"], dtype=np.int64)
        start = np.array(d.get("start", [0] * len(nvec)), dtype=np.int64)
        return spaces.MultiDiscrete(nvec, start=start)
    if kind == "MultiBinary":
        shape = [int(v) for v in d["shape"]]
        return spaces.MultiBinary(shape[0] if len(shape) == 1 else shape)
    if kind == "Dict":
        # keep the Java key order: the byte layout follows it (Gymnasium may sort plain dicts for display)
        from collections import OrderedDict

        return spaces.Dict(OrderedDict((k, space_from_json(v)) for k, v in d["spaces"].items()))
    raise ValueError(f"space type {kind!r} from Java: expected Box, Discrete, MultiDiscrete, MultiBinary or Dict")


@dataclass(frozen=True)
class _Leaf:
    path: tuple  # keys from the root Dict (empty for a plain space)
    offset: int  # byte offset inside one element
    wire: np.dtype  # little-endian wire type
    native: np.dtype  # dtype of the Gymnasium space
    shape: tuple
    space: spaces.Space

    @property
    def count(self) -> int:
        """Numbers in one element."""
        return int(np.prod(self.shape, dtype=np.int64))

    @property
    def nbytes(self) -> int:
        return self.wire.itemsize * self.count


class Codec:
    """Encodes actions and decodes observations of one space in the bridge's binary layout."""

    def __init__(self, space: spaces.Space):
        self.space = space
        self.leaves: list[_Leaf] = []
        self.size = self._build(space, (), 0)
        # a plain space's leaf and its count, looked up once: decode runs on every step
        self._plain = self.leaves[0] if len(self.leaves) == 1 and not self.leaves[0].path else None
        self._plain_count = self._plain.count if self._plain is not None else 0

    def _build(self, space: spaces.Space, path: tuple, offset: int) -> int:
        if isinstance(space, spaces.Dict):
            for key, sub in space.spaces.items():
                offset = self._build(sub, path + (key,), offset)
            return offset
        if isinstance(space, spaces.Box):
            wire, native, shape = space.dtype.newbyteorder("<"), space.dtype, space.shape
        elif isinstance(space, spaces.Discrete):
            wire, native, shape = np.dtype("<i8"), np.dtype(np.int64), ()
        elif isinstance(space, spaces.MultiDiscrete):
            wire, native, shape = np.dtype("<i8"), space.dtype, space.shape
        elif isinstance(space, spaces.MultiBinary):
            wire, native, shape = np.dtype("<i1"), space.dtype, space.shape
        else:
            raise ValueError(f"no binary layout for {space}")
        leaf = _Leaf(path, offset, wire, native, tuple(shape), space)
        self.leaves.append(leaf)
        return offset + leaf.nbytes

    # ------------------------------------------------------------------ observations

    def decode(self, buf: bytes, offset: int = 0, n: int | None = None) -> Any:
        """Decodes one element (``n`` None) or ``n`` elements batched along a new first axis."""
        leaf = self._plain
        if leaf is not None:
            count = self._plain_count * (1 if n is None else n)
            a = np.frombuffer(buf, dtype=leaf.wire, count=count, offset=offset)
            a = a.astype(leaf.native, copy=True)
            if n is None:
                return a.reshape(leaf.shape) if leaf.shape else leaf.native.type(a[0])
            return a.reshape((n,) + leaf.shape)
        rows = 1 if n is None else n
        mat = np.frombuffer(buf, dtype=np.uint8, count=rows * self.size, offset=offset).reshape(rows, self.size)
        out: dict = {}
        for leaf in self.leaves:
            col = np.ascontiguousarray(mat[:, leaf.offset : leaf.offset + leaf.nbytes]).view(leaf.wire)
            col = col.astype(leaf.native)
            value = col.reshape(leaf.shape) if n is None else col.reshape((n,) + leaf.shape)
            if n is None and not leaf.shape:
                value = leaf.native.type(value)
            node = out
            for key in leaf.path[:-1]:
                node = node.setdefault(key, {})
            node[leaf.path[-1]] = value
        return out

    def from_json(self, value: Any) -> Any:
        """One element from its JSON form (as a Java info carries it, e.g. ``final_obs``)."""
        return _from_json(self.space, value)

    # ------------------------------------------------------------------ actions

    def encode(self, action: Any, n: int | None = None, where: str = "step") -> bytes:
        """The bytes of one action (``n`` None) or of a batch of ``n`` actions along the first axis."""
        if len(self.leaves) == 1 and not self.leaves[0].path:
            return self._leaf_array(self.leaves[0], action, n, where).tobytes()
        if not isinstance(action, dict):
            raise ValueError(f"{where}: action {action!r} is not a dict; {self.space} needs keys {self._keys()}")
        rows = 1 if n is None else n
        mat = np.empty((rows, self.size), dtype=np.uint8)
        for leaf in self.leaves:
            value = action
            for key in leaf.path:
                if not isinstance(value, dict) or key not in value:
                    raise ValueError(f"{where}: action has no key {'/'.join(leaf.path)!r}; {self.space} needs keys "
                                     f"{self._keys()}")
                value = value[key]
            arr = self._leaf_array(leaf, value, n, f"{where} key {'/'.join(leaf.path)!r}")
            mat[:, leaf.offset : leaf.offset + leaf.nbytes] = arr.reshape(rows, -1).view(np.uint8)
        return mat.tobytes()

    def _keys(self) -> list:
        return ["/".join(leaf.path) for leaf in self.leaves]

    @staticmethod
    def _leaf_array(leaf: _Leaf, value: Any, n: int | None, where: str) -> np.ndarray:
        shape = leaf.shape if n is None else (n,) + leaf.shape
        if isinstance(value, int) and not -(2**63) <= value < 2**63:
            raise ValueError(f"{where}: action {value} does not fit int64; expected a value of {leaf.space}")
        try:
            arr = np.asarray(value)
        except Exception as e:  # ragged lists and the like
            raise ValueError(f"{where}: action {value!r} is not an array for {leaf.space}: {e}") from None
        if arr.dtype.kind not in "biuf":
            raise ValueError(f"{where}: action {value!r} has dtype {arr.dtype}; {leaf.space} needs numbers")
        if arr.shape != shape:
            raise ValueError(f"{where}: action {value!r} has shape {arr.shape}; {leaf.space} needs shape {shape}")
        if isinstance(leaf.space, spaces.Box):
            with np.errstate(over="ignore"):  # a value beyond float32 becomes inf, which the env rejects by name
                return np.ascontiguousarray(arr, dtype=leaf.wire)
        if arr.dtype.kind == "f":
            raise ValueError(f"{where}: action {value!r} has dtype {arr.dtype}; {leaf.space} needs integers")
        if isinstance(leaf.space, spaces.MultiBinary) and arr.size and not np.isin(arr, (0, 1)).all():
            raise ValueError(f"{where}: action {value!r} has values other than 0 and 1; expected {leaf.space}")
        if arr.dtype.kind == "u" and arr.size and int(arr.max()) > np.iinfo(np.int64).max:
            raise ValueError(f"{where}: action {value!r} does not fit int64; expected {leaf.space}")
        return np.ascontiguousarray(arr, dtype=leaf.wire)


def _from_json(space: spaces.Space, value: Any) -> Any:
    if isinstance(space, spaces.Dict):
        return {k: _from_json(s, value[k]) for k, s in space.spaces.items()}
    if isinstance(space, spaces.Discrete):
        return np.int64(value)
    return np.asarray(value, dtype=space.dtype).reshape(space.shape)


def to_json(value: Any) -> str:
    """JSON of kwargs/options, with NumPy arrays and scalars as plain lists and numbers."""
    return json.dumps(value, default=_json_default, allow_nan=True)


def _json_default(o: Any) -> Any:
    if isinstance(o, np.ndarray):
        return o.tolist()
    if isinstance(o, np.generic):
        return o.item()
    if isinstance(o, (set, tuple)):
        return list(o)
    raise TypeError(f"{type(o).__name__} {o!r} cannot be sent to Java (expected JSON-able values)")
