"""`./jmegym export --onnx` writes a model that onnxruntime runs to the Java policy's outputs.

The Java side's outputs come from the same command (`--check-samples N --check-out FILE`: 1,000 random observations
and what `Policy.act(obs, deterministic=True)`, `Policy.value(obs)` and the forward kernel give for them). Trained
runs cover CartPole (categorical) and Pendulum (Gaussian, with and without gSDE, with observation normalisation);
the registry has no MultiDiscrete, MultiBinary or Dict env that trains headlessly, so those distributions (and
shared/separate trunks, tanh/relu, a Discrete with a start) are covered by policy.json files written here with
random parameters in the documented checkpoint format.
"""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from _cli import jmegym

ort = pytest.importorskip("onnxruntime")
onnx = pytest.importorskip("onnx")

SAMPLES = 1000
TOL = 1e-5  # per element: |onnx - java| <= TOL * max(1, |java|) (float32 graph, double Java)


def export(model: str, out_dir, samples: int = SAMPLES) -> tuple[str, dict]:
    path = str(out_dir / "policy.onnx")
    check = str(out_dir / "check.json")
    jmegym("export", "--model", model, "--onnx", path, "--check-samples", str(samples), "--check-out", check,
           "--seed", "7")
    with open(check) as f:
        return path, json.load(f)


def run_onnx(path: str, obs: np.ndarray) -> dict[str, np.ndarray]:
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    names = [o.name for o in sess.get_outputs()]
    return dict(zip(names, sess.run(None, {"obs": obs})))


def assert_matches_java(path: str, ref: dict) -> dict[str, np.ndarray]:
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    assert model.opset_import[0].version >= 17
    inp = model.graph.input[0]
    assert inp.name == "obs" and inp.type.tensor_type.shape.dim[0].dim_param == "batch"
    obs = np.asarray(ref["obs"], dtype=np.float32)
    assert obs.shape[0] == SAMPLES
    got = run_onnx(path, obs)
    assert set(got) == {k for k in ref if k != "obs"}, f"outputs {sorted(got)} vs Java's {sorted(ref)}"
    for name, java in ref.items():
        if name in ("obs", "action"):
            continue
        java = np.asarray(java, dtype=np.float64)
        err = np.abs(got[name] - java) / np.maximum(1.0, np.abs(java))
        assert got[name].shape == java.shape, name
        assert err.max() <= TOL, f"{name}: worst relative error {err.max():.3g} at row {np.unravel_index(err.argmax(), err.shape)[0]}"
    java_act = np.asarray(ref["action"], dtype=np.float64)
    onnx_act = got["action"].astype(np.float64)
    assert onnx_act.shape == java_act.shape
    n_cat = java_act.shape[1] - (len(ref["mean"][0]) if "mean" in ref else 0)
    if n_cat:
        # An arg-max may flip only where two logits lie within float32 noise of each other.
        sizes = json.loads({p.key: p.value for p in model.metadata_props}["jmegym.categorical_sizes"])
        logits = np.asarray(ref["logits"])
        near_tie = np.zeros((SAMPLES, n_cat), dtype=bool)
        off = 0
        for c, n in enumerate(sizes):
            if n > 1:
                top2 = np.sort(logits[:, off:off + n], axis=1)[:, -2:]
                near_tie[:, c] = (top2[:, 1] - top2[:, 0]) < TOL
            off += n
        same = onnx_act[:, :n_cat] == java_act[:, :n_cat]
        assert (same | near_tie).all(), f"categorical actions differ in {np.count_nonzero(~same)} places"
        assert same.mean() > 0.99
    if n_cat < java_act.shape[1]:
        g = slice(n_cat, None)
        assert np.all(np.abs(onnx_act[:, g] - java_act[:, g]) <= TOL * np.maximum(1, np.abs(java_act[:, g])))
    return got


@pytest.fixture(scope="module")
def cartpole_run(tmp_path_factory):
    run = str(tmp_path_factory.mktemp("cartpole") / "run")
    jmegym("train", "--env", "CartPole-v1", "--steps", "3000", "--out", run, "--no-progress", timeout=300)
    return run


