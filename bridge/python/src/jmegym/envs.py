"""``JavaEnv`` and ``JavaVectorEnv``: Gymnasium environments whose simulation runs on the Java side."""

from __future__ import annotations

import json
import struct
from base64 import b64decode
from typing import Any, SupportsFloat

from numpy.typing import NDArray

import gymnasium as gym
import numpy as np
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from .bridge import Bridge, JmeBridgeError
from .spaces import Codec, space_from_json, to_json

_MODES = {"next_step": AutoresetMode.NEXT_STEP, "same_step": AutoresetMode.SAME_STEP,
          "disabled": AutoresetMode.DISABLED}


class RenderModeError(TypeError, ValueError):
    """The Java env does not support the requested render mode.

    A ``TypeError`` as for an env class without a ``render_mode`` parameter, so that callers that retry without
    one on ``TypeError`` (e.g. Stable-Baselines3's ``make_vec_env``) keep working; also a ``ValueError``.
    """


def _bridge(bridge: Bridge | None) -> Bridge:
    if bridge is not None:
        return bridge
    from . import default_bridge

    return default_bridge()


def _seed(seed: Any, where: str) -> int | None:
    if seed is None:
        return None
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        raise ValueError(f"{where}: seed={seed!r}; expected a non-negative int or None")
    seed = int(seed)
    if not 0 <= seed < 2**63:
        raise ValueError(f"{where}: seed={seed}; expected 0 <= seed < 2**63")
    return seed


def _require_open(call: str, env_id: str, handle: int | None) -> int:
    if handle is None:
        raise gym.error.ClosedEnvironmentError(f"{call}({env_id}): this env is closed")
    return handle


class _CallGuard:
    """What a Java env's own calls check first: that the env is open, and that no step or reset lost its reply
    (a KeyboardInterrupt or a broken connection during the call leaves the Java env's state unknown here, so the
    next call must be a reset)."""

    def __init__(self, name: str):
        self.name = name
        self.lost: str | None = None

    def check(self, call: str, handle: int | None, *, resetting: bool = False) -> int:
        _require_open(call, self.name, handle)
        if self.lost is not None and not resetting:
            raise gym.error.ResetNeeded(f"{call}({self.name}): the previous {self.lost}; call reset() first")
        return handle

    def awaiting(self, call: str) -> "_Awaiting":
        """Wraps a call and the decoding of its reply: an interrupt or a lost connection in between marks the
        env as needing a reset; a reset that completes clears the mark."""
        return _Awaiting(self, call)


class _Awaiting:
    """The context of :meth:`_CallGuard.awaiting` (a class, not a generator: it wraps every step)."""

    __slots__ = ("guard", "call")

    def __init__(self, guard: _CallGuard, call: str):
        self.guard, self.call = guard, call

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, e: Any, tb: Any) -> bool:
        if kind is None:
            if self.call == "reset":
                self.guard.lost = None
        elif issubclass(kind, KeyboardInterrupt):
            self.guard.lost = f"{self.call} was interrupted (KeyboardInterrupt) before its reply was read"
        elif issubclass(kind, JmeBridgeError):
            self.guard.lost = f"{self.call} failed without a reply ({e})"
        return False


def _json_block(buf: bytes, offset: int) -> Any:
    (n,) = struct.unpack_from("<i", buf, offset)
    if n == 0:
        return None
    return json.loads(bytes(buf[offset + 4: offset + 4 + n]).decode("utf-8"))


