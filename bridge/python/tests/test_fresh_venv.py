"""The built wheel carries the gateway jar and the spec manifest: installed into a new venv, it works from any
folder with no environment variable, and a machine without Java gets a clear JmeBridgeError at make."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

MAX_WHEEL_MB = 60


@pytest.fixture(scope="module")
def venv_python(wheel, tmp_path_factory) -> Path:
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
                   check=True, timeout=900, env=_clean_env())
    return python


def _clean_env(**extra: str) -> dict:
    """The environment of a new shell: no jmegym variables and no PYTHONPATH that could shadow the installed wheel."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JMEGYM_") and k != "PYTHONPATH"}
    env.update(extra)
    return env


def test_the_wheel_carries_the_jar_the_manifest_and_the_typing_marker_under_the_size_limit(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert {"jmegym/_jar/jmegym-gateway.jar", "jmegym/_jar/specs.json", "jmegym/py.typed"} <= set(names), names
    assert wheel.stat().st_size < MAX_WHEEL_MB * 2**20, f"{wheel.name}: {wheel.stat().st_size / 2**20:.1f} MB"
    jar_names = zipfile.ZipFile(zipfile.ZipFile(wheel).open("jmegym/_jar/jmegym-gateway.jar")).namelist()
    assert not [n for n in jar_names if n.startswith(("org/nd4j/", "org/bytedeco/"))], "the gateway jar carries ND4J"


def test_an_installed_wheel_makes_and_steps_a_java_env_from_any_folder(venv_python, tmp_path):
    code = ("import gymnasium as gym, jmegym\n"
            "env = gym.make('jmegym/CartPole-v1')\n"
            "obs, _ = env.reset(seed=0)\n"
            "print(obs.shape, env.step(0)[1])\n"
            "env.close()\n")
    r = subprocess.run([str(venv_python), "-c", code], cwd=tmp_path, env=_clean_env(), capture_output=True,
                       text=True, timeout=180)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "(4,) 1.0", r.stdout


def test_without_java_import_registers_every_id_and_make_raises_a_clear_error(venv_python, tmp_path):
    code = ("import gymnasium as gym, jmegym\n"
            "assert 'jmegym/Chase-v0' in gym.registry, sorted(gym.registry)\n"
            "try:\n"
            "    gym.make('jmegym/Chase-v0')\n"
            "except jmegym.JmeBridgeError as e:\n"
            "    print('JmeBridgeError', e)\n")
    env = _clean_env(PATH=str(venv_python.parent))  # no java on PATH
    env.pop("JAVA_HOME", None)
    r = subprocess.run([str(venv_python), "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("JmeBridgeError") and "Java 17+ runtime" in r.stdout, r.stdout