def test_cartpole_categorical_policy_matches_java_on_1000_observations(cartpole_run, tmp_path):
    path, ref = export(cartpole_run, tmp_path)
    got = assert_matches_java(path, ref)
    assert got["action"].dtype == np.int64 and got["action"].shape == (SAMPLES, 1)
    assert set(np.unique(got["action"])) <= {0, 1}


@pytest.mark.parametrize("config", [None, {"useSde": False, "normalizeObservation": True, "clipObservation": 3.0,
                                           "sharedNetwork": True, "activation": "RELU"}],
                         ids=["preset-gsde", "gaussian-normalized-shared-relu"])
def test_pendulum_gaussian_policy_matches_java_on_1000_observations(config, tmp_path):
    run = str(tmp_path / "run")
    args = ["train", "--env", "Pendulum-v1", "--steps", "4096", "--out", run, "--no-progress"]
    if config is not None:
        cfg = tmp_path / "ppo.json"
        cfg.write_text(json.dumps(config))
        args += ["--config", str(cfg)]
    jmegym(*args, timeout=300)
    path, ref = export(run, tmp_path)
    got = assert_matches_java(path, ref)
    assert got["action"].dtype == np.float32 and got["action"].shape == (SAMPLES, 1)
    assert np.all(np.abs(got["action"]) <= 2.0), "Pendulum's torque is clipped to [-2, 2]"
    if config is None:
        assert np.std(got["log_std"]) > 0, "gSDE's log-std depends on the state"


# --- policy.json files with random parameters, for the distributions no registered env trains ------------------

OBS_SPACE = {"type": "Box", "low": [-1.0, -np.inf, 0.0, -5.0, -np.inf], "high": [1.0, np.inf, 10.0, 5.0, np.inf],
             "shape": [5], "dtype": "float32"}


def box(lo, hi):
    return {"type": "Box", "low": lo, "high": hi, "shape": [len(lo)], "dtype": "float32"}


def heads(space) -> tuple[int, int]:
    """(number of logits, number of Gaussian elements) of an action space, as ActionDistribution lays them out."""
    t = space["type"]
    if t == "Discrete":
        return space["n"], 0
    if t == "MultiDiscrete":
        return sum(space["nvec"]), 0
    if t == "MultiBinary":
        return 2 * int(np.prod(space["shape"])), 0
    if t == "Box":
        return 0, int(np.prod(space["shape"]))
    parts = [heads(s) for s in space["spaces"].values()]
    return sum(p[0] for p in parts), sum(p[1] for p in parts)


def dense_count(sizes) -> int:
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))


def random_policy(action_space, hidden, shared, activation, sde, normalized, rng) -> dict:
    obs_dim = 5
    n_logits, n_gauss = heads(action_space)
    out_dim = n_logits + n_gauss
    value_hidden = [] if shared else [12, 8]
    if shared:
        count = dense_count([obs_dim, *hidden]) + dense_count([hidden[-1], out_dim]) + dense_count([hidden[-1], 1])
    else:
        count = dense_count([obs_dim, *hidden, out_dim]) + dense_count([obs_dim, *value_hidden, 1])
    latent = hidden[-1] if hidden else obs_dim
    n_log_std = latent * n_gauss if sde else n_gauss
    params = np.concatenate([rng.normal(0, 0.6, count), rng.normal(-0.5, 0.4, n_log_std)])
    policy = {
        "format": "jmegym-ppo-policy", "format_version": 1,
        "layout": {"obs_dim": obs_dim, "out_dim": out_dim, "n_log_std": n_log_std, "policy_hidden": hidden,
                   "value_hidden": value_hidden, "shared": shared, "activation": activation, "sde": sde},
        "observation_space": OBS_SPACE, "action_space": action_space, "params": params.tolist(),
    }
    if normalized:
        policy["obs_norm"] = {"mean": rng.normal(0, 1, obs_dim).tolist(), "var": rng.uniform(0.2, 4, obs_dim).tolist(),
                              "count": 100.0, "clip": 2.5}
    return policy


