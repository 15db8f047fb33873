"""Ray RLlib (new API stack) on jmegym envs: each env runner hosts its sub-envs in one JVM of its own and steps
them with one bridge round trip per vector step.

    from ray.rllib.algorithms.ppo import PPOConfig
    import jmegym.rllib

    config = jmegym.rllib.configure(PPOConfig(), "jmegym/Chase-v0", num_envs_per_env_runner=4)
    config.env_runners(num_env_runners=2)   # two runner processes, each with its own JVM
    algo = config.build_algo()
    print(algo.train()["env_runners"]["episode_return_mean"])
    algo.stop()                              # each runner closes its env, which shuts its JVM down

How it maps onto RLlib's ``SingleAgentEnvRunner``: the runner calls ``gymnasium.make_vec`` on the env creator
registered under the name :func:`register` returns, with ``config.gym_env_vectorize_mode``. With
``"vector_entry_point"`` (what :func:`configure` sets) RLlib calls the creator once with
``env_config | {"num_envs": n}``, and the creator returns a :class:`RunnerVectorEnv`: ``n`` sub-envs in a JVM that
this env launched and owns (one ``stepAll`` round trip per vector step; closing the env shuts the JVM down, and the
JVM's output lived in an unlinked temp file, so nothing is left on disk). In RLlib's ``"sync"``/``"async"`` modes
the creator returns one ``gymnasium.make("jmegym/<id>")`` env per call instead (one round trip per sub-env step,
sub-envs sharing the process's default JVM); that works too, only slower.

Seeds: RLlib resets runner ``w`` with ``config.seed + w`` and Gymnasium's vectors would give its sub-env ``i``
``seed + w + i``, which repeats across runners; a :class:`RunnerVectorEnv` reset with an int ``s`` seeds sub-env
``i`` with ``s * num_envs + i`` instead, so with ``config.debugging(seed=S)`` runner ``w``'s sub-env ``i`` is seeded
``(S + w) * num_envs + i``: distinct for every runner and sub-env, and the same on every run.

On a cluster every node that runs an env runner needs the package (it carries the jar) and a Java 17+ runtime;
``runtime_env={"pip": [...]}`` in ``ray.init`` installs the package there (docs/python.md). Needs the optional extra:
``pip install "jmegym[rllib]"``.
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import numpy as np

try:
    from ray.tune.registry import register_env
except ImportError as e:  # pragma: no cover - depends on the optional extra
    raise ImportError("jmegym.rllib needs Ray RLlib: pip install \"jmegym[rllib]\"") from e

from . import _protocol as P
from .bridge import launch
from .envs import JavaVectorEnv

__all__ = ["EnvCreator", "RunnerVectorEnv", "configure", "register"]

VECTORIZE_MODE = "vector_entry_point"  # gymnasium.VectorizeMode.VECTOR_ENTRY_POINT's value, as RLlib stores it


def _ids(env_id: str) -> tuple[str, str]:
    """(Gymnasium id ``jmegym/<id>``, Java id ``<id>``) of ``env_id`` given either way."""
    prefix = P.NAMESPACE + "/"
    java_id = env_id[len(prefix):] if env_id.startswith(prefix) else env_id
    return prefix + java_id, java_id


class RunnerVectorEnv(JavaVectorEnv):
    """A :class:`jmegym.JavaVectorEnv` in a JVM of its own, as one RLlib env runner hosts it.

    It launches its gateway JVM (``java_opts`` as for :func:`jmegym.launch`; default ``$JMEGYM_JAVA_OPTS``) and
    shuts it down on :meth:`close`. ``reset(seed=s)`` with an int seeds sub-env ``i`` with ``s * num_envs + i``
    (see the module doc); a list of seeds is used as given.
    """

    def __init__(self, env_id: str, num_envs: int = 1, *, java_opts: list[str] | None = None, **kwargs: Any):
        self.bridge = launch(java_opts=java_opts)
        try:
            super().__init__(_ids(env_id)[1], num_envs, bridge=self.bridge, **kwargs)
        except BaseException:
            self.bridge.close()
            raise

    def reset(self, *, seed: int | list | None = None, options: dict | None = None):
        if isinstance(seed, (int, np.integer)) and not isinstance(seed, (bool, np.bool_)) and seed >= 0:
            seed = int(seed) * self.num_envs  # a bad seed is left for JavaVectorEnv's own check to name
        return super().reset(seed=seed, options=options)

    def close_extras(self, **kwargs: Any):
        try:
            super().close_extras(**kwargs)
        finally:
            self.bridge.close()

    def __repr__(self) -> str:
        return f"RunnerVectorEnv({self.env_id!r}, num_envs={self.num_envs}, {self.bridge!r})"


class EnvCreator:
    """The env creator :func:`register` gives RLlib (picklable: Ray ships it to every env runner by reference).

    Called with RLlib's ``env_config``: with a ``num_envs`` key (``gym_env_vectorize_mode="vector_entry_point"``)
    it returns a :class:`RunnerVectorEnv` of that many sub-envs; without one, a single
    ``gymnasium.make("jmegym/<id>")`` env. The other ``env_config`` keys, over the ``env_kwargs`` given to
    :func:`register`, go to the Java env factory (``max_episode_steps`` overrides the time limit).
    """

    def __init__(self, env_id: str, env_kwargs: dict | None = None, java_opts: list[str] | None = None):
        self.gym_id, self.java_id = _ids(env_id)
        self.env_kwargs = dict(env_kwargs or {})
        self.java_opts = None if java_opts is None else list(java_opts)

    def __call__(self, env_config: dict | None = None) -> gym.Env | gym.vector.VectorEnv:
        kwargs = {**self.env_kwargs, **dict(env_config or {})}
        num_envs = kwargs.pop("num_envs", None)
        if num_envs is None:
            import jmegym  # noqa: F401  registers jmegym/<id> in this process

            return gym.make(self.gym_id, **kwargs)
        return RunnerVectorEnv(self.java_id, int(num_envs), java_opts=self.java_opts, **kwargs)

    def __repr__(self) -> str:
        return f"EnvCreator({self.gym_id!r}, env_kwargs={self.env_kwargs!r}, java_opts={self.java_opts!r})"


def register(env_id: str, name: str | None = None, *, java_opts: list[str] | None = None, **env_kwargs: Any) -> str:
    """Registers an RLlib env creator for a jmegym env (``ray.tune.registry.register_env``) and returns its name,
    for ``config.environment(name)``; pair it with ``config.env_runners(gym_env_vectorize_mode=
    "vector_entry_point")`` for one JVM round trip per vector step (:func:`configure` does both).

    Args:
        env_id: ``"jmegym/<id>"`` or the Java id.
        name: the name to register (default ``"jmegym-rllib/<id>"``).
        java_opts: options of each runner's JVM (default ``$JMEGYM_JAVA_OPTS``), e.g. ``["-Xmx512m"]``.
        env_kwargs: kwargs of every sub-env (passed to the Java factory); ``env_config`` entries override them.
    """
    creator = EnvCreator(env_id, env_kwargs, java_opts)
    name = name or f"{P.NAMESPACE}-rllib/{creator.java_id}"
    register_env(name, creator)
    return name


def configure(config: Any, env_id: str, *, num_envs_per_env_runner: int = 1, env_config: dict | None = None,
              java_opts: list[str] | None = None, **env_kwargs: Any) -> Any:
    """Sets an RLlib ``AlgorithmConfig`` to train on a jmegym env: registers the env creator (:func:`register`),
    ``config.environment(name, env_config=env_config)`` and ``config.env_runners(num_envs_per_env_runner=...,
    gym_env_vectorize_mode="vector_entry_point")``. Returns the config (changed in place), for chaining."""
    name = register(env_id, java_opts=java_opts, **env_kwargs)
    config.environment(name, env_config=dict(env_config or {}))
    config.env_runners(num_envs_per_env_runner=num_envs_per_env_runner, gym_env_vectorize_mode=VECTORIZE_MODE)
    return config
