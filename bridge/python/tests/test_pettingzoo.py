"""PettingZoo's parallel API over one Java scene of several agents (jmegym.pettingzoo)."""

from __future__ import annotations

import numpy as np
import pytest

pettingzoo = pytest.importorskip("pettingzoo", reason="the [pettingzoo] extra is not installed")

from pettingzoo.test import parallel_api_test  # noqa: E402

from jmegym.pettingzoo import parallel_env  # noqa: E402


def test_parallel_env_passes_pettingzoos_parallel_api_test(bridge):
    env = parallel_env("BallBalance-v0", agents=3, max_episode_steps=60)
    try:
        parallel_api_test(env, num_cycles=200)
    finally:
        env.close()


def test_agents_leave_when_done_and_the_episode_ends_when_all_have_left(bridge):
    env = parallel_env("jmegym/BallBalance-v0", agents=4, max_episode_steps=50)
    try:
        assert env.possible_agents == ["balancer-0", "balancer-1", "balancer-2", "balancer-3"]  # the Java agents' names
        assert env.observation_space("balancer-0") is env.observation_space("balancer-3")
        observations, infos = env.reset(seed=7)
        assert set(observations) == set(infos) == set(env.possible_agents)
        assert all(env.observation_space(a).contains(o) for a, o in observations.items())
        for a in env.possible_agents:
            env.action_space(a).seed(1)
        finished: dict[str, int] = {}
        returns = dict.fromkeys(env.possible_agents, 0.0)
        step = 0
        while env.agents:
            step += 1
            acting = list(env.agents)
            actions = {a: env.action_space(a).sample() for a in acting}
            observations, rewards, terminations, truncations, infos = env.step(actions)
            assert set(observations) == set(rewards) == set(terminations) == set(truncations) == set(acting)
            for a in acting:
                assert env.observation_space(a).contains(observations[a])
                returns[a] += rewards[a]
                if terminations[a] or truncations[a]:
                    assert a not in env.agents
                    finished[a] = step
            assert not set(env.agents) & set(finished), "an agent came back before the reset"
            assert step <= 50
        assert set(finished) == set(env.possible_agents)
        assert max(finished.values()) <= 50
        assert all(np.isfinite(r) for r in returns.values())
        with pytest.raises(RuntimeError, match="every agent is done; call reset"):
            env.step({})
        observations, _ = env.reset(seed=8)
        assert env.agents == env.possible_agents
    finally:
        env.close()


def test_bad_actions_are_refused_naming_the_agents(bridge):
    env = parallel_env("BallBalance-v0", agents=2)
    try:
        env.reset(seed=0)
        space = env.action_space("balancer-0")
        with pytest.raises(ValueError, match=r"no action for \['balancer-1'\]"):
            env.step({"balancer-0": space.sample()})
        with pytest.raises(ValueError, match=r"actions for \['agent_9'\], which are not acting"):
            env.step({a: space.sample() for a in ("balancer-0", "balancer-1", "agent_9")})
        with pytest.raises(KeyError, match="unknown agent"):
            env.observation_space("player")
    finally:
        env.close()


def test_a_world_with_one_agent_per_scene_is_refused_naming_those_with_several(bridge):
    with pytest.raises(ValueError, match=r"Chase-v0 has one agent per scene \(ids with several agents per scene: "
                                         r"\[BallBalance-v0\]\)"):
        parallel_env("Chase-v0", agents=2)