ZOO = {
    "discrete-start-normalized": (
        {"type": "Discrete", "n": 3, "start": -1}, [16, 16], False, "TANH", False, True),
    "multidiscrete-shared-relu": (
        {"type": "MultiDiscrete", "nvec": [3, 4, 2], "start": [0, 1, 0]}, [32], True, "RELU", False, False),
    "multibinary": ({"type": "MultiBinary", "shape": [3]}, [16], False, "RELU", False, True),
    "box-gaussian-normalized": (box([-2.0, -1.0], [2.0, 1.0]), [16, 16], False, "TANH", False, True),
    "box-gsde-shared": (box([-1.0, -1.0, -3.0], [1.0, 1.0, 3.0]), [16, 8], True, "TANH", True, True),
    "box-gsde-no-hidden": (box([-1.0], [1.0]), [], False, "TANH", True, False),
    "dict-hybrid": ({"type": "Dict", "spaces": {
        "move": box([-1.0, -1.0], [1.0, 1.0]), "jump": {"type": "Discrete", "n": 2, "start": 0},
        "mode": {"type": "MultiDiscrete", "nvec": [3, 2], "start": [0, 0]}}}, [16, 16], False, "TANH", False, True),
}


@pytest.mark.parametrize("case", sorted(ZOO))
def test_every_distribution_and_layout_matches_java_on_1000_observations(case, tmp_path):
    space, hidden, shared, activation, sde, normalized = ZOO[case]
    policy = random_policy(space, hidden, shared, activation, sde, normalized, np.random.default_rng(3))
    file = tmp_path / "policy.json"
    file.write_text(json.dumps(policy))
    path, ref = export(str(file), tmp_path)
    got = assert_matches_java(path, ref)
    n_logits, n_gauss = heads(space)
    assert ("logits" in got) == (n_logits > 0) and ("mean" in got) == ("log_std" in got) == (n_gauss > 0)


# --- bad input ----------------------------------------------------------------------------------------------------

def test_missing_run_exits_2_naming_it(tmp_path):
    missing = str(tmp_path / "no-such-run")
    p = jmegym("export", "--model", missing, "--onnx", str(tmp_path / "p.onnx"), check=False, timeout=60)
    assert p.returncode == 2 and missing in p.stderr and p.stderr.startswith("jmegym export: "), p.stderr
    assert not os.path.exists(tmp_path / "p.onnx")


def test_unsupported_layout_exits_2_naming_it(tmp_path):
    policy = random_policy({"type": "Discrete", "n": 2, "start": 0}, [8], False, "TANH", False, False,
                           np.random.default_rng(0))
    policy["layout"]["activation"] = "GELU"
    file = tmp_path / "policy.json"
    file.write_text(json.dumps(policy))
    p = jmegym("export", "--model", str(file), "--onnx", str(tmp_path / "p.onnx"), check=False, timeout=60)
    assert p.returncode == 2 and "GELU" in p.stderr and str(file) in p.stderr, p.stderr
    assert not os.path.exists(tmp_path / "p.onnx")


# --- the exported CartPole policy on Gymnasium's own CartPole-v1 -------------------------------------------------

@pytest.mark.slow
def test_exported_solved_cartpole_scores_at_least_475_on_gymnasiums_cartpole(tmp_path):
    gym = pytest.importorskip("gymnasium")
    run = str(tmp_path / "run")
    out = jmegym("train", "--env", "CartPole-v1", "--out", run, "--no-progress", timeout=540).stdout
    assert "solved" in out, out
    path = str(tmp_path / "cartpole.onnx")
    jmegym("export", "--model", run, "--onnx", path, timeout=60)
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    env = gym.make("CartPole-v1")
    returns = []
    for ep in range(5):
        obs, _ = env.reset(seed=ep)
        total, done = 0.0, False
        while not done:
            action = sess.run(["action"], {"obs": np.asarray(obs, dtype=np.float32)[None, :]})[0]
            obs, reward, terminated, truncated, _ = env.step(int(action[0, 0]))
            total += reward
            done = terminated or truncated
        returns.append(total)
    env.close()
    assert np.mean(returns) >= 475, returns