class JavaEnv(gym.Env[Any, Any]):
    """A Java env as a :class:`gymnasium.Env`; its spaces, spec and dynamics come from the Java side.

    Made by ``gymnasium.make("jmegym/<id>", **kwargs)`` (which adds Gymnasium's TimeLimit, OrderEnforcing and
    env-checker wrappers) or directly as ``JavaEnv("<id>", bridge=..., **kwargs)``. ``kwargs`` go to the Java
    factory; ``render_mode="rgb_array"`` works when the Java env lists it.
    """

    metadata = {"render_modes": ["rgb_array"], "render_fps": 30}

    def __init__(self, env_id: str, render_mode: str | None = None, bridge: Bridge | None = None, **kwargs: Any):
        self._handle: int | None = None
        self._guard = _CallGuard(env_id)
        self.env_id = env_id
        self._bridge = _bridge(bridge)
        spec = self._bridge.spec(env_id)
        modes = list(spec.get("metadata", {}).get("render_modes", []))
        if render_mode is not None and render_mode not in modes:
            raise RenderModeError(f"render_mode={render_mode!r} is not supported by {env_id}; its render modes "
                                  f"are {modes}")
        self.render_mode = render_mode
        if render_mode is not None:
            kwargs["render_mode"] = render_mode
        made = self._bridge.make(env_id, to_json(kwargs))
        self._handle = made["handle"]
        self.live = bool(made.get("live"))
        self.observation_space = space_from_json(made["observation_space"])
        self.action_space = space_from_json(made["action_space"])
        self._obs = Codec(self.observation_space)
        self._act = Codec(self.action_space)
        self.metadata = {"render_modes": modes, "render_fps": spec["metadata"].get("render_fps") or None}
        self.java_spec = made["spec"]
        self._where = f"step({env_id})"

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None
              ) -> tuple[Any, dict[str, Any]]:
        handle = self._guard.check("reset", self._handle, resetting=True)
        seed = _seed(seed, f"reset({self.env_id})")
        super().reset(seed=seed)
        options_json = to_json(options) if options else None
        with self._guard.awaiting("reset"):
            buf = b64decode(self._bridge.call("reset", handle, seed, options_json))
            return self._obs.decode(buf), _json_block(buf, self._obs.size) or {}

    def step(self, action: Any) -> tuple[Any, SupportsFloat, bool, bool, dict[str, Any]]:
        handle = self._guard.check("step", self._handle)
        encoded = self._act.encode(action, where=self._where)
        with self._guard.awaiting("step"):
            buf = b64decode(self._bridge.call("step", handle, encoded))
            o = self._obs.size
            reward, terminated, truncated = struct.unpack_from("<dbb", buf, o)
            return self._obs.decode(buf), reward, bool(terminated), bool(truncated), _json_block(buf, o + 10) or {}

    def render(self) -> NDArray[np.uint8] | None:
        if self.render_mode is None:
            gym.logger.warn(
                "You are calling render method without specifying any render mode. You can specify the render_mode"
                f' at initialization, e.g. gym.make("jmegym/{self.env_id}", render_mode="rgb_array")')
            return None
        buf = b64decode(self._bridge.call("render", _require_open("render", self.env_id, self._handle)))
        if not buf:
            return None
        w, h = struct.unpack_from("<ii", buf, 0)
        return np.frombuffer(buf, dtype=np.uint8, count=w * h * 3, offset=8).reshape(h, w, 3).copy()

    def close(self):
        handle, self._handle = self._handle, None
        if handle is not None:
            try:
                self._bridge.close_handle(handle)
            except JmeBridgeError:
                pass  # the JVM is gone and took the env with it

    def __del__(self):
        # an env dropped without close() still releases its Java side (a jME world holds native resources)
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self) -> str:
        return f"JavaEnv({self.env_id!r})"


