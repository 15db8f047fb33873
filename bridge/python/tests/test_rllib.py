"""jmegym.rllib: Ray RLlib PPO (new API stack) on jmegym/CartPole-v1, one env runner hosting 2 sub-envs in one JVM.

Needs the optional extra (``pip install "./bridge/python[rllib,test]"``, in a venv of its own: RLlib pins
gymnasium 1.2.x); skipped with a reason where Ray RLlib is not importable. scripts/test-all.sh runs it in such a venv.
"""

from __future__ import annotations

import math
import os
import time

import numpy as np
import pytest

ray = pytest.importorskip("ray", reason="Ray RLlib is not installed (pip install \"jmegym[rllib]\")")
pytest.importorskip("ray.rllib", reason="Ray is installed without RLlib (pip install \"ray[rllib]\")")
pytest.importorskip("torch", reason="RLlib's PPO needs torch")

import jmegym  # noqa: E402
import jmegym.rllib  # noqa: E402
from jmegym.rllib import EnvCreator, RunnerVectorEnv  # noqa: E402

JAVA_OPTS = ["-Xmx256m"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (exited, not yet reaped by its parent) counts as gone
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][:1] != "Z"
    except OSError:
        return False


def _wait_gone(pid: int, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.2)
    return False


def test_runner_vector_env_owns_its_jvm_and_spreads_seeds():
    venv = EnvCreator("jmegym/CartPole-v1", java_opts=JAVA_OPTS)({"num_envs": 3})
    assert isinstance(venv, RunnerVectorEnv)
    pid = venv.bridge.process.pid
    try:
        obs, _ = venv.reset(seed=5)  # sub-env i: 5 * 3 + i
        ref = jmegym.JavaVectorEnv("CartPole-v1", 3, bridge=venv.bridge)
        try:
            want, _ = ref.reset(seed=15)
        finally:
            ref.close()
        np.testing.assert_array_equal(obs, want)
        assert len({tuple(row) for row in obs}) == 3
        obs2, _ = venv.reset(seed=[15, 16, 17])  # an explicit list is taken as given
        np.testing.assert_array_equal(obs2, want)
        venv.step(venv.action_space.sample())
    finally:
        venv.close()
    assert _wait_gone(pid), f"the runner env's JVM (pid {pid}) is still running after close()"


def test_creator_without_num_envs_makes_one_gymnasium_env():
    env = EnvCreator("CartPole-v1", {"max_episode_steps": 7})({})
    try:
        assert env.spec.id == "jmegym/CartPole-v1"
        env.reset(seed=0)
        steps = 0
        while True:
            steps += 1
            *_, term, trunc, _ = env.step(0)
            if term or trunc:
                break
        assert steps <= 7
    finally:
        env.close()


def test_register_returns_the_name_for_config_environment():
    assert jmegym.rllib.register("jmegym/CartPole-v1") == "jmegym-rllib/CartPole-v1"
    assert jmegym.rllib.register("CartPole-v1", name="my-cartpole") == "my-cartpole"


@pytest.mark.slow
def test_ppo_trains_with_one_env_runner_of_two_sub_envs():
    from ray.rllib.algorithms.ppo import PPOConfig

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    algo = None
    try:
        config = jmegym.rllib.configure(PPOConfig(), "jmegym/CartPole-v1", num_envs_per_env_runner=2,
                                        java_opts=JAVA_OPTS)
        assert config.gym_env_vectorize_mode == "vector_entry_point"
        config.env_runners(num_env_runners=1, rollout_fragment_length=100)
        config.training(train_batch_size_per_learner=200, minibatch_size=100, num_epochs=2)
        config.debugging(seed=11)
        algo = config.build_algo()

        # the runner hosts one vector of 2 sub-envs in one JVM of its own (one round trip per vector step)
        [(kind, num_envs, pid)] = algo.env_runner_group.foreach_env_runner(
            lambda r: (type(r.env.unwrapped).__name__, r.env.unwrapped.num_envs, r.env.unwrapped.bridge.process.pid),
            local_env_runner=False)
        assert (kind, num_envs) == ("RunnerVectorEnv", 2)

        for _ in range(2):
            result = algo.train()
        runners = result["env_runners"]
        assert runners["num_env_steps_sampled_lifetime"] >= 400
        assert math.isfinite(runners["episode_return_mean"]) and runners["episode_return_mean"] > 0

        # finished episodes sampled with the trained weights: finite returns, one reward per step
        [episodes] = algo.env_runner_group.foreach_env_runner(
            lambda r: [(float(e.get_return()), len(e), e.is_done) for e in r.sample(num_episodes=2)],
            local_env_runner=False)
        assert len(episodes) >= 2
        for ret, length, done in episodes:
            assert done and math.isfinite(ret) and ret == length  # CartPole: +1 a step

        algo.stop()
        algo = None
        assert _wait_gone(pid), f"the env runner's JVM (pid {pid}) outlived algo.stop()"
    finally:
        if algo is not None:
            algo.stop()
        ray.shutdown()
    assert not ray.is_initialized()


@pytest.mark.slow
def test_multi_agent_ppo_trains_a_shared_policy_on_one_ballbalance_scene():
    pytest.importorskip("pettingzoo", reason="needs PettingZoo (pip install \"jmegym[pettingzoo]\")")
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "examples" / "rllib_multiagent_ballbalance.py"
    spec = importlib.util.spec_from_file_location("rllib_multiagent_ballbalance", path)
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    [row] = example.train(iterations=1, agents=2, runners=1, batch=400, seed=3, verbose=False)
    assert row["env_steps"] >= 400 and row["episodes"] >= 1, row
    assert math.isfinite(row["agent_return_mean"]) and row["agent_return_mean"] > 0, row  # +0.1 a decision alive
    assert not ray.is_initialized()
