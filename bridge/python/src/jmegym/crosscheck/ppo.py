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
import sys
from typing import Any

import numpy as np

from .updates import (ROLLOUT_TOLERANCES, adam_param_tolerance, add_common_arguments, collect_rollout, diff,
                      find_full_jar, java_input, java_json, java_rows, make_env, merge, module_main, network_kwargs,
                      np_, opened, refuse, refuse_untwinned, report, rollout_rows, Row, run_guarded, sb3_params,
                      Tolerance)

__all__ = ["add_parser", "run", "find_full_jar", "sb3_kwargs", "Tolerance", "TOLERANCES"]

_COMMAND = "crosscheck ppo"


# Why these numbers (docs/crosscheck.md): SB3 computes in float32 torch; the Java trainer's network runs in
# float32 (ND4J DataType.FLOAT, OpenBLAS sgemm) while its loss, GAE and Adam run in double. Quantities computed
# from the same float32 inputs differ by float32 rounding of a few operations (rtol 1e-5, ~100 ulps); losses and
# norms are sums of a minibatch of such terms; the parameters move by Adam steps whose size is lr * m / sqrt(v), so
# a rounding-level gradient entry can move a parameter by up to ~lr * 1e-2 (eps = 1e-5 bounds it), which the
# absolute tolerance of the parameters allows per optimizer step.
TOLERANCES: dict[str, Tolerance] = {
    **ROLLOUT_TOLERANCES,
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


# ---------------------------------------------------------------------------------------------- the config

#: Java fields with no effect on one update of a handed-in rollout (scheduling, files, other algorithms).
_NO_EFFECT = ("updateMode", "sliceBudgetMillis", "checkpointEvery", "orthoInit", "delta", "cgMaxSteps",
              "cgDamping", "lineSearchShrink", "lineSearchMaxIter", "nCriticUpdates", "npgStepSize", "rhoBar", "cBar")


def sb3_kwargs(c: dict) -> tuple[dict, list[str]]:
    """SB3 ``PPO`` keyword arguments for a full Java ``PpoConfig`` (as ``jmegym crosscheck config`` writes it), and
    notes on what has no SB3 twin but is still compared. Raises :class:`BadInput` naming a setting SB3 cannot
    reproduce."""
    notes: list[str] = []
    if c["algo"] != "ppo":
        refuse(_COMMAND, c, "algo", "SB3's PPO is PPO-clip; ppo-kl's unclipped surrogate is not in SB3, trpo/npg are "
                       "`crosscheck trpo`")
    refuse_untwinned(_COMMAND, c)
    total = int(c["totalSteps"])
    lr, clip = float(c["learningRate"]), float(c["clipRange"])
    kw: dict[str, Any] = dict(
        network_kwargs(c), n_epochs=int(c["epochs"]),
        learning_rate=(lambda p, lr=lr: p * lr) if c["annealLearningRate"] else lr,
        clip_range=(lambda p, clip=clip: p * clip) if c["annealClipRange"] else clip,
        clip_range_vf=None if c["clipRangeVf"] is None else float(c["clipRangeVf"]),
        ent_coef=float(c["entCoef"]), vf_coef=float(c["vfCoef"]), max_grad_norm=float(c["maxGradNorm"]),
        target_kl=None)
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
        return sb3_params(self.model.policy, _COMMAND)

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
                        epoch=int(loc["epoch"]), ratio=np_(loc["ratio"]), advantages=np_(loc["advantages"]),
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


# ---------------------------------------------------------------------------------------------- the check

def _compare(c: dict, sb3: dict, java: dict) -> list[Row]:
    t = TOLERANCES
    rows = rollout_rows(sb3, java, t)

    jm, sm = java["minibatches"], sb3["minibatches"]
    mode, target = c["klMode"], c["targetKl"]
    penalty = mode == "ADAPTIVE_PENALTY"
    n_cmp = 1 if penalty else min(len(jm), len(sm))
    per = {k: [] for k in ("advantages", "ratio", "policy_loss", "value_loss", "entropy", "approx_kl",
                           "clip_fraction", "grad_norm")}
    for a, b in zip(jm[:n_cmp], sm[:n_cmp]):
        for k in per:
            per[k].append(diff("mb." + k, a[k], b[k], t["mb." + k], f"{n_cmp} minibatches"))
    for k, rs in per.items():
        if rs:
            rows.append(merge(rs))

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
        rows.append(merge([diff("epoch.params", je[k], se[k], _param_tolerance(lr, (k + 1) * nmb),
                                  f"{n_ep} epochs") for k in range(n_ep)]))
    if not penalty and mode == "EARLY_STOP_EPOCH" and target is not None and s_stop is not None:
        ref_final = se[s_stop[0]] if s_stop[0] < len(se) else sb3["final_params"]
    else:
        ref_final = sb3["final_params"]
    if not penalty:
        steps = sum(1 for m in jm if not m["stopped"])
        rows.append(diff("final_params", java["final_params"], ref_final, _param_tolerance(lr, max(steps, 1))))
    return rows


def _param_tolerance(lr: float, steps: int) -> Tolerance:
    return adam_param_tolerance(TOLERANCES["final_params"].rtol, lr, steps)


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


# ---------------------------------------------------------------------------------------------- the command

def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Adds the ``ppo`` subcommand."""
    p = subparsers.add_parser(
        "ppo", help="one PPO update of the Java trainer against Stable-Baselines3, update for update",
        description="Runs SB3's PPO and the Java PPO on the same rollout (collected by SB3 on the bridged env), the "
                    "same initial weights and the same minibatch permutations, and compares every intermediate. "
                    "Exit code 0 when all agree within tolerance, 1 otherwise, 2 for bad input.")
    add_common_arguments(p, "a Java PpoConfig JSON file: its fields over the env's preset, as ./jmegym train "
                            "--config uses it; default: the preset alone")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Runs the check; returns 0 (agree), 1 (a difference) or 2 (bad input), printing the table."""
    return run_guarded(_COMMAND, _run, args)


def _run(args: argparse.Namespace) -> int:
    from stable_baselines3 import PPO

    from jmegym.sb3 import _policy_json

    with opened(_COMMAND, args, sb3_kwargs) as (jar, tmpd, java_id, kwargs, c, kw, notes, total, n_envs, n_steps):
        env, inner, norm = make_env(_COMMAND, java_id, n_envs, args.seed, kwargs, bool(c["normalizeObservation"]),
                                    float(c["clipObservation"]), float(c["gamma"]))
        try:
            model = PPO("MlpPolicy", env, seed=args.seed, device="cpu", verbose=0, **kw)
            initial = _policy_json(model.policy, _COMMAND)
            sb3 = collect_rollout(model, env, inner, c, total)
            rng = np.random.default_rng(args.seed)
            perms = [rng.permutation(n_steps * n_envs) for _ in range(int(c["epochs"]))]
            probe = _Sb3Probe(model, perms)
            probe.run_train()
        finally:
            env.close()
        sb3.update(minibatches=probe.minibatches, epoch_params=probe.epoch_params,
                   final_params=sb3_params(model.policy, _COMMAND))
        java_in = dict(java_input(c, initial, model, sb3, inner),
                       permutations=[java_rows(p, n_steps, n_envs).tolist() for p in perms])
        (tmpd / "in.json").write_text(json.dumps(java_in))
        java = java_json(jar, ["crosscheck", "ppo", "--in", str(tmpd / "in.json")], tmpd / "out.json")
    rows = _compare(c, sb3, java)
    return report(f"{_COMMAND}: {java_id}, seed {args.seed}, {n_envs} x {n_steps} steps, {c['epochs']} epochs of "
                  f"{n_steps * n_envs // int(c['batchSize'])} minibatches; SB3 float32 torch, Java {java['dtype']} "
                  "network with double loss and Adam", notes, rows, args.json)


def main(argv: list[str] | None = None) -> int:
    """``python -m jmegym.crosscheck.ppo ...`` (the same as ``python -m jmegym.crosscheck ppo ...``)."""
    return module_main("ppo", add_parser, argv)


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