class JavaVectorEnv(VectorEnv[Any, Any, Any]):
    """``num_envs`` copies of a Java env stepped by one call per step, as a :class:`gymnasium.vector.VectorEnv`.

    Sub-env ``i`` is seeded ``seed + i``. Autoreset follows Gymnasium (``metadata["autoreset_mode"]``, next-step
    by default): the step after a sub-env ends ignores its action and returns its first observation of the next
    episode with reward 0 and both flags False.
    """

    def __init__(self, env_id: str, num_envs: int = 1, *, max_episode_steps: int | None = None,
                 render_mode: str | None = None, autoreset_mode: AutoresetMode | str = AutoresetMode.NEXT_STEP,
                 bridge: Bridge | None = None, **kwargs: Any):
        self._handle: int | None = None
        self._guard = _CallGuard(env_id)
        self.env_id = env_id
        if render_mode is not None:
            raise ValueError(f"render_mode={render_mode!r}: the bridge renders single envs only; use "
                             f'gymnasium.make("jmegym/{env_id}", render_mode=...)')
        mode = _autoreset_mode(autoreset_mode)
        self._bridge = _bridge(bridge)
        if max_episode_steps is not None:
            kwargs["max_episode_steps"] = max_episode_steps
        java_mode = {v: k for k, v in _MODES.items()}[mode]
        made = self._bridge.make_vec(env_id, num_envs, to_json(kwargs), java_mode)
        self._handle = made["handle"]
        self.num_envs = int(made["num_envs"])
        self.single_observation_space = space_from_json(made["observation_space"])
        self.single_action_space = space_from_json(made["action_space"])
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        self._obs = Codec(self.single_observation_space)
        self._act = Codec(self.single_action_space)
        self.metadata = {"autoreset_mode": _MODES[made["autoreset_mode"]], "render_modes": []}
        self.render_mode = None
        self.java_spec = made["spec"]
        #: the names of the agents behind the sub-envs when they are the agents of one Java scene (``agents=K``)
        self.agent_names: list[str] = list(made.get("agent_names", []))
        self._where = f"step({env_id} x {self.num_envs})"
        self._last_obs: Any = None
        # the binary channel that carries step() (opened at the first step; None: not open, False: Py4J instead)
        self._channel: Any = None

    def reset(self, *, seed: int | list[int | None] | None = None, options: dict[str, Any] | None = None
              ) -> tuple[Any, dict[str, Any]]:
        self._guard.check("reset", self._handle, resetting=True)
        with self._guard.awaiting("reset"):
            return self._reset(seed, options)

    def _reset(self, seed: int | list | None, options: dict | None):
        n = self.num_envs
        options = dict(options or {})
        mask = options.pop("reset_mask", None)
        mask = np.ones(n, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
        if mask.shape != (n,):
            raise ValueError(f"reset({self.env_id}): reset_mask has shape {mask.shape}; expected ({n},)")
        seeds = self._per_env_seeds(seed)
        if seeds is None or isinstance(seeds, int):
            super().reset(seed=seeds)
            obs, infos = self._reset_call(seeds, options, mask)
        else:  # arbitrary per-env seeds: one masked reset per sub-env (rare; Gymnasium's own form)
            super().reset(seed=None)
            obs, infos = self._last_obs, {}
            for i, s in enumerate(seeds):
                if mask[i]:
                    one = np.zeros(n, dtype=bool)
                    one[i] = True
                    o, info = self._reset_call(None if s is None else s - i, options, one)
                    obs = o if obs is None else _merge(obs, o, one)
                    infos = _merge_infos(self, infos, info, i)
        self._last_obs = obs
        return obs, infos

    def _reset_call(self, seed: int | None, options: dict, mask: np.ndarray):
        full = bool(mask.all())
        if not full:
            options = dict(options, reset_mask=[bool(m) for m in mask])
        buf = b64decode(self._bridge.call("resetAll", self._handle, seed, to_json(options) if options else None))
        obs = self._obs.decode(buf, 0, self.num_envs)
        if not full and self._last_obs is not None:
            obs = _merge(self._last_obs, obs, mask)
        return obs, self._infos(buf, self.num_envs * self._obs.size)

    def _per_env_seeds(self, seed: Any):
        where = f"reset({self.env_id})"
        if seed is None or not isinstance(seed, (list, tuple, np.ndarray)):
            return _seed(seed, where)
        seeds = [None if s is None else _seed(s, where) for s in seed]
        if len(seeds) != self.num_envs:
            raise ValueError(f"{where}: {len(seeds)} seeds for {self.num_envs} envs")
        if all(s is None for s in seeds):
            return None
        if all(s is not None for s in seeds) and all(s == seeds[0] + i for i, s in enumerate(seeds)):
            return seeds[0]
        return seeds

    def step(self, actions: Any
             ) -> tuple[Any, NDArray[np.float64], NDArray[np.bool_], NDArray[np.bool_], dict[str, Any]]:
        obs, rewards, terminated, truncated, per_env = self.step_per_env(actions)
        infos: dict = {}
        for i, info in enumerate(per_env):
            if info:
                infos = self._add_info(infos, info, i)
        return obs, rewards, terminated, truncated, infos

    def step_per_env(self, actions: Any) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray, list[dict]]:
        """:meth:`step` with the infos as one dict per sub-env (``final_obs`` decoded), as Stable-Baselines3's
        ``VecEnv`` wants them, instead of Gymnasium's dict of arrays."""
        n = self.num_envs
        handle = self._guard.check("step", self._handle)
        encoded = self._act.encode(actions, n=n, where=self._where)
        with self._guard.awaiting("step"):
            return self._step(handle, encoded)

    def _step(self, handle: int, encoded: bytes):
        n = self.num_envs
        buf = self._step_call(handle, encoded)
        o = n * self._obs.size
        obs = self._obs.decode(buf, 0, n)
        rewards = np.frombuffer(buf, dtype="<f8", count=n, offset=o).astype(np.float64)
        terminated = np.frombuffer(buf, dtype=np.uint8, count=n, offset=o + 8 * n).astype(bool)
        truncated = np.frombuffer(buf, dtype=np.uint8, count=n, offset=o + 9 * n).astype(bool)
        self._last_obs = obs
        return obs, rewards, terminated, truncated, self._per_env_infos(buf, o + 10 * n)

    def _step_call(self, handle: int, encoded: bytes) -> Any:
        """The ``stepAll`` reply bytes, through the vector channel when the gateway has one (one round trip of
        binary frames), else through Py4J (Base64 text)."""
        channel = self._channel
        if channel is None:
            channel = self._channel = self._bridge.open_vector_channel(handle) or False
        if channel is False:
            return b64decode(self._bridge.call("stepAll", handle, encoded))
        try:
            return self._bridge.step_channel(channel, encoded)
        finally:
            if channel.closed:  # broken or interrupted: the next step (after the reset it needs) opens a new one
                self._channel = None

    def _close_channel(self) -> None:
        channel, self._channel = self._channel, None
        if channel:
            channel.close()

    def _per_env_infos(self, buf: bytes, offset: int) -> list[dict]:
        per_env = _json_block(buf, offset) or [{}] * self.num_envs
        return [_decoded_info(self, info) if info else {} for info in per_env]

    def _infos(self, buf: bytes, offset: int) -> dict:
        infos: dict = {}
        for i, info in enumerate(self._per_env_infos(buf, offset)):
            if info:
                infos = self._add_info(infos, info, i)
        return infos

    def close_extras(self, **kwargs: Any):
        self._close_channel()
        handle, self._handle = self._handle, None
        if handle is not None:
            try:
                self._bridge.close_handle(handle)
            except JmeBridgeError:
                pass

    def __repr__(self) -> str:
        return f"JavaVectorEnv({self.env_id!r}, num_envs={self.num_envs})"


def _decoded_info(venv: JavaVectorEnv, info: dict) -> dict:
    if "final_obs" in info:
        return dict(info, final_obs=venv._obs.from_json(info["final_obs"]))
    return info


def _merge_infos(venv: JavaVectorEnv, infos: dict, info: dict, i: int) -> dict:
    return venv._add_info(infos, _decoded_info(venv, info), i)


def _merge(old: Any, new: Any, mask: np.ndarray) -> Any:
    if isinstance(new, dict):
        return {k: _merge(old[k], v, mask) for k, v in new.items()}
    out = np.array(old, copy=True)
    out[mask] = new[mask]
    return out


def _autoreset_mode(mode: AutoresetMode | str) -> AutoresetMode:
    if isinstance(mode, AutoresetMode):
        return mode
    key = str(mode).lower().replace("step", "_step").replace("__", "_")
    for name, m in _MODES.items():
        if key in (name, m.value.lower()) or str(mode).lower() in (name, m.value.lower()):
            return m
    raise ValueError(f"autoreset_mode={mode!r}: expected one of {[m for m in _MODES]} or a gymnasium AutoresetMode")
