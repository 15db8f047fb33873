"""One JVM per test session: the ``bridge`` fixture launches the gateway and makes it the default bridge."""

from __future__ import annotations

import pytest

import jmegym
from jmegym.registration import specs_from_jar

CLASSIC = ["CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1"]


def java_ids() -> list[str]:
    """Every env id the jar registers (read without building envs; cached per jar build)."""
    return [s["id"] for s in specs_from_jar()]


@pytest.fixture(scope="session")
def bridge():
    b = jmegym.launch(java_opts=["-Xmx1g"])
    yield b
    jmegym.close()
    b.close()
