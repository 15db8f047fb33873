"""``python -m jmegym.crosscheck trpo``: the Java TRPO (and NPG) update against sb3-contrib's ``TRPO``, on the same data.

The Java config (the env's TRPO or NPG preset, or ``--config``) is mapped to sb3-contrib's ``TRPO`` arguments (a
setting without a twin is refused, naming it); SB3's initial weights go into the Java network; SB3 collects one
rollout on the bridged env; both sides get that rollout and the same critic permutations. sb3-contrib runs its own
``TRPO.train()``, read as it runs (its locals at the line search, its conjugate-gradient call, its optimizer steps);
the Java side runs its real update path in a JVM subprocess of the full jar (``jmegym crosscheck trpo``, see
``agent.crosscheck.TrpoCrossCheck``), reporting through ``TrustRegionProbe``. Compared: the rollout quantities, the
surrogate's gradient ``g``, the damped Fisher products of the same vectors (SB3's ``g`` and seeded random ones), the
conjugate-gradient direction ``s``, ``s^T F s`` and ``beta = sqrt(2 delta / s^T F s)``, each line-search candidate's
KL and surrogate and the decisions, the parameters after the policy step, each critic minibatch's loss and the
parameters after it, the final parameters. NPG (sb3-contrib has none) is compared on the parts it shares with TRPO
and its fixed step against the one SB3's direction gives. Exit 0 agree, 1 a difference, 2 bad input.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import json
import sys
from typing import Any

import numpy as np

from .updates import (ROLLOUT_TOLERANCES, adam_param_tolerance, add_common_arguments, BadInput, collect_rollout,
                      diff, java_input, java_json, java_rows, make_env, merge, module_main, network_kwargs, opened,
                      refuse, refuse_untwinned, report, rollout_rows, Row, run_guarded, sb3_params, Tolerance)

__all__ = ["add_parser", "run", "sb3_kwargs", "TOLERANCES"]

_COMMAND = "crosscheck trpo"

#: Random vectors the Fisher products are compared on (besides SB3's g).
N_FISHER_VECTORS = 3

# Why these numbers (docs/crosscheck.md): sb3-contrib runs in float32 torch, the Java policy step in double on a
# float32 network's activations. "scaled" tolerances are relative to the largest entry of the reference vector
# (atol = scale * max|ref|), since entries near zero carry the rounding of the large ones. g and F v are means over
# the rollout of float32 terms (~1e-6 of the largest entry). Conjugate gradient amplifies that by up to the damped
# Fisher matrix's condition number over its float32 iterations: measured ~4e-5 (CartPole, damping 1e-3) and ~2e-4
# (Pendulum with gSDE, damping 0.1) of max|s|, so 2e-3; s^T F s and beta agree to ~1e-4. The candidates' KL and
# surrogate are computed from parameters that differ by beta * (that difference in s): the KL (quadratic in the
# step) to a few 1e-4, the surrogate to ~1e-5 of its value.
TOLERANCES: dict[str, Tolerance] = {
    **ROLLOUT_TOLERANCES,
    "policy.gradient": Tolerance(1e-4, 1e-5),  # atol scaled
    "policy.fisher_products": Tolerance(1e-4, 1e-5),  # atol scaled
    "policy.direction": Tolerance(2e-3, 2e-3),  # atol scaled
    "policy.curvature": Tolerance(1e-3, 0.0),
    "policy.max_step": Tolerance(1e-3, 0.0),
    "policy.surrogate": Tolerance(1e-4, 1e-6),
    "trial.kl": Tolerance(5e-3, 1e-7),
    "trial.surrogate": Tolerance(1e-3, 1e-6),
    "policy.params": Tolerance(1e-5, 2e-3),  # atol scaled by max|beta s|
    "critic.value_loss": Tolerance(1e-4, 1e-6),
    "critic.params": Tolerance(1e-4, 0.0),  # atol lr-scaled (Adam), see adam_param_tolerance
    "final_params": Tolerance(1e-4, 0.0),
}

#: Java fields without effect on one TRPO/NPG update of a handed-in rollout, or PPO's.
_NO_EFFECT = ("updateMode", "sliceBudgetMillis", "checkpointEvery", "orthoInit", "epochs", "clipRange",
              "annealClipRange", "clipRangeVf", "entCoef", "vfCoef", "maxGradNorm", "targetKl", "klMode",
              "normalizeAdvantageOverBatch", "rhoBar", "cBar")


def sb3_kwargs(c: dict) -> tuple[dict, list[str]]:
    """sb3-contrib ``TRPO`` keyword arguments for a full Java ``PpoConfig`` with ``algo`` trpo or npg, and notes.
    Raises :class:`BadInput` naming a setting sb3-contrib cannot reproduce."""
    notes: list[str] = []
    if c["algo"] not in ("trpo", "npg"):
        refuse(_COMMAND, c, "algo", "crosscheck trpo compares sb3-contrib's TRPO with the Java trpo and npg; ppo is "
                                    "`crosscheck ppo`")
    refuse_untwinned(_COMMAND, c)
    lr = float(c["learningRate"])
    kw: dict[str, Any] = dict(
        network_kwargs(c), learning_rate=(lambda p, lr=lr: p * lr) if c["annealLearningRate"] else lr,
        target_kl=float(c["delta"]), cg_max_steps=int(c["cgMaxSteps"]), cg_damping=float(c["cgDamping"]),
        line_search_shrinking_factor=float(c["lineSearchShrink"]), line_search_max_iter=int(c["lineSearchMaxIter"]),
        n_critic_updates=int(c["nCriticUpdates"]), sub_sampling_factor=1)
    if c["algo"] == "npg":
        notes.append(f"algo=npg has no sb3-contrib twin: SB3 runs TRPO; g, the Fisher products, the direction and "
                     f"s^T F s are compared, and the Java step against theta_old + npgStepSize * s with SB3's s "
                     f"(npgStepSize={c['npgStepSize']}); the line search is SB3's only")
    notes.append("the Java line search tests KL(old || new) <= delta (the TRPO paper), sb3-contrib KL(new || old) < "
                 "delta: the Java side reports both, its KL(new || old) is compared with SB3's, and a decision they "
                 "take differently fails decision.line_search")
    notes.append("without effect on one update of a handed-in rollout, not mapped: "
                 + ", ".join(k for k in _NO_EFFECT if k in c))
    return dict(kw, _total=int(c["totalSteps"])), notes


# ---------------------------------------------------------------------------------------------- SB3 side

class _Sb3Probe:
    """Reads sb3-contrib's ``TRPO.train()`` as it runs: the gradient, direction and Fisher products at its
    ``conjugate_gradient_solver`` call (the products with SB3's own Hessian-vector function), its locals at the line
    search (beta, each candidate's KL and surrogate, the decision), the parameters after the policy step and after
    each critic optimizer step, with the permutations of its ``RolloutBuffer.get`` replaced by the given ones."""

    def __init__(self, model: Any, perms: list[np.ndarray], vectors: list[np.ndarray]) -> None:
        self.model = model
        self.perms = perms
        self.vectors = vectors
        self.policy: dict[str, Any] = {}
        self.trials: list[dict] = []
        self.critic: list[dict] = []

    def run_train(self) -> None:
        import torch as th
        from sb3_contrib.trpo import trpo as trpo_module

        model, policy, trials, critic = self.model, self.policy, self.trials, self.critic
        n = model.rollout_buffer.buffer_size * model.rollout_buffer.n_envs
        perms = iter([np.arange(n), *self.perms])  # the policy step's full batch in SB3's row order
        train = type(model).train
        code = train.__code__
        lines, first = inspect.getsourcelines(train)

        def line_of(text: str, after: int = 0) -> int:
            for i, src in enumerate(lines):
                if i + first > after and text in src:
                    return i + first
            raise AssertionError(f"sb3-contrib's TRPO.train has no line {text!r}: a version this tool does not know")

        at_beta = line_of("line_search_backtrack_coeff = 1.0")
        at_test = line_of("if (kl_div < self.target_kl) and (new_policy_objective > policy_objective)")
        at_ok = line_of("is_line_search_success = True", at_test)
        at_loss = line_of("value_losses.append(value_loss.item())")

        def local(frame: Any, event: str, arg: Any) -> Any:
            if event == "line":
                loc, ln = frame.f_locals, frame.f_lineno
                if ln == at_beta:
                    policy["max_step"] = float(loc["line_search_max_step_size"])
                    policy["surrogate"] = float(loc["policy_objective"].item())
                elif ln == at_test:
                    trials.append(dict(step=float(loc["line_search_backtrack_coeff"] * loc["line_search_max_step_size"]),
                                       kl=float(loc["kl_div"].item()),
                                       surrogate=float(loc["new_policy_objective"].item()), accepted=False))
                elif ln == at_ok:
                    trials[-1]["accepted"] = True
                elif ln == at_loss:
                    critic.append(dict(value_loss=float(loc["value_loss"].item())))
            return local

        def tracer(frame: Any, event: str, arg: Any) -> Any:
            return local if frame.f_code is code else None

        real_cg, real_perm = trpo_module.conjugate_gradient_solver, np.random.permutation
        buf, opt = model.rollout_buffer, model.policy.optimizer
        real_get, real_step = buf.get, opt.step

        def cg(matvec: Any, b: Any, max_iter: int = 10, **kw: Any) -> Any:
            vs = [b.detach().clone()] + [th.as_tensor(v, dtype=b.dtype) for v in self.vectors]
            policy["gradient"] = b.detach().double().numpy().copy()
            policy["fisher_products"] = [matvec(v).detach().double().numpy().copy() for v in vs]
            s = real_cg(matvec, b, max_iter=max_iter, **kw)
            policy["direction"] = s.detach().double().numpy().copy()
            return s

        def permutation(k: Any) -> np.ndarray:
            p = next(perms)
            if len(p) != k:
                raise AssertionError(f"SB3 asked for a permutation of {k}, have {len(p)}")
            return p.copy()

        def get(batch_size: Any = None) -> Any:
            yield from real_get(batch_size)
            if batch_size is None:
                policy["params"] = sb3_params(model.policy, _COMMAND)  # the loop body (policy step) has run

        def step(*a: Any, **k: Any) -> Any:
            r = real_step(*a, **k)
            critic[-1]["params"] = sb3_params(model.policy, _COMMAND)
            return r

        trpo_module.conjugate_gradient_solver, np.random.permutation = cg, permutation
        buf.get, opt.step = get, step
        sys.settrace(tracer)
        try:
            model.train()
        finally:
            sys.settrace(None)
            trpo_module.conjugate_gradient_solver, np.random.permutation = real_cg, real_perm
            del buf.get, opt.step
        policy["accepted"] = any(t["accepted"] for t in trials)
        policy["curvature"] = 2 * float(model.target_kl) / policy["max_step"] ** 2


def actor_positions(policy: Any) -> np.ndarray:
    """Where each entry of sb3-contrib's flat actor vector (the parameters ``TRPO._compute_actor_grad`` keeps, in
    ``named_parameters`` order, those without "value" in the name) sits in the Java flat parameter vector.

    Found by writing each SB3 parameter's own index into it and reading the Java vector ``jmegym.sb3`` maps out of
    that, so it follows the mapping itself (transposes included) without a second copy of it."""
    import torch as th

    named = list(policy.named_parameters())
    saved = [p.detach().clone() for _, p in named]
    offsets, at = [], 0
    for _, p in named:
        offsets.append(at)
        at += p.numel()
    if at >= 2 ** 24:
        raise AssertionError("more parameters than float32 counts exactly")
    try:
        with th.no_grad():
            for (_, p), o in zip(named, offsets):
                p.copy_(th.arange(o + 1, o + 1 + p.numel(), dtype=p.dtype).reshape(p.shape))
            java = np.rint(sb3_params(policy, _COMMAND)).astype(np.int64) - 1
    finally:
        with th.no_grad():
            for (_, p), s in zip(named, saved):
                p.copy_(s)
    where = np.full(at, -1)
    hit = java >= 0
    where[java[hit]] = np.flatnonzero(hit)
    actor = np.concatenate([np.arange(o, o + p.numel()) for (name, p), o in zip(named, offsets) if "value" not in name])
    pos = where[actor]
    if (pos < 0).any():
        raise AssertionError("an SB3 actor parameter has no place in the Java vector")
    return pos


# ---------------------------------------------------------------------------------------------- the check

def _scaled(name: str, ref: np.ndarray, extra: float = 1.0) -> Tolerance:
    t = TOLERANCES[name]
    return Tolerance(t.rtol, t.atol * extra * float(np.max(np.abs(ref), initial=0.0)))


def _compare(c: dict, sb3: dict, java: dict, pos: np.ndarray) -> list[Row]:
    t = TOLERANCES
    npg = c["algo"] == "npg"
    rows = rollout_rows(sb3, java, t)
    sp, jp = sb3["policy"], java["policy"]
    g = np.asarray(sp["gradient"])
    rows.append(diff("policy.surrogate", jp["surrogate"], sp["surrogate"], t["policy.surrogate"], "at the old parameters"))
    rows.append(diff("policy.gradient", np.asarray(jp["gradient"])[pos], g, _scaled("policy.gradient", g)))
    jf = [np.asarray(v)[pos] for v in jp["fisher_products"]]
    rows.append(merge([diff("policy.fisher_products", a, b, _scaled("policy.fisher_products", b),
                            f"F v for SB3's g and {len(jf) - 1} seeded random vectors")
                       for a, b in zip(jf, sp["fisher_products"])]))
    s = np.asarray(sp["direction"])
    js = np.asarray(jp["direction"])[pos]
    rows.append(diff("policy.direction", js, s, _scaled("policy.direction", s),
                     f"conjugate gradient, Java {jp['cg_steps']} steps"))
    rows.append(diff("policy.curvature", jp["curvature"], sp["curvature"], t["policy.curvature"], "s^T F s"))
    old = np.asarray(java["initial_params"])
    if npg:
        alpha = float(c["npgStepSize"])
        rows.append(Row("policy.max_step", 1, 0.0, 0.0, True, f"NPG's fixed alpha {alpha:g} (no sb3-contrib twin)"))
        ref = old.copy()
        ref[pos] = old[pos] + alpha * s
        tol = Tolerance(t["policy.params"].rtol, alpha * _scaled("policy.direction", s).atol + 1e-7)
        rows.append(diff("policy.params", jp["params"], ref, tol, "theta_old + alpha s with SB3's s"))
        rows.append(Row("decision.line_search", 1, 0.0, 0.0, True,
                        f"NPG takes no line search (SB3's TRPO tried {len(sb3['trials'])}, "
                        f"{'accepted' if sp['accepted'] else 'rejected'})"))
    else:
        rows.append(diff("policy.max_step", jp["max_step"], sp["max_step"], t["policy.max_step"],
                         "beta = sqrt(2 delta / s^T F s)"))
        jt, st = java["trials"], sb3["trials"]
        k = min(len(jt), len(st))
        rows.append(diff("trial.kl", [x["kl_new_old"] for x in jt[:k]], [x["kl"] for x in st[:k]], t["trial.kl"],
                         f"{k} candidates, KL(new || old)"))
        rows.append(diff("trial.surrogate", [x["surrogate"] for x in jt[:k]], [x["surrogate"] for x in st[:k]],
                         t["trial.surrogate"]))
        jd = [x["accepted"] for x in jt]
        sd = [x["accepted"] for x in st]
        same = jd == sd
        rows.append(Row("decision.line_search", max(len(jd), len(sd)), 0.0 if same else 1.0, 0.0 if same else 1.0,
                        same, f"java {_decisions(jt)}, sb3 {_decisions(st)}"))
        step = float(sp["max_step"]) * s
        tol = Tolerance(t["policy.params"].rtol, t["policy.params"].atol * float(np.max(np.abs(step), initial=0.0)))
        rows.append(diff("policy.params", jp["params"], sp["params"], tol, "after the policy step"))

    lr = float(c["learningRate"])
    jc, sc = java["critic"], sb3["critic"]
    k = min(len(jc), len(sc))
    note = f"{k} critic minibatches" + ("" if len(jc) == len(sc) else f" (java {len(jc)}, sb3 {len(sc)})")
    rows.append(diff("critic.value_loss", [x["value_loss"] for x in jc[:k]], [x["value_loss"] for x in sc[:k]],
                     t["critic.value_loss"], note) if len(jc) == len(sc)
                else Row("critic.value_loss", k, float("inf"), float("inf"), False, note))
    crit = _critic_mask(c, len(old), pos)
    if k:
        rows.append(merge([diff("critic.params", np.asarray(jc[i]["params"])[crit], np.asarray(sc[i]["params"])[crit],
                                adam_param_tolerance(t["critic.params"].rtol, lr, i + 1), note) for i in range(k)]))
    ref_final = np.asarray(sb3["final_params"]).copy()
    if npg:
        ref_final[pos] = old[pos] + float(c["npgStepSize"]) * s
    jfin = np.asarray(java["final_params"])
    rows.append(merge([diff("final_params", jfin[crit], ref_final[crit],
                            adam_param_tolerance(t["final_params"].rtol, lr, max(k, 1)), "critic part"),
                       diff("final_params", jfin[~crit], ref_final[~crit], tol,
                            "policy part")]))
    return rows


def _critic_mask(c: dict, n: int, pos: np.ndarray) -> np.ndarray:
    crit = np.ones(n, dtype=bool)
    crit[pos] = False
    return crit


def _decisions(trials: list[dict]) -> str:
    if not trials:
        return "no candidate"
    acc = [i for i, x in enumerate(trials) if x["accepted"]]
    return f"accepted candidate {acc[0]} of {len(trials)}" if acc else f"rejected all {len(trials)}"


# ---------------------------------------------------------------------------------------------- the command

def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Adds the ``trpo`` subcommand."""
    p = subparsers.add_parser(
        "trpo", help="one TRPO or NPG update of the Java trainer against sb3-contrib's TRPO, update for update",
        description="Runs sb3-contrib's TRPO and the Java TRPO (or NPG) on the same rollout (collected by SB3 on the "
                    "bridged env), the same initial weights and the same critic permutations, and compares every "
                    "intermediate. Exit code 0 when all agree within tolerance, 1 otherwise, 2 for bad input.")
    add_common_arguments(p, "a Java PpoConfig JSON file with algo trpo or npg: its fields over the env's TRPO/NPG "
                            "preset, as ./jmegym train --config uses it; default: the preset alone")
    p.add_argument("--algo", choices=("trpo", "npg"), default=None,
                   help="the Java algorithm (default: the --config file's, else trpo); a file naming the other one is refused")
    p.add_argument("--java-set", action="append", default=[], metavar="FIELD=VALUE",
                   help="set a field of the Java config only (JSON value), after the SB3 arguments are mapped: a "
                        "one-detail difference between the two sides, to see which quantity the check fails on "
                        "(repeatable)")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Runs the check; returns 0 (agree), 1 (a difference) or 2 (bad input), printing the table."""
    return run_guarded(_COMMAND, _run, args)


def _run(args: argparse.Namespace) -> int:
    from sb3_contrib import TRPO
    from gymnasium import spaces

    from jmegym.sb3 import _policy_json

    with opened(_COMMAND, args, sb3_kwargs, "trpo", args.algo) as (jar, tmpd, java_id, kwargs, c, kw, notes, total,
                                                                   n_envs, n_steps):
        c_java = _java_only(c, args.java_set, notes)
        n = n_envs * n_steps
        if n % int(c["batchSize"]):
            refuse(_COMMAND, c, "batchSize", f"sb3-contrib's critic minibatches of {c['batchSize']} leave a short "
                                             f"last one of the {n} samples; the Java trainer drops it")
        env, inner, _ = make_env(_COMMAND, java_id, n_envs, args.seed, kwargs, bool(c["normalizeObservation"]),
                                 float(c["clipObservation"]), float(c["gamma"]))
        try:
            if isinstance(env.action_space, spaces.MultiBinary):
                raise refuse(_COMMAND, dict(actionSpace=str(env.action_space)), "actionSpace",
                             "SB3's one logit per bit is two softmax logits per bit in the Java policy: the same "
                             "distribution, a different parameterisation, so g, F and the step differ by design")
            model = TRPO("MlpPolicy", env, seed=args.seed, device="cpu", verbose=0, **kw)
            initial = _policy_json(model.policy, _COMMAND)
            pos = actor_positions(model.policy)
            sb3 = collect_rollout(model, env, inner, c, total)
            rng = np.random.default_rng(args.seed)
            perms = [rng.permutation(n) for _ in range(int(c["nCriticUpdates"]))]
            vectors = [rng.standard_normal(len(pos)).astype(np.float32) for _ in range(N_FISHER_VECTORS)]
            probe = _Sb3Probe(model, perms, vectors)
            probe.run_train()
        finally:
            env.close()
        sb3.update(policy=probe.policy, trials=probe.trials, critic=probe.critic,
                   final_params=sb3_params(model.policy, _COMMAND))
        p_count = len(initial["params"])
        fisher_vectors = []
        for v in [probe.policy["gradient"], *vectors]:
            jv = np.zeros(p_count)
            jv[pos] = v
            fisher_vectors.append(jv.tolist())
        java_in = dict(java_input(c_java, initial, model, sb3, inner), fisher_vectors=fisher_vectors,
                       critic_permutations=[java_rows(p, n_steps, n_envs).tolist() for p in perms])
        (tmpd / "in.json").write_text(json.dumps(java_in))
        java = java_json(jar, ["crosscheck", "trpo", "--in", str(tmpd / "in.json")], tmpd / "out.json")
    java["initial_params"] = initial["params"]
    rows = _compare(c, sb3, java, pos)
    return report(f"{_COMMAND}: {java_id} ({c['algo']}), seed {args.seed}, {n_envs} x {n_steps} steps, "
                  f"{len(pos)} policy parameters, {c['nCriticUpdates']} critic epochs of {n // int(c['batchSize'])} "
                  f"minibatches; sb3-contrib float32 torch, Java {java['dtype']} network with a double policy step "
                  "and Adam", notes, rows, args.json)


def _java_only(c: dict, items: list[str], notes: list[str]) -> dict:
    """The Java side's config: ``c`` with the ``--java-set FIELD=VALUE`` fields replaced."""
    out = dict(c)
    for it in items:
        key, sep, value = it.partition("=")
        if not sep or key not in c or key in ("algo", "_doc"):
            raise BadInput(f"{_COMMAND}: --java-set {it!r}: expected FIELD=VALUE with FIELD one of the config's "
                           f"fields ({', '.join(sorted(k for k in c if k != 'algo'))}); --algo sets the algorithm")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError as e:
            raise BadInput(f"{_COMMAND}: --java-set {it!r}: {value!r} is not a JSON value ({e.msg})") from None
        notes.append(f"--java-set {key}={out[key]!r}: the Java side only (SB3 has {c[key]!r})")
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m jmegym.crosscheck.trpo ...`` (the same as ``python -m jmegym.crosscheck trpo ...``)."""
    return module_main("trpo", add_parser, argv)


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
