"""What the update-for-update cross-checks (``crosscheck ppo``, ``crosscheck trpo``) share.

Both map the Java config (``jmegym crosscheck config``) to the SB3 algorithm's arguments, copy SB3's initial weights
into the Java network (``jmegym.sb3``'s policy mapping), let SB3 collect one rollout on the bridged env and hand that
rollout to the Java update (``jmegym crosscheck <algo>`` in a JVM subprocess of the full jar, since the slim gateway
jar has no ND4J), and print the largest difference per quantity against a tolerance. This module holds those steps;
the algorithm modules hold what is compared and the tolerances. See docs/crosscheck.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

__all__ = ["BadInput", "Tolerance", "Row", "find_full_jar", "java_json", "load_config", "network_kwargs",
           "refuse_untwinned", "make_env", "collect_rollout", "rollout", "java_input", "java_rows", "diff", "merge",
           "table", "report", "env_kwargs", "run_guarded", "sb3_params", "np_", "Opened", "opened"]

class BadInput(Exception):
    """A setting, file or env the cross-check cannot run with (exit code 2)."""


@dataclass(frozen=True)
class Tolerance:
    """``|java - sb3| <= atol + rtol * |sb3|`` elementwise."""

    rtol: float
    atol: float

    def ok(self, java: np.ndarray, ref: np.ndarray) -> bool:
        return bool(np.all(np.abs(java - ref) <= self.atol + self.rtol * np.abs(ref)))



#: A class only the full CLI jar holds (the slim gateway jar has no ND4J and no trainer).
_JAVA_ENTRY = "io/github/jmegym/agent/crosscheck/CrossCheckCommand.class"
_BUILD_HINT = ("build it in the jmegym checkout with `mvn -B -ntp -pl bridge -am package -DskipTests` (or run "
               "`./jmegym --version`, which builds it) and/or set JMEGYM_JAR to bridge/target/jmegym.jar")


# ---------------------------------------------------------------------------------------------- the full jar

def find_full_jar() -> Path:
    """The full CLI jar (with ND4J and the trainer): ``$JMEGYM_JAR`` when it is that jar, else
    ``bridge/target/jmegym.jar`` of a checkout found by walking up from this package and the current directory."""
    env = os.environ.get("JMEGYM_JAR")
    if env and Path(env).is_file() and _is_full(Path(env)):
        return Path(env)
    for start in (Path(__file__).resolve().parent, Path.cwd().resolve()):
        for d in (start, *start.parents):
            candidate = d / "bridge" / "target" / "jmegym.jar"
            if candidate.is_file() and _is_full(candidate):
                return candidate
    said = f" (JMEGYM_JAR={env!r} is not the full jar)" if env else ""
    raise BadInput("crosscheck needs the full jmegym jar (bridge/target/jmegym.jar, with ND4J and the Java "
                   f"trainer; the gateway jar packed into this package has neither){said}: " + _BUILD_HINT)


def _is_full(jar: Path) -> bool:
    try:
        with zipfile.ZipFile(jar) as z:
            return _JAVA_ENTRY in set(z.namelist())
    except (OSError, zipfile.BadZipFile):
        return False


def java(jar: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    from jmegym.bridge import find_java

    cmd = [find_java(), "-Xmx2g", "-jar", str(jar), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def java_json(jar: Path, args: list[str], out: Path) -> dict:
    p = java(jar, *args, "--out", str(out))
    if p.returncode == 2:
        raise BadInput(p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"java {' '.join(args)} exited 2")
    if p.returncode != 0:
        raise RuntimeError(f"java -jar {jar} {' '.join(args)} exited {p.returncode}:\n{p.stderr[-4000:]}")
    return json.loads(out.read_text())



def load_config(command: str, jar: Path, env_id: str, config: str | None, tmp: Path, algo: str | None = None,
                default_algo: str | None = None) -> dict:
    """The full Java ``PpoConfig`` that ``./jmegym train --env ID [--algo A] [--config FILE]`` would use: the file's
    fields over the env's preset for the algorithm, which is ``algo``, else the file's, else ``default_algo``."""
    if config is not None and not Path(config).is_file():
        raise BadInput(f"{command}: --config {config!r} does not exist")
    args = ["crosscheck", "config", "--env", env_id] + (["--config", config] if config else [])
    if algo is None and default_algo is not None and (config is None or "algo" not in _json_object(config)):
        algo = default_algo
    if algo is not None:
        args += ["--algo", algo]
    c = java_json(jar, args, tmp / "config.json")
    c.pop("_doc", None)
    for key in ("clipRangeVf", "targetKl"):  # null fields are left out of the file
        c.setdefault(key, None)
    return c


class Opened(NamedTuple):
    """What an update check starts from (:func:`opened`)."""

    jar: Path
    tmp: Path
    java_id: str
    kwargs: dict
    c: dict
    sb3_kwargs: dict
    notes: list[str]
    total: int
    n_envs: int
    n_steps: int


@contextlib.contextmanager
def opened(command: str, args: argparse.Namespace, to_sb3: Callable[[dict], tuple[dict, list[str]]],
           default_algo: str | None = None, algo: str | None = None) -> Iterator[Opened]:
    """The opening both update checks share: the env kwargs, the full jar, torch on one thread (as the benchmarks
    run SB3), a temporary folder for the JSON handed to and from the JVM (removed afterwards), the Java config
    (:func:`load_config`) and its SB3
    arguments by ``to_sb3`` (with their notes, and the run length taken out of them)."""
    import torch as th

    kwargs = env_kwargs(command, args.kwarg)
    jar = find_full_jar()
    th.set_num_threads(1)
    with tempfile.TemporaryDirectory(prefix="jmegym-crosscheck-") as tmp:
        tmpd = Path(tmp)
        java_id = args.env.removeprefix("jmegym/")
        c = load_config(command, jar, java_id, args.config, tmpd, algo, default_algo)
        kw, notes = to_sb3(c)
        total = kw.pop("_total")
        yield Opened(jar, tmpd, java_id, kwargs, c, kw, notes, total, int(c["nEnvs"]), int(c["nSteps"]))


def _json_object(path: str) -> dict:
    """The JSON object in ``path``, or an empty one when it is not one (the Java side then names what is wrong)."""
    try:
        o = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return o if isinstance(o, dict) else {}


def refuse(command: str, c: dict, field: str, why: str) -> None:
    """Raises :class:`BadInput` for a Java setting without an SB3 twin."""
    raise BadInput(f"{command}: {field}={c[field]!r} has no Stable-Baselines3 twin ({why}); change it in the config "
                   "to cross-check the rest")


def refuse_untwinned(command: str, c: dict) -> None:
    """Refuses the settings that no SB3 on-policy algorithm reproduces in one update of a handed-in rollout."""
    if c["sharedNetwork"]:
        refuse(command, c, "sharedNetwork", "SB3 2.x MlpPolicy has separate pi and vf networks")
    if c["normalizeReward"]:
        refuse(command, c, "normalizeReward", "the Java reward scaling runs inside PpoTrainer's collection, which this "
                                              "tool replaces by SB3's rollout; it is compared by `crosscheck curves` only")
    if c["lagCorrection"] != "none":
        refuse(command, c, "lagCorrection", "SB3 updates on the rollout of the current policy; there is no policy lag")


def network_kwargs(c: dict) -> dict:
    """The SB3 keyword arguments of the rollout, the advantages and the network for a Java config: everything but
    the algorithm's own update settings."""
    from torch import nn

    act = {"TANH": nn.Tanh, "RELU": nn.ReLU}[c["activation"]]
    policy_kwargs = dict(net_arch=dict(pi=list(c["policyHidden"]), vf=list(c["valueHidden"])), activation_fn=act,
                         log_std_init=float(c["logStdInit"]), optimizer_kwargs=dict(eps=float(c["adamEpsilon"])))
    if c["useSde"]:
        policy_kwargs.update(full_std=True, use_expln=False)
    return dict(n_steps=int(c["nSteps"]), batch_size=int(c["batchSize"]), gamma=float(c["gamma"]),
                gae_lambda=float(c["gaeLambda"]), normalize_advantage=bool(c["normalizeAdvantage"]),
                use_sde=bool(c["useSde"]), sde_sample_freq=int(c["sdeSampleFreq"]), policy_kwargs=policy_kwargs)


