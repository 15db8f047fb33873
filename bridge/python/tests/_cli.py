"""Runs the full CLI jar (bridge/target/jmegym.jar) in a subprocess, for tests of what `./jmegym` writes."""

from __future__ import annotations

import os
import subprocess

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
JAR = os.path.join(REPO, "bridge", "target", "jmegym.jar")


def require_jar() -> None:
    if not os.path.isfile(JAR):
        pytest.skip(f"{JAR} is absent: build it with `mvn -B -ntp -pl bridge -am package -DskipTests`")


def jmegym(*args: str, timeout: float = 300, check: bool = True) -> subprocess.CompletedProcess:
    """`java -jar jmegym.jar ARGS`, bounded in time; with `check`, a non-zero exit fails the test with its output."""
    require_jar()
    p = subprocess.run(["java", "-Xmx2g", "-jar", JAR, *args], capture_output=True, text=True, timeout=timeout,
                       stdin=subprocess.DEVNULL)
    if check and p.returncode != 0:
        pytest.fail(f"jmegym {' '.join(args)} exited {p.returncode}\nstdout:\n{p.stdout}\nstderr:\n{p.stderr}")
    return p
