"""Stable-Baselines3 on jmegym envs at one bridge round trip per vector step.

SB3 refuses Gymnasium's ``VectorEnv`` and steps its own ``DummyVecEnv`` one sub-env (one round trip) at a time;
:class:`JavaVecEnv` is an SB3 ``VecEnv`` over one :class:`jmegym.JavaVectorEnv` instead, with SB3's conventions
(auto-reset in the same step, ``infos[i]["terminal_observation"]``, ``infos[i]["TimeLimit.truncated"]``, seeds
``seed + i`` taken by the next ``reset()``). Needs the optional extra: ``pip install "jmegym[sb3]"``.

    from stable_baselines3 import PPO
    from jmegym.sb3 import make_vec_env

    env = make_vec_env("jmegym/CartPole-v1", n_envs=8, seed=0)
    PPO("MlpPolicy", env).learn(100_000)

:func:`export_policy` writes a trained SB3 ``MlpPolicy`` as the ``policy.json`` that the Java ``Policy.load``
reads, so the game (``./jmegym play --model``) and ``./jmegym eval --model`` run it without Python.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
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

__all__ = ["JavaVecEnv", "export_policy", "make_vec_env"]

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


# ---------------------------------------------------------------------------------------------- export_policy

#: What ``Policy.fromJson`` reads (agent/Policy.java) and the epsilon its ``RunningMeanStd.normalize`` adds.
_POLICY_FORMAT, _POLICY_FORMAT_VERSION = "jmegym-ppo-policy", 1
_JAVA_NORM_EPSILON = 1e-8
_SUPPORTED = ("supported: an SB3 PPO / A2C or sb3-contrib TRPO 'MlpPolicy' (ActorCriticPolicy with the default "
              "FlattenExtractor, net_arch a list or dict(pi=[...], vf=[...]), activation_fn nn.Tanh or nn.ReLU, "
              "squash_output=False) on a Box observation space, with Discrete, MultiDiscrete, MultiBinary or Box "
              "actions (Box: state-independent log_std, or gSDE with full_std=True, use_expln=False)")


def export_policy(model: Any, path: str | os.PathLike, *, vec_normalize: Any = None) -> str:
    """Writes a Stable-Baselines3 ``MlpPolicy`` as a jmegym ``policy.json`` (the file ``Policy.load`` reads).

    The Java ``Policy`` then takes the same deterministic actions as ``model.predict(obs, deterministic=True)``
    (argmax of the logits; the Gaussian mean clipped to the Box bounds) and gives the same values as
    ``model.policy.predict_values`` (up to float32 vs float64 rounding: the weights are copied exactly, Java
    computes in double precision).

    Args:
        model: a trained SB3 ``PPO`` / ``A2C``, sb3-contrib ``TRPO``, or their ``ActorCriticPolicy``.
        path: the JSON file to write (atomically: a temp file beside it, then ``os.replace``).
        vec_normalize: the ``VecNormalize`` the model was trained behind, or None; its observation statistics
            (mean, var, epsilon, clip_obs) go into the file so Java normalizes raw observations as it does.
            Reward normalization does not affect actions and is not exported.

    Returns:
        the path written, as a string.

    Raises:
        ValueError: for a policy the Java ``Policy`` cannot run exactly (naming the layer or setting).
    """
    from stable_baselines3.common.policies import ActorCriticPolicy

    policy = getattr(model, "policy", model)
    where = f"export_policy({type(model).__name__})"
    if not isinstance(policy, ActorCriticPolicy):
        raise ValueError(f"{where}: policy {type(policy).__name__} is not an SB3 ActorCriticPolicy "
                         "(DQN, SAC and TD3 policies have no mapping, nor MaskablePPO's: the Java Policy applies no "
                         f"action masks); {_SUPPORTED}")
    doc = _policy_json(policy, where)
    if vec_normalize is not None:
        norm = _obs_norm_json(vec_normalize, doc["layout"]["obs_dim"], where)
        if norm is not None:
            doc["obs_norm"] = norm
    return _write_atomically(path, json.dumps(doc, allow_nan=True))


def _policy_json(policy: Any, where: str) -> dict:
    import torch as th
    from stable_baselines3.common import distributions as D
    from stable_baselines3.common.preprocessing import is_image_space
    from stable_baselines3.common.torch_layers import FlattenExtractor, MlpExtractor

    obs_space, act_space = policy.observation_space, policy.action_space
    if not isinstance(obs_space, gym.spaces.Box):
        raise ValueError(f"{where}: observation space {obs_space} is not a Box (the Java Policy reads flat Box "
                         "observations; Dict observations need MultiInputPolicy, which has no mapping: flatten them "
                         "with gymnasium.wrappers.FlattenObservation); " + _SUPPORTED)
    extractors = {"features_extractor": policy.features_extractor}
    if not policy.share_features_extractor:
        extractors.update(pi_features_extractor=policy.pi_features_extractor,
                          vf_features_extractor=policy.vf_features_extractor)
    for name, ext in extractors.items():
        if type(ext) is not FlattenExtractor:
            raise ValueError(f"{where}: {name} is {type(ext).__name__}; only SB3's FlattenExtractor (the MlpPolicy "
                             "default) maps onto the Java Policy, which has no convolution or custom layers; "
                             + _SUPPORTED)
    if policy.normalize_images and is_image_space(obs_space, check_channels=False):
        raise ValueError(f"{where}: observation space {obs_space} is an image that SB3 divides by 255 "
                         "(normalize_images=True); the Java Policy does not: train with "
                         "policy_kwargs=dict(normalize_images=False) or a float Box; " + _SUPPORTED)
    if policy.squash_output:
        raise ValueError(f"{where}: squash_output=True (tanh-squashed actions) has no Java counterpart: the Java "
                         "Policy clips the Gaussian mean to the Box bounds; train with squash_output=False; "
                         + _SUPPORTED)
    if type(policy.mlp_extractor) is not MlpExtractor:
        raise ValueError(f"{where}: mlp_extractor is {type(policy.mlp_extractor).__name__}; only SB3's "
                         "MlpExtractor maps; " + _SUPPORTED)
    pi_layers, pi_act = _dense_stack(policy.mlp_extractor.policy_net, "mlp_extractor.policy_net", where)
    vf_layers, vf_act = _dense_stack(policy.mlp_extractor.value_net, "mlp_extractor.value_net", where)
    acts = {a for a in (pi_act, vf_act) if a is not None}
    if len(acts) > 1:
        raise ValueError(f"{where}: mlp_extractor.policy_net uses {pi_act} and value_net {vf_act}; the Java "
                         "NetLayout has one activation for both networks: use one activation_fn; " + _SUPPORTED)
    activation = acts.pop() if acts else "TANH"

    obs_dim = int(np.prod(obs_space.shape, dtype=np.int64))
    dist = policy.action_dist
    action_w, action_b = _linear(policy.action_net, "action_net", where)
    value_w, value_b = _linear(policy.value_net, "value_net", where)
    use_sde = False
    if isinstance(act_space, gym.spaces.Discrete):
        _require_zero_start(act_space, where)
        if type(dist) is not D.CategoricalDistribution:
            raise ValueError(f"{where}: {type(dist).__name__} on {act_space}; expected CategoricalDistribution")
        log_std = np.zeros(0)
    elif isinstance(act_space, gym.spaces.MultiDiscrete):
        _require_zero_start(act_space, where)
        if act_space.nvec.ndim != 1:
            raise ValueError(f"{where}: MultiDiscrete nvec of shape {act_space.nvec.shape}; SB3 and the Java Policy "
                             "agree only on a flat nvec")
        if type(dist) is not D.MultiCategoricalDistribution:
            raise ValueError(f"{where}: {type(dist).__name__} on {act_space}; expected MultiCategoricalDistribution")
        log_std = np.zeros(0)
    elif isinstance(act_space, gym.spaces.MultiBinary):
        if type(dist) is not D.BernoulliDistribution:
            raise ValueError(f"{where}: {type(dist).__name__} on {act_space}; expected BernoulliDistribution")
        # SB3: one logit x per bit (p = sigmoid(x)); Java: a two-category softmax per bit. Logits (0, x) give the
        # same probabilities and the same mode (x > 0).
        n = action_w.shape[0]
        w2 = np.zeros((2 * n, action_w.shape[1]))
        b2 = np.zeros(2 * n)
        w2[1::2], b2[1::2] = action_w, action_b
        action_w, action_b = w2, b2
        log_std = np.zeros(0)
    elif isinstance(act_space, gym.spaces.Box):
        if type(dist) is D.DiagGaussianDistribution:
            log_std = _tensor(policy.log_std).reshape(-1)
        elif type(dist) is D.StateDependentNoiseDistribution:
            bad = [f"{k}={getattr(dist, k)}" for k, ok in (("full_std", True), ("use_expln", False),
                                                           ("learn_features", False))
                   if bool(getattr(dist, k)) != ok]
            if bad:
                raise ValueError(f"{where}: gSDE with {', '.join(bad)}; the Java Sde implements SB3's "
                                 "StateDependentNoiseDistribution with full_std=True, use_expln=False, "
                                 "learn_features=False only (policy_kwargs of the same names)")
            log_std = _tensor(policy.log_std).reshape(-1)  # [latent_dim x action_dim], row-major as Sde reads it
            use_sde = True
        else:
            raise ValueError(f"{where}: {type(dist).__name__} on {act_space}; expected DiagGaussianDistribution "
                             "or StateDependentNoiseDistribution")
    else:
        raise ValueError(f"{where}: action space {act_space} has no mapping (Dict, Tuple and Text actions are not "
                         "supported by SB3's ActorCriticPolicy in the same form); " + _SUPPORTED)

    mapped = sum(w.size + b.size for w, b in pi_layers + vf_layers)
    mapped += sum(t.numel() for t in (policy.action_net.weight, policy.action_net.bias, policy.value_net.weight,
                                      policy.value_net.bias))
    mapped += policy.log_std.numel() if isinstance(getattr(policy, "log_std", None), th.Tensor) else 0
    total = sum(p.numel() for p in policy.parameters())
    if mapped != total:
        names = [n for n, _ in policy.named_parameters() if not n.startswith(
            ("mlp_extractor.", "action_net.", "value_net.", "log_std"))]
        raise ValueError(f"{where}: {total - mapped} parameters outside the MLP ({names or 'unknown'}); "
                         f"{type(policy).__name__} has layers the Java Policy cannot run; " + _SUPPORTED)

    params: list[float] = []
    for w, b in pi_layers + [(action_w, action_b)] + vf_layers + [(value_w, value_b)]:
        params.extend(w.T.reshape(-1).tolist())  # torch stores [out x in]; NetLayout [in x out] row-major
        params.extend(b.reshape(-1).tolist())
    params.extend(log_std.tolist())
    if not all(math.isfinite(p) for p in params):
        raise ValueError(f"{where}: the policy's parameters contain NaN or infinity")
    pi_hidden = [w.shape[0] for w, _ in pi_layers]
    vf_hidden = [w.shape[0] for w, _ in vf_layers]
    if action_w.shape[1] != (pi_hidden[-1] if pi_hidden else obs_dim):
        raise ValueError(f"{where}: action_net takes {action_w.shape[1]} inputs; policy_net gives "
                         f"{pi_hidden[-1] if pi_hidden else obs_dim}")
    return {
        "format": _POLICY_FORMAT,
        "format_version": _POLICY_FORMAT_VERSION,
        "layout": {"obs_dim": obs_dim, "out_dim": int(action_w.shape[0]), "n_log_std": int(log_std.size),
                   "policy_hidden": pi_hidden, "value_hidden": vf_hidden, "shared": False,
                   "activation": activation, "sde": use_sde},
        "observation_space": _space_json(obs_space, where),
        "action_space": _space_json(act_space, where),
        "params": params,
        "exported_from": f"stable-baselines3 {type(policy).__name__}",
    }


def _tensor(t: Any) -> np.ndarray:
    return t.detach().cpu().double().numpy()


def _linear(layer: Any, name: str, where: str) -> tuple[np.ndarray, np.ndarray]:
    from torch import nn

    if type(layer) is not nn.Linear or layer.bias is None:
        raise ValueError(f"{where}: {name} is {layer!r}; expected nn.Linear with a bias; " + _SUPPORTED)
    return _tensor(layer.weight), _tensor(layer.bias)


def _dense_stack(seq: Any, name: str, where: str) -> tuple[list[tuple[np.ndarray, np.ndarray]], str | None]:
    """The (weight, bias) of each Linear of an MlpExtractor branch (Linear, activation, Linear, activation, ...)
    and the activation's Java name (None for an empty branch)."""
    from torch import nn

    java = {nn.Tanh: "TANH", nn.ReLU: "RELU"}
    modules = list(seq)
    if len(modules) % 2:
        raise ValueError(f"{where}: {name} is {seq!r}; expected Linear/activation pairs; " + _SUPPORTED)
    layers, act = [], None
    for i in range(0, len(modules), 2):
        lin, a = modules[i], modules[i + 1]
        layers.append(_linear(lin, f"{name}[{i}]", where))
        kind = java.get(type(a))
        if kind is None:
            raise ValueError(f"{where}: {name}[{i + 1}] is {type(a).__name__}; the Java Policy has Tanh and ReLU "
                             "activations only: use activation_fn=nn.Tanh or nn.ReLU")
        if act is not None and kind != act:
            raise ValueError(f"{where}: {name} mixes {act} and {kind}; the Java NetLayout has one activation")
        act = kind
    return layers, act


