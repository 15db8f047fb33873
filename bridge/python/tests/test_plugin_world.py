"""A world from outside the repository: the CoinCollector example built as a game developer's own Maven project
(engine-plugin/src/test/sample-world/pom.xml, depending only on the installed jmegym artifacts and registering its
env through META-INF/services), loaded from its jar through ``JMEGYM_CLASSPATH`` by the real CLI jar and by
Python."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jmegym.bridge import find_java

from conftest import HAVE_RENDERER, NO_RENDERER

ROOT = Path(__file__).resolve().parents[3]
CLI_JAR = ROOT / "bridge" / "target" / "jmegym.jar"
SAMPLE = ROOT / "engine-plugin" / "src" / "test" / "sample-world"
ID = "CoinCollector-v0"
TIMEOUT = 180  # seconds any one command may take

pytestmark = pytest.mark.skipif(
    not CLI_JAR.is_file() or shutil.which("mvn") is None,
    reason=f"needs the CLI jar {CLI_JAR} and Maven to build the sample world: mvn install (scripts/test-all.sh does)")


@pytest.fixture(scope="module")
def world_jar() -> Path:
    """The sample world's jar, built as its user would (offline: the jmegym artifacts come from mvn install)."""
    r = subprocess.run(["mvn", "-B", "-ntp", "-o", "-q", "-f", str(SAMPLE / "pom.xml"), "package"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, "building the sample world failed (is jmegym installed? mvn install):\n" + r.stdout + r.stderr
    jar = SAMPLE / "target" / "coin-collector-1.0.jar"
    assert jar.is_file(), list(SAMPLE.rglob("*.jar"))
    return jar


@pytest.fixture(scope="module")
def plugin_env(world_jar, tmp_path_factory) -> dict:
    """The environment of a user whose JMEGYM_CLASSPATH holds the world's jar."""
    env = dict(os.environ, JMEGYM_CLASSPATH=str(world_jar))
    env["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))  # the spec listing of this plugin set, fresh
    return env


def jmegym_cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([find_java(), "-Xmx1g", "-jar", str(CLI_JAR), *args], env=env, capture_output=True,
                          text=True, timeout=TIMEOUT)


def test_envs_lists_the_plugin_world(plugin_env):
    r = jmegym_cli(plugin_env, "envs")
    assert r.returncode == 0, r.stderr
    line = next((ln for ln in r.stdout.splitlines() if ln.startswith(ID + " ")), None)
    assert line is not None and "Discrete(5)" in line and "(7,)" in line, r.stdout


def test_envs_without_the_plugin_does_not_list_it():
    env = {k: v for k, v in os.environ.items() if k != "JMEGYM_CLASSPATH"}
    r = jmegym_cli(env, "envs")
    assert r.returncode == 0 and ID not in r.stdout, r.stdout


def test_train_writes_a_checkpoint_of_the_plugin_world(plugin_env, tmp_path):
    run = tmp_path / "run"
    r = jmegym_cli(plugin_env, "train", "--env", ID, "--steps", "2000", "--out", str(run), "--no-progress")
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"{ID}: finished 2000 steps" in r.stdout, r.stdout
    assert list((run / "checkpoints").glob("step-*")), list(run.rglob("*"))


def test_record_then_replay_check_the_plugin_world(plugin_env, tmp_path):
    r = jmegym_cli(plugin_env, "record", "--env", ID, "--out", str(tmp_path), "--episodes", "1", "--seed", "4")
    assert r.returncode == 0, r.stdout + r.stderr
    recording = tmp_path / f"{ID}-ep000000-seed4.jsonl.gz"
    assert recording.is_file() and "terminated" in r.stdout, r.stdout
    check = jmegym_cli(plugin_env, "replay", str(recording), "--check")
    assert check.returncode == 0 and "re-simulation matches the recording" in check.stdout, check.stdout + check.stderr


@pytest.mark.skipif(not HAVE_RENDERER, reason=NO_RENDERER)
def test_render_shows_the_plugin_world(plugin_env, tmp_path):
    r = jmegym_cli(plugin_env, "record", "--env", ID, "--out", str(tmp_path), "--episodes", "1")
    assert r.returncode == 0, r.stderr
    recording = next(tmp_path.glob("*.jsonl.gz"))
    frames = tmp_path / "frames"
    r = jmegym_cli(plugin_env, "render", str(recording), "--out", str(frames), "--no-png", "--width", "64",
                   "--height", "48")
    assert r.returncode == 0 and (frames / "episode.gif").is_file(), r.stdout + r.stderr


def test_play_shows_the_plugin_world_in_a_window(plugin_env, x_display, tmp_path):
    shot = tmp_path / "play.png"
    r = jmegym_cli(dict(plugin_env, DISPLAY=x_display), "play", "--env", ID, "--episodes", "1", "--speed", "100", "--screenshot", str(shot),
                   "--screenshot-frame", "5")
    assert r.returncode == 0 and f"{ID}: 1 episodes played by the heuristic" in r.stdout, r.stdout + r.stderr
    assert shot.is_file() and shot.stat().st_size > 0


def test_play_trains_the_plugin_world_headless_and_prints_its_summary(plugin_env, tmp_path):
    env = {k: v for k, v in plugin_env.items() if k != "DISPLAY"}
    r = jmegym_cli(env, "play", "--env", ID, "--headless", "--train", "--speed", "0", "--seconds", "2", "--run-dir",
                   str(tmp_path / "ingame"))
    assert r.returncode == 0, r.stdout + r.stderr
    summary = json.loads(next(ln for ln in r.stdout.splitlines() if ln.startswith("{")))
    assert summary["env"] == ID and summary["agents"] == 1 and summary["steps"] > 0, summary
    assert summary["mode"] == "TRAINING" and "saved " in r.stdout, r.stdout


def test_play_refuses_a_non_engine_id_naming_the_plugin_world_among_the_engine_worlds(plugin_env):
    r = jmegym_cli(plugin_env, "play", "--env", "CartPole-v1")
    assert r.returncode == 2 and r.stderr.startswith("jmegym play: --env CartPole-v1"), r.stderr
    assert "CartPole-v1 is not an engine world" in r.stderr and ID in r.stderr, r.stderr


def test_gymnasium_makes_the_plugin_world_from_python(plugin_env):
    script = (
        "import gymnasium as gym, jmegym\n"
        f"env = gym.make('jmegym/{ID}')\n"
        "obs, info = env.reset(seed=1)\n"
        "assert obs.shape == (7,), obs.shape\n"
        "total, steps, done = 0.0, 0, False\n"
        "while not done:\n"
        "    obs, r, term, trunc, info = env.step(env.action_space.sample())\n"
        "    total += r; steps += 1; done = term or trunc\n"
        "print('episode', steps, env.spec.max_episode_steps)\n"
        "env.close()\n")
    env = dict(plugin_env, PYTHONPATH=os.pathsep.join([str(ROOT / "bridge" / "python" / "src"),
                                                       plugin_env.get("PYTHONPATH", "")]))
    r = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().startswith("episode ") and r.stdout.strip().endswith(" 200"), r.stdout
