"""``python -m jmegym.crosscheck ppo``: the Java PPO update against Stable-Baselines3's, on the same data.

Builds SB3's ``PPO`` and the Java trainer's update with the same hyperparameters (the Java ``PpoConfig`` mapped to
SB3's arguments; a setting without an SB3 twin is refused, naming it), copies SB3's initial weights into the Java
network (``jmegym.sb3``'s policy mapping), collects one rollout with SB3 on the bridged env, and hands the identical
rollout and minibatch permutations to both. SB3 runs its own ``PPO.train()`` (its intermediates are read from the
running frame, nothing is recomputed); the Java side runs its real update path in a JVM subprocess of the full jar
(``jmegym crosscheck ppo``, see ``agent.crosscheck.PpoCrossCheck``). The table lists the largest difference per
quantity; exit code 0 when all are within tolerance, 1 otherwise, 2 for bad input. See docs/crosscheck.md.
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["add_parser", "run", "find_full_jar", "sb3_kwargs", "Tolerance", "TOLERANCES"]

#: A class only the full CLI jar holds (the slim gateway jar has no ND4J and no trainer).
_JAVA_ENTRY = "io/github/jmegym/agent/crosscheck/CrossCheckCommand.class"
_BUILD_HINT = ("build it in the jmegym checkout with `mvn -B -ntp -pl bridge -am package -DskipTests` (or run "
               "`./jmegym --version`, which builds it) and/or set JMEGYM_JAR to bridge/target/jmegym.jar")


class BadInput(Exception):
    """A setting, file or env the cross-check cannot run with (exit code 2)."""


@dataclass(frozen=True)
class Tolerance:
    """``|java - sb3| <= atol + rtol * |sb3|`` elementwise."""

    rtol: float
    atol: float

    def ok(self, java: np.ndarray, ref: np.ndarray) -> bool:
        return bool(np.all(np.abs(java - ref) <= self.atol + self.rtol * np.abs(ref)))


# Why these numbers (docs/crosscheck.md): SB3 computes in float32 torch; the Java trainer's network runs in
# float32 (ND4J DataType.FLOAT, OpenBLAS sgemm) while its loss, GAE and Adam run in double. Quantities computed
# from the same float32 inputs differ by float32 rounding of a few operations (rtol 1e-5, ~100 ulps); losses and
# norms are sums of a minibatch of such terms; the parameters move by Adam steps whose size is lr * m / sqrt(v), so
# a rounding-level gradient entry can move a parameter by up to ~lr * 1e-2 (eps = 1e-5 bounds it), which the
# absolute tolerance of the parameters allows per optimizer step.
TOLERANCES: dict[str, Tolerance] = {
    "normalized_obs": Tolerance(1e-5, 1e-6),
    "values": Tolerance(1e-5, 1e-6),
    "log_probs": Tolerance(1e-5, 1e-5),
    "last_values": Tolerance(1e-5, 1e-6),
    "truncation_values": Tolerance(1e-5, 1e-6),
    "sde_actions": Tolerance(1e-5, 1e-6),
    "rewards": Tolerance(1e-6, 1e-6),
    "advantages": Tolerance(1e-5, 1e-5),
    "returns": Tolerance(1e-5, 1e-5),
    "mb.advantages": Tolerance(1e-4, 1e-5),
    "mb.ratio": Tolerance(1e-5, 1e-6),
    "mb.policy_loss": Tolerance(1e-4, 1e-6),
    "mb.value_loss": Tolerance(1e-4, 1e-6),
    "mb.entropy": Tolerance(1e-5, 1e-6),
    "mb.approx_kl": Tolerance(1e-3, 1e-7),
    "mb.clip_fraction": Tolerance(0.0, 1e-9),
    "mb.grad_norm": Tolerance(1e-4, 1e-6),
    "epoch.params": Tolerance(1e-4, 0.0),  # atol: lr-scaled, see _param_tolerance
    "final_params": Tolerance(1e-4, 0.0),
}


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
    raise BadInput("crosscheck ppo needs the full jmegym jar (bridge/target/jmegym.jar, with ND4J and the Java "
                   f"trainer; the gateway jar packed into this package has neither){said}: " + _BUILD_HINT)


def _is_full(jar: Path) -> bool:
    try:
        with zipfile.ZipFile(jar) as z:
            return _JAVA_ENTRY in set(z.namelist())
    except (OSError, zipfile.BadZipFile):
        return False


def _java(jar: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    from jmegym.bridge import find_java

    cmd = [find_java(), "-Xmx2g", "-jar", str(jar), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def _java_json(jar: Path, args: list[str], out: Path) -> dict:
    p = _java(jar, *args, "--out", str(out))
    if p.returncode == 2:
        raise BadInput(p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"java {' '.join(args)} exited 2")
    if p.returncode != 0:
        raise RuntimeError(f"java -jar {jar} {' '.join(args)} exited {p.returncode}:\n{p.stderr[-4000:]}")
    return json.loads(out.read_text())


# ---------------------------------------------------------------------------------------------- the config

#: Java fields with no effect on one update of a handed-in rollout (scheduling, files, other algorithms).
_NO_EFFECT = ("updateMode", "sliceBudgetMillis", "checkpointEvery", "orthoInit", "delta", "cgMaxSteps",
              "cgDamping", "lineSearchShrink", "lineSearchMaxIter", "nCriticUpdates", "npgStepSize", "rhoBar", "cBar")


def sb3_kwargs(c: dict) -> tuple[dict, list[str]]:
    """SB3 ``PPO`` keyword arguments for a full Java ``PpoConfig`` (as ``jmegym crosscheck config`` writes it), and
    notes on what has no SB3 twin but is still compared. Raises :class:`BadInput` naming a setting SB3 cannot
    reproduce."""
    from torch import nn

    def refuse(field: str, why: str) -> None:
        raise BadInput(f"crosscheck ppo: {field}={c[field]!r} has no Stable-Baselines3 twin ({why}); change it in "
                       "the config to cross-check the rest")

    notes: list[str] = []
    if c["algo"] != "ppo":
        refuse("algo", "SB3's PPO is PPO-clip; ppo-kl's unclipped surrogate is not in SB3, trpo/npg are "
                       "`crosscheck trpo`")
    if c["sharedNetwork"]:
        refuse("sharedNetwork", "SB3 2.x MlpPolicy has separate pi and vf networks")
    if c["normalizeReward"]:
        refuse("normalizeReward", "the Java reward scaling runs inside PpoTrainer's collection, which this tool "
                                  "replaces by SB3's rollout; it is compared by `crosscheck curves` only")
    if c["lagCorrection"] != "none":
        refuse("lagCorrection", "SB3 updates on the rollout of the current policy; there is no policy lag")
    total = int(c["totalSteps"])
    lr, clip = float(c["learningRate"]), float(c["clipRange"])
    kw: dict[str, Any] = dict(
        n_steps=int(c["nSteps"]), batch_size=int(c["batchSize"]), n_epochs=int(c["epochs"]),
        gamma=float(c["gamma"]), gae_lambda=float(c["gaeLambda"]),
        learning_rate=(lambda p, lr=lr: p * lr) if c["annealLearningRate"] else lr,
        clip_range=(lambda p, clip=clip: p * clip) if c["annealClipRange"] else clip,
        clip_range_vf=None if c["clipRangeVf"] is None else float(c["clipRangeVf"]),
        ent_coef=float(c["entCoef"]), vf_coef=float(c["vfCoef"]), max_grad_norm=float(c["maxGradNorm"]),
        normalize_advantage=bool(c["normalizeAdvantage"]), use_sde=bool(c["useSde"]),
        sde_sample_freq=int(c["sdeSampleFreq"]), target_kl=None)
    act = {"TANH": nn.Tanh, "RELU": nn.ReLU}[c["activation"]]
    kw["policy_kwargs"] = dict(net_arch=dict(pi=list(c["policyHidden"]), vf=list(c["valueHidden"])),
                               activation_fn=act, log_std_init=float(c["logStdInit"]),
                               optimizer_kwargs=dict(eps=float(c["adamEpsilon"])))
    if c["useSde"]:
        kw["policy_kwargs"].update(full_std=True, use_expln=False)
    mode = c["klMode"]
    if c["targetKl"] is not None:
        if mode == "EARLY_STOP_MINIBATCH":
            kw["target_kl"] = float(c["targetKl"])
        elif mode == "EARLY_STOP_EPOCH":
            notes.append("klMode=EARLY_STOP_EPOCH (CleanRL's rule) has no SB3 twin: SB3 runs without target_kl and "
                         "the rule's decision is taken on SB3's numbers (last minibatch's approx KL > targetKl)")
    if mode == "ADAPTIVE_PENALTY":
        notes.append("klMode=ADAPTIVE_PENALTY has no SB3 twin: SB3 runs without target_kl and the two are compared "
                     "up to the first optimizer step (where the penalty's gradient beta * (r - 1) is zero); beta's "
                     "adaptation is reported, not compared")
    if c["normalizeAdvantage"] and c.get("normalizeAdvantageOverBatch"):
        notes.append("normalizeAdvantageOverBatch=true has no SB3 twin (SB3 normalizes per minibatch): expect the "
                     "minibatch advantages and everything after them to differ")
    ignored = [k for k in _NO_EFFECT if k in c]
    notes.append("without effect on one update of a handed-in rollout, not mapped: " + ", ".join(ignored))
    return dict(kw, _total=total), notes


# ---------------------------------------------------------------------------------------------- SB3 side

class _Recorder:
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


def _make_env(env_id: str, n_envs: int, seed: int, kwargs: dict, norm_obs: bool, clip_obs: float,
              gamma: float) -> tuple[Any, Any, Any]:
    from stable_baselines3.common.vec_env import VecNormalize

    from jmegym.sb3 import make_vec_env

    try:
        base = make_vec_env(env_id if env_id.startswith("jmegym/") else "jmegym/" + env_id, n_envs, seed=seed,
                            env_kwargs=kwargs, monitor=False)
    except Exception as e:  # unknown id or kwargs: the bridge names them
        raise BadInput(f"crosscheck ppo: cannot make env {env_id!r}: {e}") from e
    inner = _Recorder(base)
    venv = VecNormalize(inner, norm_obs=True, norm_reward=False, clip_obs=clip_obs, gamma=gamma) if norm_obs \
        else inner
    outer = _Recorder(venv)
    return outer, inner, venv


class _Sb3Probe:
    """Reads SB3's ``PPO.train()`` as it runs: its locals after each minibatch's approx KL (ratio, losses,
    normalized advantages, clip fraction), the gradient norm ``clip_grad_norm_`` returns, the parameters after each
    completed epoch, with the permutations of its ``RolloutBuffer.get`` replaced by the given ones."""

    def __init__(self, model: Any, perms: list[np.ndarray]) -> None:
        self.model = model
        self.perms = perms
        self.minibatches: list[dict] = []
        self.epoch_params: list[np.ndarray] = []

    def _params(self) -> np.ndarray:
        from jmegym.sb3 import _policy_json

        return np.array(_policy_json(self.model.policy, "crosscheck ppo")["params"])

    def run_train(self) -> None:
        import torch as th

        model, perms, mbs = self.model, iter(self.perms), self.minibatches
        code = type(model).train.__code__
        last = [None]

        def local(frame: Any, event: str, arg: Any) -> Any:
            if event == "line":
                loc = frame.f_locals
                kl = loc.get("approx_kl_div")
                if kl is not None and kl is not last[0]:
                    last[0] = kl
                    mbs.append(dict(
                        epoch=int(loc["epoch"]), ratio=_np(loc["ratio"]), advantages=_np(loc["advantages"]),
                        policy_loss=float(loc["policy_loss"].item()), value_loss=float(loc["value_loss"].item()),
                        entropy=-float(loc["entropy_loss"].item()), approx_kl=float(kl),
                        clip_fraction=float(loc["clip_fraction"]), grad_norm=math.nan))
            return local

        def tracer(frame: Any, event: str, arg: Any) -> Any:
            return local if frame.f_code is code else None

        real_clip, real_perm = th.nn.utils.clip_grad_norm_, np.random.permutation
        buf = model.rollout_buffer
        real_get = buf.get

        def clip_grad_norm_(*a: Any, **k: Any) -> Any:
            norm = real_clip(*a, **k)
            mbs[-1]["grad_norm"] = float(norm)
            return norm

        def permutation(n: Any) -> np.ndarray:
            p = next(perms)
            if len(p) != n:
                raise AssertionError(f"SB3 asked for a permutation of {n}, have {len(p)}")
            return p.copy()

        def get(batch_size: Any = None) -> Any:
            yield from real_get(batch_size)
            self.epoch_params.append(self._params())  # only reached when the epoch ran to its end

        th.nn.utils.clip_grad_norm_, np.random.permutation, buf.get = clip_grad_norm_, permutation, get
        sys.settrace(tracer)
        try:
            model.train()
        finally:
            sys.settrace(None)
            th.nn.utils.clip_grad_norm_, np.random.permutation = real_clip, real_perm
            del buf.get
        for mb in mbs:
            mb["stopped"] = math.isnan(mb["grad_norm"])


def _np(t: Any) -> np.ndarray:
    return t.detach().cpu().double().numpy().reshape(-1)


# ---------------------------------------------------------------------------------------------- the check

@dataclass
class Row:
    quantity: str
    n: int
    max_abs: float
    max_rel: float
    ok: bool
    note: str = ""


def _diff(name: str, java: Any, ref: Any, tol: Tolerance, note: str = "") -> Row:
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


def _merge(rows: list[Row]) -> Row:
    first = rows[0]
    return Row(first.quantity, sum(r.n for r in rows), max(r.max_abs for r in rows), max(r.max_rel for r in rows),
               all(r.ok for r in rows), "; ".join(sorted({r.note for r in rows if r.note})))


def _compare(c: dict, sb3: dict, java: dict) -> list[Row]:
    t = TOLERANCES
    rows: list[Row] = []
    ro = sb3["rollout"]
    if "normalized_obs" in java:
        rows.append(_diff("normalized_obs", java["normalized_obs"], sb3["normalized_obs"], t["normalized_obs"]))
    rows.append(_diff("values", java["values"], ro["values"], t["values"]))
    rows.append(_diff("log_probs", java["log_probs"], ro["log_probs"], t["log_probs"]))
    rows.append(_diff("last_values", java["last_values"], ro["last_values"], t["last_values"]))
    trunc = np.asarray(ro["truncated"]) & ~np.asarray(ro["terminated"])
    rows.append(_diff("truncation_values", np.asarray(java["truncation_values"])[trunc],
                      np.asarray(ro["truncation_values"])[trunc], t["truncation_values"],
                      f"{int(trunc.sum())} truncated steps"))
    if "sde_actions" in java:
        rows.append(_diff("sde_actions", java["sde_actions"], ro["actions"], t["sde_actions"],
                          "actions from SB3's exploration matrices"))
    rows.append(_diff("rewards", java["rewards"], sb3["buffer_rewards"], t["rewards"], "after the time-limit bootstrap"))
    rows.append(_diff("advantages", java["advantages"], sb3["advantages"], t["advantages"], "GAE"))
    rows.append(_diff("returns", java["returns"], sb3["returns"], t["returns"]))

    jm, sm = java["minibatches"], sb3["minibatches"]
    mode, target = c["klMode"], c["targetKl"]
    penalty = mode == "ADAPTIVE_PENALTY"
    n_cmp = 1 if penalty else min(len(jm), len(sm))
    per = {k: [] for k in ("advantages", "ratio", "policy_loss", "value_loss", "entropy", "approx_kl",
                           "clip_fraction", "grad_norm")}
    for a, b in zip(jm[:n_cmp], sm[:n_cmp]):
        for k in per:
            per[k].append(_diff("mb." + k, a[k], b[k], t["mb." + k], f"{n_cmp} minibatches"))
    for k, rs in per.items():
        if rs:
            rows.append(_merge(rs))

    # decisions: where each side stopped (or where CleanRL's rule would stop on SB3's numbers)
    j_stop = _java_stop(jm, java["epochs"])
    if penalty:
        rows.append(Row("decision.kl_penalty", 1, 0.0, 0.0, True,
                        f"no SB3 twin; Java beta next update {java['kl_beta_next']:g}"))
        s_stop = None
    else:
        s_stop = _sb3_stop(sm, mode, target, int(c["batchSize"]), int(c["nSteps"]) * int(c["nEnvs"]))
        same = j_stop == s_stop
        rows.append(Row("decision.early_stop", 1, 0.0 if same else 1.0, 0.0 if same else 1.0, same,
                        f"java {_stop_text(j_stop)}, sb3 {_stop_text(s_stop)}"))

    # parameters: after each epoch both completed, and after the update
    lr = float(c["learningRate"])
    nmb = int(c["nSteps"]) * int(c["nEnvs"]) // int(c["batchSize"])
    je, se = [np.asarray(e["params"]) for e in java["epochs"]], sb3["epoch_params"]
    if penalty:
        je, se = [], []
    n_ep = min(len(je), len(se))
    if n_ep:
        rows.append(_merge([_diff("epoch.params", je[k], se[k], _param_tolerance(lr, (k + 1) * nmb),
                                  f"{n_ep} epochs") for k in range(n_ep)]))
    if not penalty and mode == "EARLY_STOP_EPOCH" and target is not None and s_stop is not None:
        ref_final = se[s_stop[0]] if s_stop[0] < len(se) else sb3["final_params"]
    else:
        ref_final = sb3["final_params"]
    if not penalty:
        steps = sum(1 for m in jm if not m["stopped"])
        rows.append(_diff("final_params", java["final_params"], ref_final, _param_tolerance(lr, max(steps, 1))))
    return rows


def _param_tolerance(lr: float, steps: int) -> Tolerance:
    # each Adam step moves a parameter by at most ~lr; a gradient entry at rounding level moves it by at most
    # ~lr * |g| / (|g| + eps), which stays below lr * 1e-2 for |g| < 1e-7
    return Tolerance(TOLERANCES["final_params"].rtol, lr * 1e-2 * steps)


def _java_stop(mbs: list[dict], epochs: list[dict]) -> tuple[int, int] | None:
    for m in mbs:
        if m["stopped"]:
            return int(m["epoch"]), int(m["minibatch"])
    for e in epochs:
        if e["stopped"]:
            return int(e["epoch"]), -1
    return None


def _sb3_stop(mbs: list[dict], mode: str, target: float | None, batch: int, n: int) -> tuple[int, int] | None:
    per_epoch = n // batch
    if target is None:
        return None
    if mode == "EARLY_STOP_MINIBATCH":
        for i, m in enumerate(mbs):
            if m["stopped"]:
                return int(m["epoch"]), i - int(m["epoch"]) * per_epoch
        return None
    for e in range(len(mbs) // per_epoch):  # CleanRL: after each epoch, on its last minibatch's approx KL
        if mbs[(e + 1) * per_epoch - 1]["approx_kl"] > target:
            return e, -1
    return None


def _stop_text(s: tuple[int, int] | None) -> str:
    if s is None:
        return "ran every epoch"
    return f"stopped after epoch {s[0]}" if s[1] < 0 else f"stopped at epoch {s[0]} minibatch {s[1]}"


def _table(rows: list[Row]) -> str:
    lines = [f"{'quantity':<20} {'n':>7} {'max abs diff':>13} {'max rel diff':>13}  ok   note"]
    for r in rows:
        lines.append(f"{r.quantity:<20} {r.n:>7} {r.max_abs:>13.3e} {r.max_rel:>13.3e}  "
                     f"{'yes' if r.ok else 'NO ':<4} {r.note}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- the command

def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Adds the ``ppo`` subcommand."""
    p = subparsers.add_parser(
        "ppo", help="one PPO update of the Java trainer against Stable-Baselines3, update for update",
        description="Runs SB3's PPO and the Java PPO on the same rollout (collected by SB3 on the bridged env), the "
                    "same initial weights and the same minibatch permutations, and compares every intermediate. "
                    "Exit code 0 when all agree within tolerance, 1 otherwise, 2 for bad input.")
    p.add_argument("--env", required=True, metavar="ID", help="a jmegym env id, e.g. CartPole-v1")
    p.add_argument("--config", metavar="FILE", help="a Java PpoConfig JSON file (its fields over the defaults); "
                                                     "default: the env's preset, as ./jmegym train uses")
    p.add_argument("--seed", type=int, default=0, help="seeds SB3 (weights, actions) and the env (default 0)")
    p.add_argument("-k", "--kwarg", action="append", default=[], metavar="KEY=VALUE",
                   help="env kwarg (JSON value or string), repeatable, e.g. -k action_type=multi_discrete")
    p.add_argument("--json", metavar="FILE", help="also write the table and every compared array as JSON")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Runs the check; returns 0 (agree), 1 (a difference) or 2 (bad input), printing the table."""
    try:
        return _run(args)
    except BadInput as e:
        print(f"crosscheck ppo: {e}" if not str(e).startswith("crosscheck") else str(e), file=sys.stderr)
        return 2


def _kwargs(items: list[str]) -> dict:
    out = {}
    for it in items:
        key, sep, value = it.partition("=")
        if not sep or not key:
            raise BadInput(f"crosscheck ppo: -k {it!r}: expected KEY=VALUE")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


def _run(args: argparse.Namespace) -> int:
    import torch as th
    from stable_baselines3 import PPO
    from stable_baselines3.common.utils import obs_as_tensor

    from jmegym.sb3 import _policy_json

    if args.config is not None and not Path(args.config).is_file():
        raise BadInput(f"crosscheck ppo: --config {args.config!r} does not exist")
    env_kwargs = _kwargs(args.kwarg)
    jar = find_full_jar()
    th.set_num_threads(1)
    with tempfile.TemporaryDirectory(prefix="jmegym-crosscheck-") as tmp:
        tmpd = Path(tmp)
        java_id = args.env.removeprefix("jmegym/")
        cargs = ["crosscheck", "config", "--env", java_id] + (["--config", args.config] if args.config else [])
        c = _java_json(jar, cargs, tmpd / "config.json")
        c.pop("_doc", None)
        for key in ("clipRangeVf", "targetKl"):  # null fields are left out of the file
            c.setdefault(key, None)
        kw, notes = sb3_kwargs(c)
        total = kw.pop("_total")
        n_envs, n_steps = int(c["nEnvs"]), int(c["nSteps"])
        env, inner, norm = _make_env(java_id, n_envs, args.seed, env_kwargs, bool(c["normalizeObservation"]),
                                     float(c["clipObservation"]), float(c["gamma"]))
        try:
            model = PPO("MlpPolicy", env, seed=args.seed, device="cpu", verbose=0, **kw)
            initial = _policy_json(model.policy, "crosscheck ppo")
            # learn()'s first iteration, cut before train(): setup (resets the env), one rollout, progress
            _, callback = model._setup_learn(total, None, True, "crosscheck", False)
            callback.on_training_start(locals(), globals())
            model.collect_rollouts(model.env, callback, model.rollout_buffer, n_rollout_steps=n_steps)
            model._update_current_progress_remaining(model.num_timesteps, total)
            sb3 = _rollout(model, env, inner, c, obs_as_tensor)
            rng = np.random.default_rng(args.seed)
            perms = [rng.permutation(n_steps * n_envs) for _ in range(int(c["epochs"]))]
            probe = _Sb3Probe(model, perms)
            probe.run_train()
        finally:
            env.close()
        sb3.update(minibatches=probe.minibatches, epoch_params=probe.epoch_params,
                   final_params=np.array(_policy_json(model.policy, "crosscheck ppo")["params"]))
        java_in = {
            "config": c, "policy": initial, "progress_remaining": float(model._current_progress_remaining),
            "permutations": [_java_rows(p, n_steps, n_envs).tolist() for p in perms],
            "rollout": {k: _listed(v) for k, v in sb3["rollout"].items()},
        }
        if "exploration" in sb3:
            java_in["exploration"] = sb3["exploration"]
        if c["normalizeObservation"]:
            java_in["obs_norm"] = {"raw": np.concatenate([o.reshape(-1) for o in inner.obs]).tolist()}
        (tmpd / "in.json").write_text(json.dumps(java_in))
        java = _java_json(jar, ["crosscheck", "ppo", "--in", str(tmpd / "in.json")], tmpd / "out.json")
    rows = _compare(c, sb3, java)
    print(f"crosscheck ppo: {java_id}, seed {args.seed}, {n_envs} x {n_steps} steps, {c['epochs']} epochs of "
          f"{n_steps * n_envs // int(c['batchSize'])} minibatches; SB3 float32 torch, Java {java['dtype']} "
          "network with double loss and Adam")
    for note in notes:
        print("note: " + note)
    print(_table(rows))
    bad = [r.quantity for r in rows if not r.ok]
    print("differences beyond tolerance: " + ", ".join(bad) if bad else "all quantities within tolerance")
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": [r.__dict__ for r in rows], "notes": notes}, indent=1))
    return 1 if bad else 0


def _java_rows(perm: np.ndarray, n_steps: int, n_envs: int) -> np.ndarray:
    """SB3's flattened buffer is sub-env-major (row ``e * n_steps + t``, after ``swap_and_flatten``); the Java
    buffer is step-major (row ``t * n_envs + e``): the same samples in the same order, in Java's row numbers."""
    e, t = np.divmod(perm, n_steps)
    return t * n_envs + e


def _listed(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        return v.astype(np.float64 if v.dtype != bool else bool).reshape(-1).tolist()
    return v


def _rollout(model: Any, env: Any, inner: Any, c: dict, obs_as_tensor: Any) -> dict:
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


def main(argv: list[str] | None = None) -> int:
    """``python -m jmegym.crosscheck.ppo ...`` (the same as ``python -m jmegym.crosscheck ppo ...``)."""
    parser = argparse.ArgumentParser(prog="python -m jmegym.crosscheck.ppo")
    sub = parser.add_subparsers(dest="command")
    add_parser(sub)
    try:
        args = parser.parse_args(["ppo", *(sys.argv[1:] if argv is None else argv)])
    except SystemExit as e:
        return int(e.code or 0)
    return run(args)


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