def _require_zero_start(space: Any, where: str) -> None:
    if np.any(np.asarray(space.start) != 0):
        raise ValueError(f"{where}: action space {space} has a non-zero start; SB3's predict returns 0-based "
                         "indices while the Java Policy adds the start, so their actions would differ; use start=0")


def _space_json(space: Any, where: str) -> dict:
    """The Java ``Space.toJson()`` form of a Gymnasium space (bounds as float64 of the space's own dtype)."""
    if isinstance(space, gym.spaces.Box):
        dtype = np.dtype(space.dtype).name
        if dtype not in ("float32", "float64", "uint8"):
            raise ValueError(f"{where}: Box dtype {dtype}; the Java Box has float32, float64 and uint8")
        return {"type": "Box", "low": space.low.astype(np.float64).reshape(-1).tolist(),
                "high": space.high.astype(np.float64).reshape(-1).tolist(), "shape": list(space.shape),
                "dtype": dtype}
    if isinstance(space, gym.spaces.Discrete):
        return {"type": "Discrete", "n": int(space.n), "start": int(space.start)}
    if isinstance(space, gym.spaces.MultiDiscrete):
        return {"type": "MultiDiscrete", "nvec": [int(v) for v in space.nvec],
                "start": [int(v) for v in space.start]}
    if isinstance(space, gym.spaces.MultiBinary):
        return {"type": "MultiBinary", "shape": [int(v) for v in np.atleast_1d(space.n)]}
    raise ValueError(f"{where}: space {space} has no Java form")


