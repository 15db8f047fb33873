"""``python -m jmegym.crosscheck curves`` at reduced size: 2 seeds x a few rollouts of the Java trainer (the CLI jar)
and of SB3 PPO / sb3-contrib TRPO give the per-seed table, the Mann-Whitney U tests and the PNG of both bands."""

from __future__ import annotations

import json
import shlex

import pytest

from jmegym.crosscheck.__main__ import build_parser, main

import _cli
from test_crosscheck_env import doc_commands

pytest.importorskip("torch")
pytest.importorskip("scipy")
pytest.importorskip("matplotlib")

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("algo, steps, contrib", [("ppo", 512, "sb3"), ("trpo", 1024, "sb3-contrib")])
def test_two_seeds_give_the_table_the_tests_and_the_png(algo, steps, contrib, tmp_path, capsys):
    _cli.require_jar()
    if algo == "trpo":
        pytest.importorskip("sb3_contrib")
    out = tmp_path / "cmp"
    argv = ["curves", "--env", "CartPole-v1", "--algo", algo, "--seeds", "2", "--steps", str(steps),
            "--out", str(out), "--jmegym", _cli.JAR]
    assert main(argv) == 0  # with 2 seeds a side the smallest two-sided p is 1/3
    printed = capsys.readouterr().out
    table = (out / "table.md").read_text()
    assert table in printed
    assert f"| seed | jmegym steps to 475 | {contrib} steps to 475 |" in table
    assert "\n| 0 | not reached | not reached |" in table and "\n| 1 | not reached | not reached |" in table
    assert "Mann-Whitney U (two-sided): steps to 475: U = 2, p = 1; final return: U = " in table
    summary = json.loads((out / "summary.json").read_text())
    assert sorted((r["impl"], r["seed"]) for r in summary["runs"]) == sorted(
        [(contrib, 0), (contrib, 1), ("jmegym", 0), ("jmegym", 1)])
    assert all(r["final"] is not None and r["final"] > 0 for r in summary["runs"])
    png = (out / "curves.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    runs = (out / "runs.jsonl").read_text()
    assert main(argv) == 0  # the second time every run is reused from runs.jsonl
    assert (out / "runs.jsonl").read_text() == runs and (out / "table.md").read_text() == table
    assert " steps ...\n" not in capsys.readouterr().out  # no run was started


@pytest.mark.parametrize("args, message", [
    (["--seeds", "1"], "--seeds=1: expected at least 2 seeds"),
    (["--env", "Taxi-v3"], "--env=Taxi-v3: no rl-baselines3-zoo settings"),
    (["--jmegym", "/nonexistent/jmegym.jar"], "--jmegym=/nonexistent/jmegym.jar: no such file"),
])
def test_bad_input_exits_2_naming_the_value(args, message, capsys, tmp_path):
    argv = ["curves", "--env", "CartPole-v1", "--algo", "ppo", "--out", str(tmp_path), *args]
    if "--jmegym" not in args:
        _cli.require_jar()
        argv += ["--jmegym", _cli.JAR]
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_the_docs_curves_commands_parse():
    parser, _ = build_parser()
    commands = doc_commands("python -m jmegym.crosscheck curves ")
    assert len(commands) >= 3
    for line in commands:
        args = parser.parse_args(shlex.split(line)[3:])
        assert args.command == "curves" and args.algo in ("ppo", "trpo"), line
