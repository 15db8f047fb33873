"""``python -m jmegym.crosscheck env``: the five classic envs match Gymnasium's (random, out-of-range and goal
phases), a Python twin with an injected bug is caught at the right step, a ``jmegym rollout --trace`` replays, and
bad input exits 2."""

from __future__ import annotations

import json
import math
import os
import shlex
import subprocess
import sys
from pathlib import Path

import gymnasium as gym
import pytest
from gymnasium.envs.classic_control.cartpole import CartPoleEnv

from jmegym.crosscheck.__main__ import main

import _cli
from conftest import CLASSIC

ROOT = Path(__file__).resolve().parents[3]


def doc_commands(prefix: str) -> list[str]:
    """The command lines of docs/crosscheck.md and docs/python.md starting with ``prefix`` (after an optional nice)."""
    lines = []
    for doc in (ROOT / "docs" / "crosscheck.md", ROOT / "docs" / "python.md"):
        for line in doc.read_text(encoding="utf-8").splitlines():
            line = line.removeprefix("nice -n 5 ")
            if line.startswith(prefix):
                lines.append(line.split("  #")[0])
    return lines


class EarlyFallCartPole(CartPoleEnv):
    """CartPole-v1 with an injected bug: the pole counts as fallen at 11 degrees instead of 12."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.theta_threshold_radians = 11 * 2 * math.pi / 360  # after the spaces are built: only termination moves


def _first_divergence(seed: int, steps: int) -> int | None:
    """The first step of the random phase where the buggy twin's terminated flag differs from Gymnasium's."""
    ref = gym.make("CartPole-v1")
    bug = gym.make(gym.envs.registration.EnvSpec("Bug-v0", entry_point=EarlyFallCartPole, max_episode_steps=500))
    space = bug.action_space
    space.seed(seed)
    ref.reset(seed=seed)
    bug.reset(seed=seed)
    for t in range(1, steps + 1):
        a = space.sample()
        r, b = ref.step(a), bug.step(a)
        if r[2] != b[2]:
            return t
        if r[2] or r[3]:
            ref.reset()
            bug.reset()
    return None


@pytest.mark.parametrize("env_id", CLASSIC)
def test_each_classic_java_env_matches_gymnasium_in_every_phase(bridge, env_id, capsys):
    rc = main(["env", "--python", env_id, "--java", env_id, "--seeds", "0..1", "--steps", "60"])
    out = capsys.readouterr().out
    assert rc == 0, out
    assert out.startswith(f"match: {env_id} vs jmegym/{env_id}, seeds 0..1:"), out
    assert "(random 120, " in out and ", goal " in out, out
    if isinstance(gym.spec(env_id).make().action_space, gym.spaces.Box):  # every action of 2 x 60 drawn around it
        assert "out-of-range 120, " in out and " 0 out-of-range actions rejected by both" in out, out
    else:  # every 4th Discrete action is one past the last: both envs reject those 2 x 15
        assert "out-of-range 90, " in out and " 30 out-of-range actions rejected by both" in out, out
    if env_id in ("MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1"):
        assert " 0 terminated" not in out, f"the goal phase of {env_id} must reach a termination: {out}"


def test_a_python_twin_with_an_injected_bug_fails_at_the_first_differing_step(bridge, capsys):
    expected = _first_divergence(0, 300)
    assert expected is not None, "seed 0's random actions never tip the pole between 11 and 12 degrees"
    rc = main(["env", "--python", f"{__name__}:EarlyFallCartPole", "--java", "CartPole-v1", "--seeds", "0",
               "--steps", "300"])
    out = capsys.readouterr().out
    assert rc == 1, out
    assert out.startswith(f"MISMATCH at seed 0, step {expected} (phase random,"), out
    assert f"terminated: python ({__name__}:EarlyFallCartPole) True" in out, out
    assert "java (jmegym/CartPole-v1) False" in out, out


def test_the_twin_without_the_bug_matches(bridge, capsys):
    rc = main(["env", "--python", "gymnasium.envs.classic_control.cartpole:CartPoleEnv", "--java", "CartPole-v1",
               "--seeds", "0..1", "--steps", "100"])
    assert rc == 0, capsys.readouterr().out


@pytest.mark.parametrize("env_id", ["CartPole-v1", "Pendulum-v1"])
def test_a_rollout_trace_replays_in_gymnasium_and_an_edited_line_is_reported(env_id, tmp_path, capsys):
    trace = tmp_path / "trace.jsonl"
    _cli.jmegym("rollout", "--env", env_id, "--seed", "3", "--steps", "250", "--trace", str(trace))
    assert main(["env", "--python", env_id, "--trace", str(trace)]) == 0
    out = capsys.readouterr().out
    assert "trace 250" in out and ("terminated" in out), out
    lines = trace.read_text().splitlines()
    n = next(i for i, line in enumerate(lines) if "reward" in line and i >= 40)  # a step line past the start
    step = json.loads(lines[n])
    step["reward"] += 0.5
    lines[n] = json.dumps(step)
    trace.write_text("\n".join(lines) + "\n")
    assert main(["env", "--python", env_id, "--trace", str(trace)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"MISMATCH at trace line {n + 1}: seed 3, step "), out
    assert "reward:" in out, out


def test_bad_input_exits_2_from_the_command_line():
    p = subprocess.run([sys.executable, "-m", "jmegym.crosscheck", "env", "--python", "NoSuchEnv-v0", "--java",
                        "CartPole-v1"], capture_output=True, text=True, timeout=120,
                       env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert p.returncode == 2, p.stderr
    assert "--python='NoSuchEnv-v0': cannot make it" in p.stderr, p.stderr


@pytest.mark.parametrize("argv, message", [
    (["--python", "CartPole-v1", "--java", "CartPole-v1", "--seeds", "5..1"], "the last seed 1 is below the first 5"),
    (["--python", "CartPole-v1", "--java", "CartPole-v1", "--seeds", "a"], "expected S..T"),
    (["--python", "CartPole-v1", "--java", "CartPole-v1", "--steps", "0"], "--steps=0"),
    (["--python", "CartPole-v1", "--java", "NoSuch-v0"], "--java='NoSuch-v0': not a registered Java env id"),
    (["--python", "no_such_module:Env", "--java", "CartPole-v1"], "--python='no_such_module:Env'"),
    (["--python", "CartPole-v1", "--trace", "/nonexistent/trace.jsonl"], "cannot read it"),
])
def test_bad_input_exits_2_naming_the_value(bridge, argv, message, capsys):
    assert main(["env", *argv]) == 2
    assert message in capsys.readouterr().err


def test_a_malformed_trace_exits_2_naming_the_line(tmp_path, capsys):
    trace = tmp_path / "t.jsonl"
    trace.write_text('{"reset": true, "seed": 0, "obs": [0, 0, 0, 0]}\n{"action": 1, "obs": [0, 0, 0, 0]}\n')
    assert main(["env", "--python", "CartPole-v1", "--trace", str(trace)]) == 2
    assert "line 2: a step line lacks reward, terminated, truncated" in capsys.readouterr().err


def test_neither_java_nor_trace_is_a_usage_error(capsys):
    assert main(["env", "--python", "CartPole-v1"]) == 2
    assert "one of the arguments --java --trace is required" in capsys.readouterr().err


def test_the_docs_env_commands_match(bridge, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # the traces they write
    for line in doc_commands("./jmegym rollout "):
        _cli.jmegym(*shlex.split(line)[1:])
    commands = doc_commands("python -m jmegym.crosscheck env ")
    assert len(commands) >= 4
    for line in commands:
        assert main(shlex.split(line)[3:]) == 0, f"{line}\n{capsys.readouterr().out}"
