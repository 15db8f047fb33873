"""One JVM per test session: the ``bridge`` fixture launches the gateway and makes it the default bridge;
``serve`` starts ``jmegym serve`` processes for tests of served gateways; ``wheel`` builds the package's wheel."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import jmegym
from jmegym.bridge import find_jar, find_java
from jmegym.registration import specs_from_jar

# What the JVM can render with (the same rule as the Java side's RenderBackend.AUTO): an X display or OSMesa.
# scripts/test-all.sh provides one where it can (a private Xvfb, or installs Xvfb/OSMesa as root).
HAVE_RENDERER = bool(os.environ.get("DISPLAY")) or any(
    os.path.exists(os.path.join(d, "libOSMesa.so.8")) for d in ("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib"))
NO_RENDERER = "no X display (DISPLAY unset) and no libOSMesa.so.8: the JVM cannot render here"
READY_TIMEOUT = 60.0  # seconds a served gateway may take to print its ready line
PACKAGE = Path(__file__).resolve().parents[1]  # bridge/python

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


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """The package's wheel (``pip wheel --no-deps``), carrying the jar the Maven build wrote into the package."""
    jar = PACKAGE / "src" / "jmegym" / "_jar" / "jmegym-gateway.jar"
    assert jar.is_file(), f"{jar} is missing: run the Maven build (mvn package) first, it writes the package's jar"
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--disable-pip-version-check",
                    str(PACKAGE), "-w", str(out)], check=True, timeout=600)
    (whl,) = out.glob("jmegym-*.whl")
    return whl


class Served:
    """A ``jmegym serve --token-file`` process: its ready line, its token file, its later output lines."""

    def __init__(self, token_file, *args: str):
        self.token_file = token_file
        self.proc = subprocess.Popen([find_java(), "-Xmx256m", "-jar", str(find_jar()), "serve", "--token-file",
                                      str(token_file), *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self._lines: queue.Queue = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(self.proc.stderr), daemon=True).start()
        first = self.line(READY_TIMEOUT)
        self.ready = json.loads(first[len("JMEGYM_GATEWAY "):]) if first and first.startswith("JMEGYM_GATEWAY ") \
            else None
        self.first_line = first

    def _read(self) -> None:
        for line in self.proc.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def line(self, timeout: float) -> str | None:
        """The next output line (None at the end of the output or after ``timeout`` seconds)."""
        try:
            return self._lines.get(timeout=timeout)
        except queue.Empty:
            return None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


@pytest.fixture
def serve(tmp_path):
    """Starts served gateways (``serve(*args, token_file=...)``); stops them after the test."""
    started = []

    def start(*args: str, token_file=None) -> Served:
        s = Served(token_file or tmp_path / "gw.json", *args)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


@pytest.fixture(scope="session")
def x_display():
    """An X display for a real window (``play``): ``$DISPLAY``, else a private Xvfb started here; the test is
    skipped with the reason only where neither exists (OSMesa renders offscreen frames but opens no window)."""
    import shutil
    import time

    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("no X display (DISPLAY unset) and no Xvfb: a window cannot be opened here")
    for n in range(140, 180):
        if os.path.exists(f"/tmp/.X11-unix/X{n}") or os.path.exists(f"/tmp/.X{n}-lock"):
            continue
        proc = subprocess.Popen([xvfb, f":{n}", "-screen", "0", "1024x768x24", "+extension", "GLX", "-nolisten",
                                 "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None and not os.path.exists(f"/tmp/.X11-unix/X{n}"):
            time.sleep(0.1)
        if os.path.exists(f"/tmp/.X11-unix/X{n}"):
            try:
                yield f":{n}"
            finally:
                proc.terminate()
                proc.wait(10)
            return
        proc.kill()
        proc.wait(10)
    pytest.skip("Xvfb did not start on any display :140-:179")
