"""Stable-Baselines3 on jmegym envs at one bridge round trip per vector step.

SB3 refuses Gymnasium's ``VectorEnv`` and steps its own ``DummyVecEnv`` one sub-env (one round trip) at a time;
:class:`JavaVecEnv` is an SB3 ``VecEnv`` over one :class:`jmegym.JavaVectorEnv` instead, with SB3's conventions
(auto-reset in the same step, ``infos[i]["terminal_observation"]``, ``infos[i]["TimeLimit.truncated"]``, seeds
``seed + i`` taken by the next ``reset()``). Needs the optional extra: ``pip install "jmegym[sb3]"``.

    from stable_baselines3 import PPO
    from jmegym.sb3 import make_vec_env

    env = make_vec_env("jmegym/CartPole-v1", n_envs=8, seed=0)
    PPO("MlpPolicy", env).learn(100_000)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium.vector import AutoresetMode

try:
    from stable_baselines3.common.vec_env import VecEnv, VecMonitor
    from stable_baselines3.common.vec_env.base_vec_env import VecEnvIndices, VecEnvObs, VecEnvStepReturn
except ImportError as e:  # pragma: no cover - depends on the optional extra
    raise ImportError("jmegym.sb3 needs Stable-Baselines3: pip install \"jmegym[sb3]\"") from e

from . import _protocol as P
from .envs import JavaVectorEnv

__all__ = ["JavaVecEnv", "make_vec_env"]

# Attributes that are the same for every sub-env of a Java vector, as SB3 asks for them through get_attr.
_SHARED_ATTRS = ("render_mode", "metadata", "spec", "observation_space", "action_space", "env_id", "java_spec")


def _java_id(env_id: str) -> str:
    prefix = P.NAMESPACE + "/"
    return env_id[len(prefix):] if env_id.startswith(prefix) else env_id


class JavaVecEnv(VecEnv):
    """An SB3 ``VecEnv`` of ``n_envs`` copies of a Java env, stepped by one bridge call per vector step.

    Args:
        env_id: ``"jmegym/<id>"`` or the Java id.
        n_envs: number of sub-envs (all in one JVM).
        env_kwargs: kwargs of every sub-env (passed to the Java factory; ``max_episode_steps`` overrides the limit).
        bridge: the bridge to use (default: :func:`jmegym.default_bridge`).
    """

    def __init__(self, env_id: str, n_envs: int = 1, env_kwargs: dict | None = None, *, bridge: Any = None):
        if isinstance(n_envs, bool) or not isinstance(n_envs, (int, np.integer)) or n_envs < 1:
            raise ValueError(f"JavaVecEnv({env_id!r}): n_envs={n_envs!r}; expected an int >= 1")
        self.env_id = _java_id(env_id)
        self.venv = JavaVectorEnv(self.env_id, int(n_envs), autoreset_mode=AutoresetMode.SAME_STEP, bridge=bridge,
                                  **dict(env_kwargs or {}))
        super().__init__(self.venv.num_envs, self.venv.single_observation_space, self.venv.single_action_space)
        self.metadata = dict(self.venv.metadata)
        self._actions: np.ndarray | None = None
        try:
            self.spec = gym.spec(P.NAMESPACE + "/" + self.env_id)
        except gym.error.Error:
            self.spec = None

    # ------------------------------------------------------------------ the VecEnv contract

    def reset(self) -> VecEnvObs:
        seeds = list(self._seeds)
        seed: Any = None if all(s is None for s in seeds) else seeds
        obs, infos = self.venv.reset(seed=seed, options=self._options[0] if self._options else None)
        self.reset_infos = _split_infos(infos, self.num_envs)
        self._reset_seeds()
        self._reset_options()
        return obs

    def step_async(self, actions: np.ndarray) -> None:
        self._actions = actions

    def step_wait(self) -> VecEnvStepReturn:
        if self._actions is None:
            raise RuntimeError(f"step_wait({self.env_id}): call step_async(actions) first")
        actions, self._actions = self._actions, None
        obs, rewards, terminated, truncated, infos = self.venv.step_per_env(actions)
        dones = terminated | truncated
        for i in np.flatnonzero(dones):
            info = infos[i]
            info["terminal_observation"] = info.pop("final_obs")
            final_info = info.pop("final_info", None)
            if final_info:
                info.update({k: v for k, v in final_info.items() if k not in info})
            info["TimeLimit.truncated"] = bool(truncated[i] and not terminated[i])
        return obs, rewards.astype(np.float32), dones, infos

    def close(self) -> None:
        self.venv.close()

    def get_attr(self, attr_name: str, indices: VecEnvIndices = None) -> list[Any]:
        """Attributes shared by every sub-env (``render_mode``, ``spec``, the spaces, ...)."""
        if attr_name == "spec":
            value: Any = self.spec
        elif attr_name in _SHARED_ATTRS:
            value = getattr(self.venv, attr_name, None)
        else:
            raise AttributeError(f"get_attr({attr_name!r}): a Java sub-env exposes only {list(_SHARED_ATTRS)} to "
                                 "Python; its other state lives in the JVM")
        return [value for _ in self._get_indices(indices)]

    def set_attr(self, attr_name: str, value: Any, indices: VecEnvIndices = None) -> None:
        raise AttributeError(f"set_attr({attr_name!r}): the sub-envs of {self.env_id} live in the JVM; pass settings "
                             "as env_kwargs when making the vector")

    def env_method(self, method_name: str, *method_args: Any, indices: VecEnvIndices = None,
                   **method_kwargs: Any) -> list[Any]:
        """``get_wrapper_attr`` (as SB3's helpers call it) for the shared attributes; other methods of a Java
        sub-env are not reachable one by one."""
        if method_name == "get_wrapper_attr" and method_args:
            return self.get_attr(method_args[0], indices)
        raise AttributeError(f"env_method({method_name!r}): the sub-envs of {self.env_id} are stepped together in "
                             "the JVM; only get_wrapper_attr of " + str(list(_SHARED_ATTRS)) + " is available")

    def env_is_wrapped(self, wrapper_class: type, indices: VecEnvIndices = None) -> list[bool]:
        return [False for _ in self._get_indices(indices)]

    def get_images(self) -> Sequence[np.ndarray | None]:
        raise NotImplementedError(f"render({self.env_id}): a vector of Java envs does not render; render a single "
                                  f'env made with gymnasium.make("jmegym/{self.env_id}", render_mode="rgb_array")')

    def __repr__(self) -> str:
        return f"JavaVecEnv({self.env_id!r}, n_envs={self.num_envs})"


def make_vec_env(env_id: str, n_envs: int = 1, seed: int | None = None, env_kwargs: dict | None = None, *,
                 monitor: bool = True, bridge: Any = None) -> VecEnv:
    """SB3's ``make_vec_env`` for a jmegym env: one :class:`JavaVecEnv` (one round trip per vector step), wrapped
    in ``VecMonitor`` (episode returns and lengths in ``infos[i]["episode"]``, as SB3's per-env ``Monitor`` gives)
    unless ``monitor=False``; ``seed`` seeds sub-env ``i`` with ``seed + i`` at the first reset."""
    venv: VecEnv = JavaVecEnv(env_id, n_envs, env_kwargs, bridge=bridge)
    if seed is not None:
        venv.seed(seed)
    return VecMonitor(venv) if monitor else venv


def _split_infos(infos: dict, n: int) -> list[dict]:
    """Gymnasium's vector infos (a dict of arrays with ``_key`` masks) as one dict per sub-env."""
    out: list[dict] = [{} for _ in range(n)]
    for key, values in infos.items():
        if key.startswith("_"):
            continue
        mask = infos.get("_" + key)
        for i in _indices(mask, n):
            out[i][key] = _split_infos(values, n)[i] if isinstance(values, dict) else values[i]
    return out


def _indices(mask: Iterable[bool] | None, n: int) -> Iterable[int]:
    return range(n) if mask is None else (i for i, m in enumerate(mask) if m)