def _obs_norm_json(vec_normalize: Any, obs_dim: int, where: str) -> dict | None:
    """VecNormalize's observation statistics as the Java ``obs_norm`` (None when it does not normalize them).

    Java computes ``clip((x - mean) / sqrt(var + 1e-8), -clip, clip)``; another ``epsilon`` is folded into var."""
    if not getattr(vec_normalize, "norm_obs", False):
        return None
    rms = vec_normalize.obs_rms
    if isinstance(rms, dict):
        raise ValueError(f"{where}: VecNormalize holds per-key statistics of a Dict observation; the Java Policy "
                         "reads Box observations only")
    mean = np.asarray(rms.mean, dtype=np.float64).reshape(-1)
    var = np.asarray(rms.var, dtype=np.float64).reshape(-1) + (float(vec_normalize.epsilon) - _JAVA_NORM_EPSILON)
    if mean.size != obs_dim:
        raise ValueError(f"{where}: VecNormalize statistics have {mean.size} values; the policy reads {obs_dim}")
    if np.any(var + _JAVA_NORM_EPSILON <= 0) or not np.all(np.isfinite(mean)) or not np.all(np.isfinite(var)):
        raise ValueError(f"{where}: VecNormalize statistics are not finite and positive (var + epsilon <= 0)")
    return {"mean": mean.tolist(), "var": var.tolist(), "count": float(rms.count),
            "clip": float(vec_normalize.clip_obs)}


def _write_atomically(path: str | os.PathLike, text: str) -> str:
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".policy-", suffix=".json.tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target