def sb3_params(policy: Any, command: str) -> np.ndarray:
    """The SB3 policy's parameters as the Java flat vector (``jmegym.sb3``'s mapping)."""
    from jmegym.sb3 import _policy_json

    return np.array(_policy_json(policy, command)["params"])


# ---------------------------------------------------------------------------------------------- SB3 side

class Recorder:
    """An SB3 ``VecEnvWrapper`` that keeps what passes through it: the observation batches (reset and every step),
    the rewards, the terminated / truncated flags and the final observations of episodes that ended."""

    def __new__(cls, venv: Any) -> Any:
        from stable_baselines3.common.vec_env import VecEnvWrapper

        class Recorder(VecEnvWrapper):
            def __init__(self, v: Any) -> None:
                super().__init__(v)
                self.obs: list[np.ndarray] = []
                self.steps: list[tuple] = []

            def reset(self) -> Any:
                o = self.venv.reset()
                self.obs.append(np.array(o, dtype=np.float64))
                return o

            def step_wait(self) -> Any:
                o, r, d, infos = self.venv.step_wait()
                self.obs.append(np.array(o, dtype=np.float64))
                trunc = np.array([bool(i.get("TimeLimit.truncated", False)) for i in infos])
                term = np.asarray(d, dtype=bool) & ~trunc
                final = [np.asarray(i["terminal_observation"], dtype=np.float64) if dd else None
                         for i, dd in zip(infos, d)]
                self.steps.append((np.array(r, dtype=np.float64), term, trunc, final))
                return o, r, d, infos

        return Recorder(venv)


