"""JavaVectorEnv against Gymnasium's SyncVectorEnv: one call per step, the same autoreset semantics."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.vector import AutoresetMode

import jmegym

N = 4
LIMIT = 40


def _sync_ref(mode: AutoresetMode) -> gym.vector.SyncVectorEnv:
    return gym.make_vec("CartPole-v1", num_envs=N, vectorization_mode="sync", max_episode_steps=LIMIT,
                        vector_kwargs={"autoreset_mode": mode})


def _copy_state(ref: gym.vector.SyncVectorEnv, i: int, obs_row: np.ndarray) -> None:
    ref.envs[i].unwrapped.state = obs_row.astype(np.float64)


@pytest.mark.parametrize("mode", [AutoresetMode.NEXT_STEP, AutoresetMode.SAME_STEP])
def test_vector_matches_sync_vector_env_through_autoresets(bridge, mode):
    ours = gym.make_vec("jmegym/CartPole-v1", num_envs=N, max_episode_steps=LIMIT, autoreset_mode=mode)
    ref = _sync_ref(mode)
    assert isinstance(ours.unwrapped, jmegym.JavaVectorEnv)
    assert ours.metadata["autoreset_mode"] == ref.metadata["autoreset_mode"] == mode
    assert ours.observation_space == ref.observation_space
    assert ours.action_space == ref.action_space
    assert ours.single_observation_space == ref.single_observation_space
    start = np.array([0.01, -0.02, 0.03, 0.0])
    obs, info = ours.reset(seed=1, options={"state": start.tolist()})
    ref.reset(seed=1)
    for i in range(N):
        _copy_state(ref, i, obs[i])
    rng = np.random.default_rng(5)
    resets = ends = truncations = 0
    ended = np.zeros(N, dtype=bool)
    for t in range(300):
        actions = rng.integers(0, 2, size=N)
        obs, r, term, trunc, info = ours.step(actions)
        r_obs, r_r, r_term, r_trunc, r_info = ref.step(actions)
        assert obs.shape == r_obs.shape and obs.dtype == r_obs.dtype
        np.testing.assert_array_equal(term, r_term, err_msg=f"terminated at step {t}")
        np.testing.assert_array_equal(trunc, r_trunc, err_msg=f"truncated at step {t}")
        np.testing.assert_array_equal(r, r_r, err_msg=f"rewards at step {t}")
        assert r.dtype == r_r.dtype and term.dtype == r_term.dtype == bool
        restarted = ended if mode == AutoresetMode.NEXT_STEP else (term | trunc)
        for i in range(N):
            if restarted[i]:
                # both restarted this sub-env with a fresh state from their own generator: continue from ours
                assert np.all(np.abs(obs[i]) <= 0.05), f"sub-env {i} restarted at step {t} outside the start range"
                _copy_state(ref, i, obs[i])
                resets += 1
            else:
                np.testing.assert_allclose(obs[i], r_obs[i], atol=1e-5, err_msg=f"obs of sub-env {i} at step {t}")
        if mode == AutoresetMode.NEXT_STEP:
            assert np.all(r[ended] == 0.0) and not np.any(term[ended] | trunc[ended])
        else:
            done = term | trunc
            assert set(info) == set(r_info), f"info keys at step {t}"
            if done.any():
                np.testing.assert_array_equal(info["_final_obs"], r_info["_final_obs"])
                for i in np.flatnonzero(done):
                    np.testing.assert_allclose(info["final_obs"][i], r_info["final_obs"][i], atol=1e-5)
                    assert info["final_obs"][i].dtype == np.float32
        ends += int((term | trunc).sum())
        truncations += int(trunc.sum())
        ended = term | trunc
    ours.close()
    ref.close()
    assert ends >= 10 and truncations >= 1 and resets >= 10, (ends, truncations, resets)


def test_vector_reset_seeds_sub_env_i_with_seed_plus_i(bridge):
    vec = jmegym.JavaVectorEnv("CartPole-v1", num_envs=3)
    single = jmegym.JavaEnv("CartPole-v1")
    obs, _ = vec.reset(seed=100)
    for i in range(3):
        np.testing.assert_array_equal(obs[i], single.reset(seed=100 + i)[0])
    again, _ = vec.reset(seed=[100, 101, 102])
    np.testing.assert_array_equal(obs, again)
    mixed, _ = vec.reset(seed=[7, 100, 3])
    np.testing.assert_array_equal(mixed[1], single.reset(seed=100)[0])
    np.testing.assert_array_equal(mixed[0], single.reset(seed=7)[0])
    np.testing.assert_array_equal(mixed[2], single.reset(seed=3)[0])
    vec.close()
    single.close()


def test_disabled_autoreset_and_reset_mask_keep_the_other_sub_envs(bridge):
    vec = gym.make_vec("jmegym/CartPole-v1", num_envs=2, autoreset_mode="disabled")
    assert vec.metadata["autoreset_mode"] == AutoresetMode.DISABLED
    obs, _ = vec.reset(seed=0)
    for _ in range(300):
        obs, r, term, trunc, _ = vec.step(np.array([1, 1]))
        if (term | trunc).any():
            break
    done = term | trunc
    with pytest.raises(RuntimeError, match="autoreset is disabled"):
        vec.step(np.array([1, 1]))
    reset_obs, _ = vec.reset(options={"reset_mask": done})
    np.testing.assert_array_equal(reset_obs[~done], obs[~done])
    assert np.all(np.abs(reset_obs[done]) <= 0.05)
    vec.step(np.array([0, 0]))
    vec.close()


def test_vector_of_continuous_envs_steps_float_actions(bridge):
    vec = gym.make_vec("jmegym/Pendulum-v1", num_envs=5)
    obs, _ = vec.reset(seed=2)
    vec.action_space.seed(0)
    for _ in range(210):
        obs, r, term, trunc, _ = vec.step(vec.action_space.sample())
        assert obs.shape == (5, 3) and obs.dtype == np.float32 and r.shape == (5,)
    assert vec.observation_space.contains(obs)
    vec.close()


def test_threaded_java_vectors_give_the_same_results_as_sync_ones(bridge):
    runs = []
    for mode in ("sync", "threaded"):
        vec = gym.make_vec("jmegym/CartPole-v1", num_envs=4, vector_mode=mode)
        obs, _ = vec.reset(seed=9)
        trace = [obs]
        rng = np.random.default_rng(1)
        for _ in range(60):
            obs, r, term, trunc, _ = vec.step(rng.integers(0, 2, size=4))
            trace += [obs, r, term, trunc]
        vec.close()
        runs.append(trace)
    for a, b in zip(*runs):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="vector_mode=async; expected 'sync' or 'threaded'"):
        gym.make_vec("jmegym/CartPole-v1", num_envs=2, vector_mode="async")


@pytest.mark.parametrize("env_id", ["CartPole-v1", "Acrobot-v1", "MountainCar-v0"])
@pytest.mark.parametrize("mode", [AutoresetMode.NEXT_STEP, AutoresetMode.SAME_STEP])
def test_same_seed_gives_gymnasiums_own_vector_trajectories_through_autoresets(bridge, env_id, mode):
    """The Java envs draw start states as NumPy does, so even autoreset episodes match SyncVectorEnv exactly."""
    ours = gym.make_vec(f"jmegym/{env_id}", num_envs=N, max_episode_steps=LIMIT, autoreset_mode=mode)
    ref = gym.make_vec(env_id, num_envs=N, vectorization_mode="sync", max_episode_steps=LIMIT,
                       vector_kwargs={"autoreset_mode": mode})
    obs, _ = ours.reset(seed=11)
    r_obs, _ = ref.reset(seed=11)
    np.testing.assert_allclose(obs, r_obs, atol=1e-5)
    rng = np.random.default_rng(2)
    ends = 0
    for t in range(200):
        actions = rng.integers(0, ours.single_action_space.n, size=N)
        obs, r, term, trunc, info = ours.step(actions)
        r_obs, r_r, r_term, r_trunc, r_info = ref.step(actions)
        np.testing.assert_allclose(obs, r_obs, atol=1e-5, err_msg=f"step {t}")
        np.testing.assert_array_equal(r, r_r, err_msg=f"step {t}")
        np.testing.assert_array_equal(term, r_term, err_msg=f"step {t}")
        np.testing.assert_array_equal(trunc, r_trunc, err_msg=f"step {t}")
        ends += int((term | trunc).sum())
    assert ends >= N * 4
    ours.close()
    ref.close()
