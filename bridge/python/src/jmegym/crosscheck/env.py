"""``crosscheck env``: a Gymnasium env and a Java env stepped side by side, or a ``jmegym rollout --trace`` replayed
in the Gymnasium env, up to the first difference.

Per seed S the two envs are reset with ``seed=S`` and given the same actions in three phases, each starting with a
reset (seeded for the first phase, unseeded after, as Gymnasium's ``reset()`` continues the stream) and running
``--steps`` steps across episodes:

* ``random``: ``action_space.sample()`` of the Python env, its space seeded with S;
* ``out-of-range``: Box actions drawn from the bounds widened by their width on each side (half of them outside),
  Discrete and MultiDiscrete ones one past the last value every 4th step; both envs must clip them the same way
  or both must reject them (an exception on both sides; the step is then skipped);
* ``goal``: a scripted policy that reaches the env's goal where there is one (pumping energy into MountainCar and
  Acrobot until they terminate, balancing CartPole until the time limit, swinging Pendulum to its speed limit), so
  that termination paths are compared and not only truncation; at least one whole episode. A user env's Python
  twin takes part by defining ``crosscheck_policy(obs) -> action`` on its unwrapped env.

Compared at every reset and step: the observation and reward (``|python - java| <= atol + rtol * |java|``,
elementwise), terminated, truncated, the info keys and numeric info values (same tolerance). Exit 0 when all
match, 1 at the first difference (printed with both values, the seed and the step), 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import gymnasium as gym
import numpy as np

MATCH, MISMATCH, BAD_INPUT = 0, 1, 2
DEFAULT_ATOL, DEFAULT_RTOL = 1e-5, 1e-6
# Acrobot's observations differ in the last bits (Java's Math.sin/cos vs glibc's), which its chaotic dynamics grow to
# ~1e-2 late in an episode (docs/envs.md, "The classic-control envs"; benchmarks/envs/acrobot_drift.py): its default
# absolute tolerance is 5e-2 (flags must still agree exactly). Every other classic env matches to 1e-5 or better.
ENV_ATOL = {"Acrobot-v1": 5e-2}
OUT_OF_RANGE_EVERY = 4  # Discrete/MultiDiscrete: one invalid action every 4th step of the out-of-range phase


def _sign_policy(index: int, low: Any, high: Any) -> Callable[[np.ndarray], Any]:
    return lambda obs: high if obs[index] >= 0 else low


# Scripted policies that reach each classic env's goal (or its limit), by Java env id; checked against Gymnasium:
# MountainCar terminates in ~120 steps, MountainCarContinuous ~106, Acrobot 65-270, CartPole balances to 500.
GOAL_POLICIES: dict[str, Callable[[np.ndarray], Any]] = {
    "CartPole-v1": lambda obs: int(obs[2] + 0.5 * obs[3] > 0),
    "MountainCar-v0": _sign_policy(1, 0, 2),
    "MountainCarContinuous-v0": _sign_policy(1, np.array([-1.0], np.float32), np.array([1.0], np.float32)),
    "Pendulum-v1": _sign_policy(2, np.array([-2.0], np.float32), np.array([2.0], np.float32)),
    "Acrobot-v1": _sign_policy(5, 0, 2),
}


class BadInput(Exception):
    """A value the user gave that stops the check before it starts (exit code 2)."""


@dataclass
class Tolerance:
    atol: float
    rtol: float

    def exceeds(self, py: float, java: float) -> bool:
        if math.isnan(py) or math.isnan(java):
            return math.isnan(py) != math.isnan(java)
        if math.isinf(py) or math.isinf(java):
            return py != java
        return abs(py - java) > self.atol + self.rtol * abs(java)

    def __str__(self) -> str:
        return f"atol {self.atol:g} + rtol {self.rtol:g} * |java|"


@dataclass
class Where:
    """Where a comparison happens: seed, step since the seeded reset, phase, episode and step in the episode."""

    seed: int | None
    step: int = 0
    phase: str = "reset"
    episode: int = 0
    episode_step: int = 0
    line: int | None = None  # trace line (1-based)
    action: Any = None

    def __str__(self) -> str:
        s = f"seed {self.seed}, step {self.step}" if self.step else f"seed {self.seed}, reset"
        s += f" (phase {self.phase}, episode {self.episode}, episode step {self.episode_step})"
        if self.line is not None:
            s = f"trace line {self.line}: " + s
        if self.action is not None:
            s += f", action {_show(self.action)}"
        return s


class Mismatch(Exception):
    """The first difference: what differs, both values and where."""

    def __init__(self, where: Where, what: str, py: Any, java: Any, detail: str = ""):
        super().__init__(what)
        self.where, self.what, self.py, self.java, self.detail = where, what, py, java, detail

    def report(self, python_name: str, java_name: str) -> str:
        lines = [f"MISMATCH at {self.where}", f"  {self.what}: python ({python_name}) {_show(self.py)}",
                 f"  {' ' * len(self.what)}  java ({java_name}) {_show(self.java)}"]
        if self.detail:
            lines.append(f"  {self.detail}")
        return "\n".join(lines)


@dataclass
class Stats:
    steps: dict = field(default_factory=lambda: {"random": 0, "out-of-range": 0, "goal": 0, "trace": 0})
    episodes: int = 0
    terminated: int = 0
    truncated: int = 0
    rejected: int = 0
    obs_diff: float = 0.0
    reward_diff: float = 0.0


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser("env", help="step a Gymnasium env and a Java env side by side (or replay a trace)",
                              description=__doc__.split("\n\n")[0],
                              formatter_class=argparse.RawDescriptionHelpFormatter,
                              epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    p.add_argument("--python", required=True, metavar="ID_OR_ENTRY_POINT",
                   help="the Gymnasium env: an id (CartPole-v1) or an entry point (package.module:EnvClass)")
    side = p.add_mutually_exclusive_group(required=True)
    side.add_argument("--java", metavar="ID", help="the Java env id (made as gymnasium.make('jmegym/ID'))")
    side.add_argument("--trace", type=Path, metavar="FILE",
                      help="a `jmegym rollout --trace FILE` recording to replay in the Python env instead")
    p.add_argument("--steps", type=int, default=300, metavar="N",
                   help="steps per phase and seed (default 300; the goal phase runs at least one whole episode)")
    p.add_argument("--seeds", default="0..2", metavar="S..T", help="seeds S to T inclusive, or one seed (default 0..2)")
    p.add_argument("--atol", type=float, metavar="X",
                   help=f"absolute tolerance (default {DEFAULT_ATOL:g}; Acrobot-v1 {ENV_ATOL['Acrobot-v1']:g})")
    p.add_argument("--rtol", type=float, default=DEFAULT_RTOL, metavar="X",
                   help=f"relative tolerance, times |java value| (default {DEFAULT_RTOL:g})")
    p.add_argument("--max-episode-steps", type=int, metavar="N",
                   help="time limit of an entry-point Python env (default: the Java env's; ids keep their own)")
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    py = java = None
    try:
        seeds = _seeds(args.seeds)
        if args.steps < 1:
            raise BadInput(f"--steps={args.steps}: expected a number of steps >= 1")
        if args.atol is not None and not args.atol >= 0 or not args.rtol >= 0:
            raise BadInput(f"--atol={args.atol}, --rtol={args.rtol}: expected tolerances >= 0")
        java_id = args.java[len("jmegym/"):] if args.java and args.java.startswith("jmegym/") else args.java
        tol = Tolerance(args.atol if args.atol is not None else ENV_ATOL.get(java_id or args.python, DEFAULT_ATOL),
                        args.rtol)
        if args.trace is not None:
            records = list(_read_trace(args.trace))
            py = _make_python(args.python, args.max_episode_steps)
            java_name = str(args.trace)
        else:
            java = _make_java(java_id)
            py = _make_python(args.python, args.max_episode_steps if args.max_episode_steps is not None
                              else java.spec.max_episode_steps if java.spec else None)
            java_name = f"jmegym/{java_id}"
    except BadInput as e:
        print(f"crosscheck env: {e}", file=sys.stderr)
        for env in (py, java):
            if env is not None:
                env.close()
        return BAD_INPUT
    stats = Stats()
    try:
        with warnings.catch_warnings():
            # Gymnasium's env checker warns on out-of-bounds actions: the out-of-range phase sends them on purpose.
            warnings.filterwarnings("ignore", module=r"gymnasium\.utils\.passive_env_checker")
            if args.trace is not None:
                _replay(py, records, tol, stats)
            else:
                _compare_spaces(py, java)
                policy = GOAL_POLICIES.get(java_id) or getattr(py.unwrapped, "crosscheck_policy", None)
                for seed in seeds:
                    _check_seed(py, java, seed, args.steps, policy, tol, stats)
    except Mismatch as m:
        print(m.report(args.python, java_name))
        return MISMATCH
    finally:
        py.close()
        if java is not None:
            java.close()
    total = sum(stats.steps.values())
    phases = ", ".join(f"{k} {v:,}" for k, v in stats.steps.items() if v)
    what = f"trace {args.trace}" if args.trace is not None else f"{java_name}, seeds {args.seeds}"
    print(f"match: {args.python} vs {what}: {total:,} steps ({phases}), {stats.episodes} episodes "
          f"({stats.terminated} terminated, {stats.truncated} truncated), {stats.rejected} out-of-range actions "
          f"rejected by both; largest |obs diff| {stats.obs_diff:.3g}, |reward diff| {stats.reward_diff:.3g} "
          f"(tolerance {tol})")
    return MATCH


def _seeds(text: str) -> list[int]:
    m = re.fullmatch(r"\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?", text)
    if not m:
        raise BadInput(f"--seeds={text!r}: expected S..T (e.g. 0..4) or one seed S, with S, T >= 0")
    first, last = int(m.group(1)), int(m.group(2) if m.group(2) is not None else m.group(1))
    if last < first:
        raise BadInput(f"--seeds={text!r}: the last seed {last} is below the first {first}")
    return list(range(first, last + 1))


def _make_python(name: str, max_episode_steps: int | None) -> gym.Env:
    try:
        if ":" in name:  # an entry point: made like a registered id, with the Java env's time limit
            return gym.make(gym.envs.registration.EnvSpec(id="crosscheck/Python-v0", entry_point=name,
                                                          max_episode_steps=max_episode_steps))
        return gym.make(name)
    except (gym.error.Error, ImportError, AttributeError, ValueError, TypeError) as e:
        raise BadInput(f"--python={name!r}: cannot make it ({type(e).__name__}: {e}); expected a Gymnasium id "
                       f"such as CartPole-v1 or an entry point package.module:EnvClass") from None


def _make_java(env_id: str) -> gym.Env:
    import jmegym  # noqa: F401  (registers the jmegym/ ids)
    from jmegym.bridge import JavaError

    gid = f"jmegym/{env_id}"
    if gid not in gym.envs.registry:
        known = sorted(k[len("jmegym/"):] for k in gym.envs.registry if k.startswith("jmegym/"))
        raise BadInput(f"--java={env_id!r}: not a registered Java env id; known: {', '.join(known)}")
    try:
        return gym.make(gid)
    except (JavaError, ValueError) as e:
        raise BadInput(f"--java={env_id!r}: {e}") from None


def _compare_spaces(py: gym.Env, java: gym.Env) -> None:
    for name in ("action_space", "observation_space"):
        a, b = getattr(py, name), getattr(java, name)
        if a != b:
            raise Mismatch(Where(None, phase="spaces"), name, a, b)


def _check_seed(py: gym.Env, java: gym.Env, seed: int, steps: int, policy, tol: Tolerance, stats: Stats) -> None:
    space = py.action_space
    space.seed(seed)
    rng = np.random.default_rng(seed)
    where = Where(seed)
    phases: list[tuple[str, Callable[[Any, int], Any]]] = [("random", lambda obs, t: space.sample())]
    if _out_of_range_kind(space):
        phases.append(("out-of-range", lambda obs, t: _out_of_range(space, rng, t)))
    if policy is not None:
        phases.append(("goal", lambda obs, t: policy(obs)))
    for i, (phase, act) in enumerate(phases):
        where.phase = phase
        obs = _reset_both(py, java, seed if i == 0 else None, where, tol, stats)
        t, done = 0, False
        while t < steps or (phase == "goal" and not done and where.episode_step < 100_000):
            if done:
                obs = _reset_both(py, java, None, where, tol, stats)
            action = act(obs, t)
            t += 1
            result = _step_both(py, java, action, where, tol, stats)
            if result is None:  # rejected by both
                stats.rejected += 1
                continue
            obs, done = result
            stats.steps[phase] += 1


def _reset_both(py, java, seed, where: Where, tol: Tolerance, stats: Stats) -> Any:
    where.episode += 1
    where.episode_step = 0
    where.action = None
    a_obs, a_info = py.reset(seed=seed)
    b_obs, b_info = java.reset(seed=seed)
    _compare(where, "observation", a_obs, b_obs, tol, stats, "obs")
    _compare_info(where, a_info, b_info, tol)
    return a_obs


def _step_both(py, java, action, where: Where, tol: Tolerance, stats: Stats):
    from jmegym.bridge import JmeBridgeError

    where.step += 1
    where.episode_step += 1
    where.action = action
    outcomes = []
    for env in (py, java):
        try:
            outcomes.append((env.step(action), None))
        except JmeBridgeError:
            raise
        except Exception as e:  # noqa: BLE001 (an env's rejection of an action is what is compared here)
            outcomes.append((None, e))
    (a, a_err), (b, b_err) = outcomes
    if a_err is not None and b_err is not None:
        where.step -= 1
        where.episode_step -= 1
        return None
    if (a_err is None) != (b_err is None):
        raise Mismatch(where, "outcome", _outcome(a, a_err), _outcome(b, b_err),
                       "an out-of-range action must be clipped alike or rejected by both")
    _compare_step(where, a, b, tol, stats)
    if a[2] or a[3]:
        stats.episodes += 1
        stats.terminated += bool(a[2])
        stats.truncated += bool(a[3]) and not a[2]
    return a[0], bool(a[2] or a[3])


def _compare_step(where: Where, a, b, tol: Tolerance, stats: Stats) -> None:
    a_obs, a_r, a_term, a_trunc, a_info = a
    b_obs, b_r, b_term, b_trunc, b_info = b
    _compare(where, "observation", a_obs, b_obs, tol, stats, "obs")
    _compare(where, "reward", float(a_r), float(b_r), tol, stats, "reward")
    for name, x, y in (("terminated", a_term, b_term), ("truncated", a_trunc, b_trunc)):
        if bool(x) != bool(y):
            raise Mismatch(where, name, bool(x), bool(y))
    _compare_info(where, a_info, b_info, tol)


def _compare_info(where: Where, a: dict, b: dict, tol: Tolerance) -> None:
    if set(a) != set(b):
        raise Mismatch(where, "info keys", sorted(a), sorted(b))
    for k in sorted(a):
        _compare(where, f"info[{k!r}]", a[k], b[k], tol, None, None)


def _compare(where: Where, what: str, a: Any, b: Any, tol: Tolerance, stats: Stats | None, kind: str | None) -> None:
    """Element by element within the tolerance; dicts key by key, sequences and arrays index by index."""
    if isinstance(a, dict) or isinstance(b, dict):
        if not (isinstance(a, dict) and isinstance(b, dict)) or set(a) != set(b):
            raise Mismatch(where, f"{what} keys", sorted(a) if isinstance(a, dict) else a,
                           sorted(b) if isinstance(b, dict) else b)
        for k in sorted(a):
            _compare(where, f"{what}[{k!r}]", a[k], b[k], tol, stats, kind)
        return
    try:
        x = np.asarray(a, dtype=np.float64)
        y = np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        if a != b:
            raise Mismatch(where, what, a, b) from None
        return
    if x.shape != y.shape:
        raise Mismatch(where, f"{what} shape", x.shape, y.shape)
    for idx in np.ndindex(x.shape):
        px, jy = float(x[idx]), float(y[idx])
        if tol.exceeds(px, jy):
            label = what + (f"[{', '.join(map(str, idx))}]" if idx else "")
            raise Mismatch(where, label, a, b,
                           f"{label}: python {px!r}, java {jy!r}, |diff| {abs(px - jy):.3g} > tolerance {tol}")
        if stats is not None and not (math.isnan(px) or math.isinf(px)):
            d = abs(px - jy)
            if kind == "obs":
                stats.obs_diff = max(stats.obs_diff, d)
            elif kind == "reward":
                stats.reward_diff = max(stats.reward_diff, d)


def _out_of_range_kind(space: gym.Space) -> bool:
    return isinstance(space, (gym.spaces.Box, gym.spaces.Discrete, gym.spaces.MultiDiscrete))


def _out_of_range(space: gym.Space, rng: np.random.Generator, t: int) -> Any:
    if isinstance(space, gym.spaces.Box):
        low = np.where(np.isfinite(space.low), space.low, -1.0).astype(np.float64)
        high = np.where(np.isfinite(space.high), space.high, 1.0).astype(np.float64)
        width = high - low
        return rng.uniform(low - width, high + width).astype(space.dtype)
    if t % OUT_OF_RANGE_EVERY != OUT_OF_RANGE_EVERY - 1:
        return space.sample()
    if isinstance(space, gym.spaces.Discrete):
        return np.int64(space.start + space.n)
    bad = space.sample()
    bad.flat[0] = space.nvec.flat[0] + (space.start.flat[0] if hasattr(space, "start") else 0)
    return bad


def _outcome(result, error: Exception | None) -> str:
    if error is not None:
        return f"rejected ({type(error).__name__}: {error})"
    obs, r, term, trunc, _ = result
    return f"accepted (obs {_show(obs)}, reward {float(r)!r}, terminated {term}, truncated {trunc})"


def _show(x: Any) -> str:
    if isinstance(x, np.ndarray):
        return np.array2string(x, precision=9, separator=", ") + (f" {x.dtype}" if x.dtype != np.float64 else "")
    return repr(x.item()) if isinstance(x, np.generic) else repr(x) if not isinstance(x, str) else x


# ---- traces ---------------------------------------------------------------------------------------------------

@dataclass
class Record:
    line: int
    reset: bool
    seed: int | None = None
    obs: Any = None
    action: Any = None
    reward: float = 0.0
    terminated: bool = False
    truncated: bool = False


def _read_trace(path: Path) -> Iterator[Record]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise BadInput(f"--trace={path}: cannot read it ({e.strerror}); expected a `jmegym rollout --trace` file") \
            from None
    seen_reset = False
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"--trace={path}, line {n}"
        try:
            o = json.loads(line)
        except ValueError as e:
            raise BadInput(f"{where}: not JSON ({e})") from None
        if not isinstance(o, dict) or "obs" not in o:
            raise BadInput(f"{where}: expected a reset {{\"reset\": true, \"seed\": .., \"obs\": [..]}} or a step "
                           f"{{\"action\": .., \"obs\": [..], \"reward\": .., \"terminated\": .., \"truncated\": ..}}")
        if o.get("reset"):
            seed = o.get("seed")
            if seed is not None and (not isinstance(seed, int) or seed < 0):
                raise BadInput(f"{where}: seed {seed!r}; expected a whole number >= 0 or null")
            seen_reset = True
            yield Record(n, True, seed, o["obs"])
            continue
        missing = [k for k in ("action", "reward", "terminated", "truncated") if k not in o]
        if missing:
            raise BadInput(f"{where}: a step line lacks {', '.join(missing)}")
        if not seen_reset:
            raise BadInput(f"{where}: a step before the first reset line")
        yield Record(n, False, None, o["obs"], o["action"], o["reward"], bool(o["terminated"]), bool(o["truncated"]))
    if not seen_reset:
        raise BadInput(f"--trace={path}: no reset line; expected a `jmegym rollout --trace` file")


def _replay(py: gym.Env, records: list[Record], tol: Tolerance, stats: Stats) -> None:
    where = Where(None, phase="trace")
    for rec in records:
        where.line = rec.line
        if rec.reset:
            if rec.seed is not None:
                where.seed, where.step, where.episode = rec.seed, 0, 0
            where.episode += 1
            where.episode_step = 0
            where.action = None
            obs, info = py.reset(seed=rec.seed)
            _compare(where, "observation", obs, _from_json(rec.obs), tol, stats, "obs")
            continue
        action = _action(py.action_space, rec.action)
        where.step += 1
        where.episode_step += 1
        where.action = action
        try:
            result = py.step(action)
        except Exception as e:  # noqa: BLE001 (the Java env accepted it)
            raise Mismatch(where, "outcome", _outcome(None, e), "accepted (recorded in the trace)") from None
        recorded = (_from_json(rec.obs), rec.reward, rec.terminated, rec.truncated, result[4])
        _compare_step(where, result, recorded, tol, stats)
        stats.steps["trace"] += 1
        if result[2] or result[3]:
            stats.episodes += 1
            stats.terminated += bool(result[2])
            stats.truncated += bool(result[3]) and not result[2]


def _from_json(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _from_json(v) for k, v in x.items()}
    return np.asarray(x, dtype=np.float64) if isinstance(x, list) else x


def _action(space: gym.Space, x: Any) -> Any:
    if isinstance(space, gym.spaces.Dict) and isinstance(x, dict):
        return {k: _action(space[k], v) for k, v in x.items()}
    if isinstance(space, gym.spaces.Discrete):
        return np.int64(x)
    if isinstance(space, (gym.spaces.Box, gym.spaces.MultiDiscrete, gym.spaces.MultiBinary)):
        return np.asarray(x, dtype=space.dtype)
    return x