def make_env(command: str, env_id: str, n_envs: int, seed: int, kwargs: dict, norm_obs: bool, clip_obs: float,
              gamma: float) -> tuple[Any, Any, Any]:
    from stable_baselines3.common.vec_env import VecNormalize

    from jmegym.sb3 import make_vec_env

    try:
        base = make_vec_env(env_id if env_id.startswith("jmegym/") else "jmegym/" + env_id, n_envs, seed=seed,
                            env_kwargs=kwargs, monitor=False)
    except Exception as e:  # unknown id or kwargs: the bridge names them
        raise BadInput(f"{command}: cannot make env {env_id!r}: {e}") from e
    inner = Recorder(base)
    venv = VecNormalize(inner, norm_obs=True, norm_reward=False, clip_obs=clip_obs, gamma=gamma) if norm_obs \
        else inner
    outer = Recorder(venv)
    return outer, inner, venv


def np_(t: Any) -> np.ndarray:
    return t.detach().cpu().double().numpy().reshape(-1)




def collect_rollout(model: Any, env: Any, inner: Any, c: dict, total: int) -> dict:
    """``learn()``'s first iteration cut before ``train()``: setup (resets the env), one rollout, the progress; returns
    the rollout in the Java buffer's order (:func:`rollout`)."""
    from stable_baselines3.common.utils import obs_as_tensor

    _, callback = model._setup_learn(total, None, True, "crosscheck", False)
    callback.on_training_start(locals(), globals())
    model.collect_rollouts(model.env, callback, model.rollout_buffer, n_rollout_steps=int(c["nSteps"]))
    model._update_current_progress_remaining(model.num_timesteps, total)
    return rollout(model, env, inner, c, obs_as_tensor)


def java_input(c: dict, initial: dict, model: Any, sb3: dict, inner: Any) -> dict:
    """The input fields every ``jmegym crosscheck <algo>`` reads (``HandedIn``): config, weights, progress, rollout,
    gSDE's exploration matrices, the raw observations the normalizer saw."""
    out = {"config": c, "policy": initial, "progress_remaining": float(model._current_progress_remaining),
           "rollout": {k: listed(v) for k, v in sb3["rollout"].items()}}
    if "exploration" in sb3:
        out["exploration"] = sb3["exploration"]
    if c["normalizeObservation"]:
        out["obs_norm"] = {"raw": np.concatenate([o.reshape(-1) for o in inner.obs]).tolist()}
    return out


def rollout_rows(sb3: dict, java: dict, tolerances: dict[str, Tolerance]) -> list[Row]:
    """The rollout-level rows: the Java network's view of SB3's rollout, the time-limit bootstrap, GAE."""
    t = tolerances
    rows: list[Row] = []
    ro = sb3["rollout"]
    if "normalized_obs" in java:
        rows.append(diff("normalized_obs", java["normalized_obs"], sb3["normalized_obs"], t["normalized_obs"]))
    rows.append(diff("values", java["values"], ro["values"], t["values"]))
    rows.append(diff("log_probs", java["log_probs"], ro["log_probs"], t["log_probs"]))
    rows.append(diff("last_values", java["last_values"], ro["last_values"], t["last_values"]))
    trunc = np.asarray(ro["truncated"]) & ~np.asarray(ro["terminated"])
    rows.append(diff("truncation_values", np.asarray(java["truncation_values"])[trunc],
                     np.asarray(ro["truncation_values"])[trunc], t["truncation_values"],
                     f"{int(trunc.sum())} truncated steps"))
    if "sde_actions" in java:
        rows.append(diff("sde_actions", java["sde_actions"], ro["actions"], t["sde_actions"],
                         "actions from SB3's exploration matrices"))
    rows.append(diff("rewards", java["rewards"], sb3["buffer_rewards"], t["rewards"], "after the time-limit bootstrap"))
    rows.append(diff("advantages", java["advantages"], sb3["advantages"], t["advantages"], "GAE"))
    rows.append(diff("returns", java["returns"], sb3["returns"], t["returns"]))
    return rows


