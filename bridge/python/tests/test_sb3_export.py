"""jmegym.sb3.export_policy: an SB3 policy written as policy.json acts in Java exactly as in SB3.

The Java side runs through ``bridge/src/test/java/.../PolicyProbe.java`` (compiled by the Maven build into
bridge/target/test-classes): it loads the file with ``Policy.load`` and prints deterministic actions and values.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest

pytest.importorskip("stable_baselines3")
pytest.importorskip("sb3_contrib")
import torch as th  # noqa: E402
from sb3_contrib import TRPO, MaskablePPO, RecurrentPPO  # noqa: E402
from stable_baselines3 import A2C, DQN, PPO  # noqa: E402
from stable_baselines3.common.vec_env import DummyVecEnv, VecNormalize  # noqa: E402
from torch import nn  # noqa: E402

from jmegym.bridge import find_java  # noqa: E402
from jmegym.sb3 import export_policy  # noqa: E402

th.set_num_threads(1)
N_OBS = 1000
TARGET = Path(__file__).resolve().parents[2] / "target"  # bridge/target of this checkout
CLASSES, CLI_JAR = TARGET / "test-classes", TARGET / "jmegym.jar"


class SpacesEnv(gym.Env):
    """An env with given spaces whose dynamics do not matter: the models are only built, never trained."""

    def __init__(self, observation_space: gym.Space, action_space: gym.Space):
        self.observation_space, self.action_space = observation_space, action_space

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        return self.observation_space.sample(), {}

    def step(self, action):
        return self.observation_space.sample(), 0.0, False, False, {}


def _probe(policy_file: Path, obs: np.ndarray, tmp_path: Path) -> tuple[list, np.ndarray]:
    if not (CLASSES / "io" / "github" / "jmegym" / "bridge" / "PolicyProbe.class").is_file() or not CLI_JAR.is_file():
        pytest.skip(f"{TARGET} has no jmegym.jar or PolicyProbe: run the Maven build of the bridge module first")
    inp, out = tmp_path / "obs.json", tmp_path / "out.json"
    inp.write_text(json.dumps({"obs": obs.reshape(len(obs), -1).astype(np.float64).tolist()}))
    subprocess.run([find_java(), "-Xmx256m", "-cp", f"{CLI_JAR}:{CLASSES}", "io.github.jmegym.bridge.PolicyProbe",
                    str(policy_file), str(inp), str(out)], check=True, timeout=120)
    res = json.loads(out.read_text())
    return res["actions"], np.asarray(res["values"])


def _perturb(policy, seed: int) -> None:
    """Parameters away from the init (whose 0.01-gain action layer makes near-ties common)."""
    g = th.Generator().manual_seed(seed)
    with th.no_grad():
        for p in policy.parameters():
            p.add_(0.3 * th.randn(p.shape, generator=g))


def _ties(policy, obs_t: th.Tensor) -> np.ndarray:
    """Per sample, the smallest gap between the top two logits of any categorical part (inf for Box actions)."""
    dist = policy.get_distribution(obs_t).distribution
    parts = dist if isinstance(dist, list) else [dist]
    gaps = np.full(len(obs_t), np.inf)
    for d in parts:
        if isinstance(d, th.distributions.Categorical):
            top = th.topk(d.logits, 2, dim=-1).values
            gaps = np.minimum(gaps, (top[:, 0] - top[:, 1]).detach().numpy())
        elif isinstance(d, th.distributions.Bernoulli):
            gaps = np.minimum(gaps, d.logits.abs().min(dim=-1).values.detach().numpy())
    return gaps


BOX5 = gym.spaces.Box(-3.0, 3.0, (5,), np.float32)
CASES = {
    "ppo-discrete-tanh-list": (PPO, "CartPole-v1", dict(net_arch=[64, 64]), {}),
    "ppo-discrete-relu-dict-unshared-extractor": (
        PPO, "CartPole-v1",
        dict(net_arch=dict(pi=[32, 16], vf=[24]), activation_fn=nn.ReLU, share_features_extractor=False), {}),
    "a2c-multidiscrete-tanh-vecnormalize": (A2C, (BOX5, gym.spaces.MultiDiscrete([3, 4, 2])), dict(net_arch=[16, 16]),
                                            dict(epsilon=1e-8, clip_obs=10.0)),
    "ppo-multibinary-relu": (PPO, (BOX5, gym.spaces.MultiBinary(4)), dict(net_arch=[16], activation_fn=nn.ReLU), {}),
    "trpo-box-relu-vecnormalize": (
        TRPO, (gym.spaces.Box(-np.inf, np.inf, (2, 3), np.float32), gym.spaces.Box(-1.0, 2.0, (3,), np.float32)),
        dict(net_arch=dict(pi=[32, 32], vf=[16]), activation_fn=nn.ReLU), dict(epsilon=1e-4, clip_obs=2.0)),
    "ppo-box-no-hidden": (PPO, (BOX5, gym.spaces.Box(-1.0, 1.0, (2,), np.float32)), dict(net_arch=[]), {}),
    "ppo-box-gsde": (PPO, (BOX5, gym.spaces.Box(-2.0, 2.0, (2,), np.float32)),
                     dict(net_arch=dict(pi=[16, 8], vf=[16])), dict(use_sde=True)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_java_policy_acts_as_sb3_predict(case, tmp_path):
    algo, env_spec, policy_kwargs, extra = CASES[case]
    extra = dict(extra)
    norm = {k: extra.pop(k) for k in ("epsilon", "clip_obs") if k in extra}
    make = (lambda: gym.make(env_spec)) if isinstance(env_spec, str) else (lambda: SpacesEnv(*env_spec))
    venv = DummyVecEnv([make])
    vn = None
    if norm:
        venv = vn = VecNormalize(venv, norm_reward=False, **norm)
        rng = np.random.default_rng(1)
        vn.obs_rms.mean = rng.normal(0, 2, vn.obs_rms.mean.shape)
        vn.obs_rms.var = rng.uniform(0.01, 4, vn.obs_rms.var.shape)
        vn.obs_rms.count = 1234.0
    model = algo("MlpPolicy", venv, policy_kwargs=policy_kwargs, seed=0, device="cpu", **extra)
    _perturb(model.policy, seed=2)
    path = tmp_path / "policy.json"
    assert export_policy(model, path, vec_normalize=vn) == str(path)

    space = model.observation_space
    space.seed(3)
    obs = np.stack([space.sample() for _ in range(N_OBS)]).astype(np.float32)
    if vn is not None and np.all(np.isinf(space.low)):
        obs *= 3  # (an unbounded Box) some beyond the clip of VecNormalize
    net_obs = vn.normalize_obs(obs) if vn is not None else obs
    sb3_actions, _ = model.predict(net_obs, deterministic=True)
    obs_t, _ = model.policy.obs_to_tensor(net_obs)
    with th.no_grad():
        sb3_values = model.policy.predict_values(obs_t).numpy().reshape(-1)
    java_actions, java_values = _probe(path, obs, tmp_path)

    java_actions = np.asarray(java_actions).reshape(sb3_actions.shape)
    assert json.loads(path.read_text())["layout"]["sde"] == bool(extra.get("use_sde", False))
    if vn is not None:
        assert np.any(np.abs(net_obs) >= norm["clip_obs"]), "no observation reached VecNormalize's clip"
    print(f"{case}: max |value diff| {np.max(np.abs(java_values - sb3_values)):.2e}, max |action diff| "
          f"{np.max(np.abs(java_actions.astype(float) - sb3_actions.astype(float))):.2e}")
    np.testing.assert_allclose(java_values, sb3_values, rtol=1e-4, atol=1e-4)
    if isinstance(model.action_space, gym.spaces.Box):
        np.testing.assert_allclose(java_actions, sb3_actions, rtol=0, atol=1e-4)
        assert np.all(java_actions >= model.action_space.low) and np.all(java_actions <= model.action_space.high)
    else:
        differ = np.flatnonzero(np.any((java_actions != sb3_actions).reshape(N_OBS, -1), axis=1))
        # float32 (torch) and float64 (Java) may pick differently only where two logits all but tie
        assert np.all(_ties(model.policy, obs_t)[differ] < 1e-5), f"{len(differ)} of {N_OBS} actions differ"
        assert len(differ) <= 2
        assert len(np.unique(sb3_actions.reshape(N_OBS, -1), axis=0)) > 1, "a constant policy tests nothing"


def test_written_file_is_what_policy_load_reads(tmp_path):
    model = PPO("MlpPolicy", "CartPole-v1", seed=0, device="cpu")
    path = tmp_path / "sub" / "cartpole.json"
    export_policy(model.policy, path)  # a bare policy works too; missing folders are made
    doc = json.loads(path.read_text())
    assert doc["format"] == "jmegym-ppo-policy" and doc["format_version"] == 1
    assert doc["layout"] == {"obs_dim": 4, "out_dim": 2, "n_log_std": 0, "policy_hidden": [64, 64],
                             "value_hidden": [64, 64], "shared": False, "activation": "TANH", "sde": False}
    assert len(doc["params"]) == sum(p.numel() for p in model.policy.parameters())
    assert [p.name for p in path.parent.iterdir()] == ["cartpole.json"]  # no temp file left behind


def _raises(match: str, model, **kw):
    with pytest.raises(ValueError, match=match):
        export_policy(model, "/nonexistent/never-written.json", **kw)


class _LinearExtractor(nn.Module):
    def __init__(self, observation_space, features_dim: int = 8):
        super().__init__()
        self.features_dim = features_dim
        self.net = nn.Linear(int(np.prod(observation_space.shape)), features_dim)

    def forward(self, x):
        return self.net(x)


@pytest.mark.parametrize("what, build", [
    ("features_extractor is NatureCNN", lambda: PPO(
        "CnnPolicy", SpacesEnv(gym.spaces.Box(0, 255, (36, 36, 3), np.uint8), gym.spaces.Discrete(2)),
        n_steps=8, batch_size=8, device="cpu")),
    ("features_extractor is _LinearExtractor", lambda: PPO(
        "MlpPolicy", "CartPole-v1", device="cpu",
        policy_kwargs=dict(features_extractor_class=_LinearExtractor))),
    (r"policy_net\[1\] is ELU.*nn.Tanh or nn.ReLU", lambda: PPO(
        "MlpPolicy", "CartPole-v1", device="cpu", policy_kwargs=dict(activation_fn=nn.ELU))),
    ("squash_output=True", lambda: PPO(
        "MlpPolicy", SpacesEnv(BOX5, gym.spaces.Box(-1.0, 1.0, (2,), np.float32)), use_sde=True, device="cpu",
        policy_kwargs=dict(squash_output=True))),
    ("gSDE with full_std=False", lambda: PPO(
        "MlpPolicy", SpacesEnv(BOX5, gym.spaces.Box(-1.0, 1.0, (2,), np.float32)), use_sde=True, device="cpu",
        policy_kwargs=dict(full_std=False))),
    ("Dict.*is not a Box.*FlattenObservation", lambda: PPO(
        "MultiInputPolicy", SpacesEnv(gym.spaces.Dict({"a": BOX5}), gym.spaces.Discrete(2)), device="cpu")),
    ("non-zero start", lambda: PPO("MlpPolicy", SpacesEnv(BOX5, gym.spaces.Discrete(3, start=1)), device="cpu")),
    ("QNetwork|DQNPolicy.*not an SB3 ActorCriticPolicy", lambda: DQN("MlpPolicy", "CartPole-v1", device="cpu")),
    ("MaskableActorCriticPolicy is not an SB3 ActorCriticPolicy.*no action masks", lambda: MaskablePPO(
        "MlpPolicy", "CartPole-v1", device="cpu")),
    (r"parameters outside the MLP \(\['lstm_actor", lambda: RecurrentPPO("MlpLstmPolicy", "CartPole-v1", device="cpu")),
])
def test_unmappable_policies_raise_naming_the_layer(what, build):
    _raises(what, build())


def test_dict_vecnormalize_and_bad_stats_raise():
    model = PPO("MlpPolicy", "CartPole-v1", device="cpu")
    vn = VecNormalize(DummyVecEnv([lambda: gym.make("CartPole-v1")]), epsilon=1e-8)
    vn.obs_rms.var[:] = -1.0
    _raises("not finite and positive", model, vec_normalize=vn)
    vn.obs_rms.mean = np.zeros(3)
    _raises("3 values; the policy reads 4", model, vec_normalize=vn)


@pytest.mark.slow
def test_ppo_trained_on_cartpole_scores_in_java_eval(tmp_path):
    """RL Zoo's CartPole-v1 PPO settings until the last 10 episodes average >= 475; then Java's eval scores it."""
    from stable_baselines3.common.callbacks import BaseCallback
    from stable_baselines3.common.env_util import make_vec_env

    class StopWhenSolved(BaseCallback):
        def _on_step(self) -> bool:
            buf = self.model.ep_info_buffer
            return not (len(buf) >= 10 and np.mean([e["r"] for e in list(buf)[-10:]]) >= 475)

    env = make_vec_env("CartPole-v1", n_envs=8, seed=0)
    model = PPO("MlpPolicy", env, n_steps=32, batch_size=256, n_epochs=20, gamma=0.98, gae_lambda=0.8,
                ent_coef=0.0, learning_rate=lambda p: 1e-3 * p, clip_range=lambda p: 0.2 * p, seed=0, device="cpu")
    model.learn(200_000, callback=StopWhenSolved())
    last10 = np.mean([e["r"] for e in list(model.ep_info_buffer)[-10:]])
    assert last10 >= 475, f"PPO did not solve CartPole-v1 in 200k steps (last-10 mean {last10})"
    path = export_policy(model, tmp_path / "cartpole-ppo.json")
    if not CLI_JAR.is_file():
        pytest.skip(f"no {CLI_JAR}: run the Maven build of the bridge module first")
    out = subprocess.run([find_java(), "-jar", str(CLI_JAR), "eval", "--model", path, "--env", "CartPole-v1",
                          "--episodes", "10"], capture_output=True, text=True, timeout=300, check=True).stdout
    mean = float(re.search(r"mean return ([0-9.]+)", out).group(1))
    print(f"trained {model.num_timesteps} steps (last-10 mean {last10:.1f}); Java eval: {out.strip()}")
    assert mean >= 475, out
