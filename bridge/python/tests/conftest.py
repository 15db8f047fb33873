"""One JVM per test session: the ``bridge`` fixture launches the gateway and makes it the default bridge."""

from __future__ import annotations

import os

import pytest

import jmegym
from jmegym.registration import specs_from_jar

# What the JVM can render with (the same rule as the Java side's RenderBackend.AUTO): an X display or OSMesa.
# scripts/test-all.sh provides one where it can (a private Xvfb, or installs Xvfb/OSMesa as root).
HAVE_RENDERER = bool(os.environ.get("DISPLAY")) or any(
    os.path.exists(os.path.join(d, "libOSMesa.so.8")) for d in ("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib"))
NO_RENDERER = "no X display (DISPLAY unset) and no libOSMesa.so.8: the JVM cannot render here"

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