#: The rollout-level tolerances (see docs/crosscheck.md): the same float32 network on both sides, GAE in double.
ROLLOUT_TOLERANCES: dict[str, Tolerance] = {
    "normalized_obs": Tolerance(1e-5, 1e-6),
    "values": Tolerance(1e-5, 1e-6),
    "log_probs": Tolerance(1e-5, 1e-5),
    "last_values": Tolerance(1e-5, 1e-6),
    "truncation_values": Tolerance(1e-5, 1e-6),
    "sde_actions": Tolerance(1e-5, 1e-6),
    "rewards": Tolerance(1e-6, 1e-6),
    "advantages": Tolerance(1e-5, 1e-5),
    "returns": Tolerance(1e-5, 1e-5),
}


def adam_param_tolerance(rtol: float, lr: float, steps: int) -> Tolerance:
    """The tolerance of parameters after ``steps`` Adam steps from equal parameters: each step moves a parameter by at
    most ~lr, and a gradient entry at rounding level (|g| < 1e-7) by at most ~lr * |g| / (|g| + eps) < lr * 1e-2."""
    return Tolerance(rtol, lr * 1e-2 * steps)


def report(headline: str, notes: list[str], rows: list[Row], json_path: str | None) -> int:
    """Prints the table and the verdict, writes the JSON report; returns 1 when a row is beyond tolerance, else 0."""
    print(headline)
    for note in notes:
        print("note: " + note)
    print(table(rows))
    bad = [r.quantity for r in rows if not r.ok]
    print("differences beyond tolerance: " + ", ".join(bad) if bad else "all quantities within tolerance")
    if json_path:
        Path(json_path).write_text(json.dumps({"rows": [r.__dict__ for r in rows], "notes": notes}, indent=1))
    return 1 if bad else 0


