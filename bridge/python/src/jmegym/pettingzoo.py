"""PettingZoo's parallel API over one Java scene holding several agents.

:func:`parallel_env` builds one multi-agent :class:`jmegym.JavaVectorEnv` (``agents=N``: one Java scene, one sub-env
per agent, one bridge round trip per step) and presents it as a PettingZoo ``ParallelEnv``. The agents are named as in the
Java scene (``AgentControl.agentName()``, e.g. ``balancer-0``; ``agent_0``, ... when the scene gives no names) and
share the observation and action spaces. Needs the optional extra: ``pip install "jmegym[pettingzoo]"``.

    from jmegym.pettingzoo import parallel_env

    env = parallel_env("BallBalance-v0", agents=4)
    observations, infos = env.reset(seed=0)
    while env.agents:
        actions = {agent: env.action_space(agent).sample() for agent in env.agents}
        observations, rewards, terminations, truncations, infos = env.step(actions)
    env.close()

Episode semantics: an agent whose episode ends (terminated or truncated) leaves ``env.agents`` and gets no more
entries in the returned dicts until the next ``reset()``; the env's episode ends when every agent has left. The Java
scene runs in same-step autoreset mode, so a finished agent restarts there at once and is driven by a fixed
filler action until then: for worlds whose agents do not interact (BallBalance's platforms) this changes nothing the
other agents see; a world whose agents interact sees the finished agent keep moving.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium.vector.utils import concatenate, create_empty_array

try:
    from pettingzoo import ParallelEnv
except ImportError as e:  # pragma: no cover - depends on the optional extra
    raise ImportError("jmegym.pettingzoo needs PettingZoo: pip install \"jmegym[pettingzoo]\"") from e

from . import _protocol as P
from .envs import JavaVectorEnv

__all__ = ["JavaParallelEnv", "parallel_env"]

log = logging.getLogger("jmegym")


def parallel_env(env_id: str, agents: int = 2, **kwargs: Any) -> JavaParallelEnv:
    """A PettingZoo ``ParallelEnv`` of ``agents`` agents in one scene of a Java engine world.

    Args:
        env_id: a Java env id that holds several agents per scene (``BallBalance-v0`` or ``jmegym/BallBalance-v0``)
        agents: the number of agents (>= 1)
        kwargs: the env's kwargs (e.g. ``max_episode_steps=200``), and ``bridge=`` to use a given bridge
    """
    return JavaParallelEnv(env_id, agents=agents, **kwargs)


class JavaParallelEnv(ParallelEnv):
    """One Java scene of several agents as a PettingZoo ``ParallelEnv`` (see the module docs for the semantics)."""

    metadata = {"name": "jmegym_parallel_v0", "render_modes": [], "is_parallelizable": True}

    def __init__(self, env_id: str, agents: int = 2, *, render_mode: str | None = None, **kwargs: Any):
        java_id = env_id[len(P.NAMESPACE) + 1:] if env_id.startswith(P.NAMESPACE + "/") else env_id
        if not isinstance(agents, (int, np.integer)) or isinstance(agents, bool) or agents < 1:
            raise ValueError(f"parallel_env({java_id}): agents={agents!r}; expected an integer >= 1")
        if render_mode is not None:
            raise ValueError(f"parallel_env({java_id}): render_mode={render_mode!r}; the multi-agent scene is not "
                             f'rendered through the bridge yet: render one agent with gymnasium.make("jmegym/{java_id}",'
                             f' render_mode="rgb_array")')
        self.render_mode = None
        self._venv = JavaVectorEnv(java_id, num_envs=int(agents), agents=int(agents), autoreset_mode="same_step",
                                   **kwargs)
        self.env_id = java_id
        self.metadata = dict(self.metadata, name=f"jmegym_{java_id}")
        names = self._venv.agent_names
        distinct = len(names) == self._venv.num_envs and len(set(names)) == len(names)
        self.possible_agents = list(names) if distinct else [f"agent_{i}" for i in range(self._venv.num_envs)]
        self.agents: list[str] = []
        self._index = {a: i for i, a in enumerate(self.possible_agents)}
        self._obs_space = self._venv.single_observation_space
        self._act_space = self._venv.single_action_space
        filler_space = copy.deepcopy(self._act_space)
        filler_space.seed(0)
        self._filler = filler_space.sample()
        self._actions = create_empty_array(self._act_space, self._venv.num_envs)

    def observation_space(self, agent: str) -> gym.Space:
        self._check_agent(agent, "observation_space")
        return self._obs_space

    def action_space(self, agent: str) -> gym.Space:
        self._check_agent(agent, "action_space")
        return self._act_space

    def reset(self, seed: int | None = None, options: dict | None = None):
        """Resets the whole scene (agent ``i`` seeded ``seed + i``). ``options`` are accepted as PettingZoo's API
        wants and not passed on: engine worlds take no reset options."""
        if options:
            log.debug("reset(%s): options %s not passed on (engine worlds take no reset options)", self.env_id, options)
        obs, _ = self._venv.reset(seed=seed)
        self.agents = list(self.possible_agents)
        observations = {a: _row(obs, i) for i, a in enumerate(self.agents)}
        return observations, {a: {} for a in self.agents}

    def step(self, actions: dict):
        if not self.agents:
            raise RuntimeError(f"step({self.env_id}): every agent is done; call reset() first")
        unknown = [a for a in actions if a not in self.agents]
        if unknown:
            raise ValueError(f"step({self.env_id}): actions for {unknown}, which are not acting; the agents acting "
                             f"are {self.agents}")
        missing = [a for a in self.agents if a not in actions]
        if missing:
            raise ValueError(f"step({self.env_id}): no action for {missing}; expected one for each of {self.agents}")
        batch = [actions[a] if a in actions else self._filler for a in self.possible_agents]
        concatenate(self._act_space, batch, self._actions)
        obs, rewards, terminated, truncated, per_env = self._venv.step_per_env(self._actions)
        observations, rew, terms, truncs, infos = {}, {}, {}, {}, {}
        for a in self.agents:
            i = self._index[a]
            info = dict(per_env[i])
            final = info.pop("final_obs", None)
            info.pop("final_info", None)
            observations[a] = final if final is not None else _row(obs, i)
            rew[a] = float(rewards[i])
            terms[a] = bool(terminated[i])
            truncs[a] = bool(truncated[i])
            infos[a] = info
        self.agents = [a for a in self.agents if not (terms[a] or truncs[a])]
        return observations, rew, terms, truncs, infos

    def render(self) -> None:
        """Nothing: the multi-agent scene is not rendered through the bridge (``render_mode`` is always None)."""
        return None

    def close(self) -> None:
        self._venv.close()

    def _check_agent(self, agent: str, where: str) -> None:
        if agent not in self._index:
            raise KeyError(f"{where}({agent!r}) of {self.env_id}: unknown agent; the agents are {self.possible_agents}")

    def __repr__(self) -> str:
        return f"JavaParallelEnv({self.env_id!r}, agents={len(self.possible_agents)})"


def _row(obs: Any, i: int) -> Any:
    if isinstance(obs, dict):
        return {k: _row(v, i) for k, v in obs.items()}
    return obs[i]