def run_guarded(command: str, body: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Runs a cross-check's body; :class:`BadInput` prints one line and returns 2."""
    try:
        return body(args)
    except BadInput as e:
        print(str(e) if str(e).startswith("crosscheck") else f"{command}: {e}", file=sys.stderr)
        return 2


def module_main(name: str, add_parser: Callable[[Any], Any], argv: list[str] | None) -> int:
    """``python -m jmegym.crosscheck.<name> ...``, the same as ``python -m jmegym.crosscheck <name> ...``."""
    parser = argparse.ArgumentParser(prog=f"python -m jmegym.crosscheck.{name}")
    sub = parser.add_subparsers(dest="command")
    add_parser(sub)
    try:
        args = parser.parse_args([name, *(sys.argv[1:] if argv is None else argv)])
    except SystemExit as e:
        return int(e.code or 0)
    return int(args.func(args))


def add_common_arguments(p: argparse.ArgumentParser, config_help: str) -> None:
    """``--env``, ``--config``, ``--seed``, ``-k`` and ``--json``."""
    p.add_argument("--env", required=True, metavar="ID", help="a jmegym env id, e.g. CartPole-v1")
    p.add_argument("--config", metavar="FILE", help=config_help)
    p.add_argument("--seed", type=int, default=0, help="seeds SB3 (weights, actions) and the env (default 0)")
    p.add_argument("-k", "--kwarg", action="append", default=[], metavar="KEY=VALUE",
                   help="env kwarg (JSON value or string), repeatable, e.g. -k action_type=multi_discrete")
    p.add_argument("--json", metavar="FILE", help="also write the table and every compared array as JSON")


# ---------------------------------------------------------------------------------------------- rollout handover

def env_kwargs(command: str, items: list[str]) -> dict:
    """The ``-k KEY=VALUE`` env kwargs (JSON values, else strings)."""
    out = {}
    for it in items:
        key, sep, value = it.partition("=")
        if not sep or not key:
            raise BadInput(f"{command}: -k {it!r}: expected KEY=VALUE")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


def java_rows(perm: np.ndarray, n_steps: int, n_envs: int) -> np.ndarray:
    """SB3's flattened buffer is sub-env-major (row ``e * n_steps + t``, after ``swap_and_flatten``); the Java
    buffer is step-major (row ``t * n_envs + e``): the same samples in the same order, in Java's row numbers."""
    e, t = np.divmod(perm, n_steps)
    return t * n_envs + e


def listed(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        return v.astype(np.float64 if v.dtype != bool else bool).reshape(-1).tolist()
    return v


def rollout(model: Any, env: Any, inner: Any, c: dict, obs_as_tensor: Any) -> dict:
    """The rollout SB3 collected, in the Java buffer's row order (step-major, then sub-env)."""
    import torch as th

    buf = model.rollout_buffer
    n_envs, n_steps = int(c["nEnvs"]), int(c["nSteps"])
    n = n_envs * n_steps
    obs_dim = int(np.prod(model.observation_space.shape))
    steps = env.steps[-n_steps:]
    rewards = np.stack([s[0] for s in steps]).reshape(-1)
    term = np.stack([s[1] for s in steps]).reshape(-1)
    trunc = np.stack([s[2] for s in steps]).reshape(-1)
    terminal_obs = np.zeros((n, obs_dim))
    tvals = np.zeros(n)
    for t, s in enumerate(steps):
        for e, f in enumerate(s[3]):
            if f is not None and s[2][e]:
                terminal_obs[t * n_envs + e] = f.reshape(-1)
    with th.no_grad():
        if trunc.any():
            # SB3's own call in collect_rollouts (same weights: no update happened since)
            idx = np.flatnonzero(trunc)
            tv = model.policy.predict_values(obs_as_tensor(terminal_obs[idx].astype(np.float32), "cpu"))
            tvals[idx] = tv.numpy().reshape(-1)
        last = model.policy.predict_values(obs_as_tensor(model._last_obs, "cpu")).numpy().reshape(-1)
    out: dict[str, Any] = {
        "rollout": {
            "n_steps": n_steps, "n_envs": n_envs,
            "obs": buf.observations.reshape(n, -1), "actions": buf.actions.reshape(n, -1),
            "rewards": rewards, "terminated": term, "truncated": trunc, "truncation_values": tvals,
            "terminal_obs": terminal_obs, "values": buf.values.reshape(-1), "log_probs": buf.log_probs.reshape(-1),
            "last_values": last, "next_obs": np.asarray(model._last_obs, dtype=np.float64).reshape(-1),
        },
        "buffer_rewards": buf.rewards.reshape(-1).astype(np.float64),
        "advantages": buf.advantages.reshape(-1).astype(np.float64),
        "returns": buf.returns.reshape(-1).astype(np.float64),
    }
    if c["normalizeObservation"]:
        out["normalized_obs"] = np.concatenate([o.reshape(-1) for o in env.obs])
    if c["useSde"] and int(c["sdeSampleFreq"]) == -1:
        d = model.policy.action_dist
        mats = d.exploration_mat.unsqueeze(0) if n_envs == 1 else d.exploration_matrices
        out["exploration"] = mats.detach().double().numpy().reshape(-1).tolist()
    return out



# ---------------------------------------------------------------------------------------------- the table

@dataclass
class Row:
    quantity: str
    n: int
    max_abs: float
    max_rel: float
    ok: bool
    note: str = ""


def diff(name: str, java: Any, ref: Any, tol: Tolerance, note: str = "") -> Row:
    j = np.asarray(java, dtype=np.float64).reshape(-1)
    r = np.asarray(ref, dtype=np.float64).reshape(-1)
    if j.shape != r.shape:
        return Row(name, max(j.size, r.size), math.inf, math.inf, False, f"shapes {j.shape} vs {r.shape}")
    if j.size == 0:
        return Row(name, 0, 0.0, 0.0, True, note or "nothing to compare")
    both_nan = np.isnan(j) & np.isnan(r)
    d = np.where(both_nan, 0.0, np.abs(j - r))
    d = np.where(np.isnan(d), math.inf, d)
    rel = d / np.maximum(np.abs(r), 1e-12)
    ok = bool(np.all(d <= tol.atol + tol.rtol * np.abs(np.where(both_nan, 0.0, r))))
    return Row(name, int(j.size), float(d.max()), float(rel.max()), ok, note)


def merge(rows: list[Row]) -> Row:
    first = rows[0]
    return Row(first.quantity, sum(r.n for r in rows), max(r.max_abs for r in rows), max(r.max_rel for r in rows),
               all(r.ok for r in rows), "; ".join(sorted({r.note for r in rows if r.note})))


def table(rows: list[Row]) -> str:
    lines = [f"{'quantity':<20} {'n':>7} {'max abs diff':>13} {'max rel diff':>13}  ok   note"]
    for r in rows:
        lines.append(f"{r.quantity:<20} {r.n:>7} {r.max_abs:>13.3e} {r.max_rel:>13.3e}  "
                     f"{'yes' if r.ok else 'NO ':<4} {r.note}")
    return "\n".join(lines)
