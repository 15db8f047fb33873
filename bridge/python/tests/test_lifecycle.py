"""Launching, connecting, shutting down, crashes and missing prerequisites."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import gymnasium as gym
import pytest

import jmegym
from jmegym.bridge import find_jar, find_java


def test_killing_the_jvm_mid_episode_raises_jme_bridge_error_within_5_seconds():
    b = jmegym.launch(set_default=False, java_opts=["-Xmx256m"])
    env = jmegym.JavaEnv("CartPole-v1", bridge=b)
    env.reset(seed=0)
    env.step(1)
    os.kill(b.process.pid, signal.SIGKILL)
    t0 = time.monotonic()
    with pytest.raises(jmegym.JmeBridgeError, match=r"exited with code -9"):
        env.step(0)
    assert time.monotonic() - t0 < 5.0
    t0 = time.monotonic()
    with pytest.raises(jmegym.JmeBridgeError):  # later calls fail at once too
        env.reset()
    assert time.monotonic() - t0 < 5.0
    env.close()  # closing an env of a dead JVM is quiet
    b.close()


def test_a_hung_jvm_raises_jme_bridge_error_after_the_call_time_out():
    b = jmegym.launch(set_default=False, java_opts=["-Xmx256m"], call_timeout=2.0)
    env = jmegym.JavaEnv("CartPole-v1", bridge=b)
    env.reset(seed=0)
    os.kill(b.process.pid, signal.SIGSTOP)
    deadline = time.monotonic() + 5  # the signal reaches a JVM thread running on another core a little later
    while time.monotonic() < deadline and _state(b.process.pid) != "T":
        time.sleep(0.01)
    try:
        t0 = time.monotonic()
        with pytest.raises(jmegym.JmeBridgeError, match="no answer from the Java gateway"):
            env.step(0)
        assert time.monotonic() - t0 < 5.0
    finally:
        os.kill(b.process.pid, signal.SIGCONT)
    env.reset(seed=0)  # once the JVM runs again, a new connection works
    b.close()


def test_an_env_dropped_without_close_releases_its_java_side(bridge):
    before = bridge.call("openHandles")
    env = jmegym.JavaEnv("CartPole-v1")
    assert bridge.call("openHandles") == before + 1
    del env
    import gc

    gc.collect()
    assert bridge.call("openHandles") == before


def test_close_shuts_the_launched_jvm_down():
    b = jmegym.launch(set_default=False, java_opts=["-Xmx256m"])
    env = jmegym.JavaEnv("CartPole-v1", bridge=b)
    env.reset(seed=0)
    b.close()
    assert b.process.wait(timeout=5) is not None
    assert not b.alive
    with pytest.raises(jmegym.JmeBridgeError, match="closed"):
        env.step(0)


def test_the_jvm_exits_when_the_python_process_is_killed(tmp_path):
    script = textwrap.dedent("""
        import sys, time, jmegym
        b = jmegym.launch(set_default=False, java_opts=["-Xmx256m"])
        print(b.process.pid, flush=True)
        time.sleep(60)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             env=dict(os.environ, JMEGYM_NO_REGISTER="1"))
    jvm_pid = int(child.stdout.readline())
    child.kill()
    child.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(jvm_pid):
        time.sleep(0.1)
    assert not _alive(jvm_pid), "the gateway JVM outlived the Python process that launched it"


def _state(pid: int) -> str | None:
    """The process state letter of /proc/<pid>/stat (R, S, T, Z, ...), or None once the process is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return None


def _alive(pid: int) -> bool:
    return _state(pid) not in (None, "Z")


def test_connect_to_a_served_gateway_with_a_token_file(serve):
    served = serve()
    token_file = served.token_file
    assert served.ready is not None, served.first_line
    assert "token" not in served.ready, "with --token-file the token never goes to stdout"
    assert oct(token_file.stat().st_mode & 0o777) == "0o600"
    b = jmegym.connect(token_file=token_file, set_default=False)
    env = jmegym.JavaEnv("MountainCar-v0", bridge=b)
    obs, _ = env.reset(seed=4)
    assert obs.shape == (2,)
    env.close()
    b.close()
    assert served.proc.poll() is None, "closing a connection leaves a served gateway running"
    with pytest.raises(jmegym.JmeBridgeError, match="cannot connect"):
        jmegym.connect(served.ready["port"], "f" * 64, set_default=False)
    served.stop()
    assert not token_file.exists(), "the token file is removed when the gateway stops"


def test_connect_registers_a_live_env_whose_state_outlives_the_python_session(serve):
    served = serve("--live", "CartPole-v1=LiveCartPole-v0")
    token_file = served.token_file
    assert served.ready is not None, served.first_line
    first = jmegym.connect(token_file=token_file, set_default=False)
    assert gym.spec("jmegym/LiveCartPole-v0").max_episode_steps == 500
    live = {e["id"]: e for e in first.list_envs()}["LiveCartPole-v0"]
    assert live["live"] is True and live["spec"]["id"] == "LiveCartPole-v0"
    env = jmegym.JavaEnv("LiveCartPole-v0", bridge=first)
    with pytest.raises(RuntimeError, match="already driven by handle"):
        jmegym.JavaEnv("LiveCartPole-v0", bridge=first)
    env.reset(options={"state": [0.0, 0.0, 0.0, 0.0]})
    obs_a, *_ = env.step(1)
    first.close()  # the Python session ends; the live env keeps its state

    second = jmegym.connect(token_file=token_file, set_default=False)
    env = jmegym.JavaEnv("LiveCartPole-v0", bridge=second)
    obs_b, *_ = env.step(1)  # no reset: the episode continues where the first session left it
    ref = jmegym.JavaEnv("CartPole-v1", bridge=second)
    ref.reset(options={"state": [0.0, 0.0, 0.0, 0.0]})
    ref.step(1)
    expected, *_ = ref.step(1)
    assert obs_b.tolist() == expected.tolist() and obs_b.tolist() != obs_a.tolist()
    second.close()


def test_no_java_on_path_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(jmegym.JmeBridgeError, match=r"no `java` on PATH.*install"):
        jmegym.launch(set_default=False)


def test_a_missing_jar_says_how_to_build_it(monkeypatch, tmp_path):
    monkeypatch.setenv("JMEGYM_JAR", str(tmp_path / "nope.jar"))
    with pytest.raises(jmegym.JmeBridgeError, match=r"JMEGYM_JAR=.*nope.jar.*does not exist.*\./jmegym --version"):
        jmegym.launch(set_default=False)
    monkeypatch.delenv("JMEGYM_JAR")
    monkeypatch.setattr(jmegym.bridge, "PACKAGED_JAR", tmp_path / "no-packaged.jar")  # a package built without it
    (tmp_path / "bridge").mkdir()
    (tmp_path / "bridge" / "pom.xml").write_text("<project/>")
    with pytest.raises(jmegym.JmeBridgeError, match=r"gateway jar was not found \(the checkout at .* has no "
                                                    r"bridge/target/jmegym-gateway.jar yet\).*run `\./jmegym --version`"):
        find_jar(search=(tmp_path / "bridge",))


def test_a_jvm_that_dies_at_start_reports_its_output(tmp_path):
    bad = tmp_path / "bad.jar"
    bad.write_bytes(b"not a jar")
    with pytest.raises(jmegym.JmeBridgeError, match=r"(?s)exited with code 1 before it was ready.*Invalid or corrupt jarfile"):
        jmegym.launch(jar=bad, set_default=False)


def test_importing_without_java_registers_from_the_manifest_and_launching_explains(tmp_path):
    script = textwrap.dedent("""
        import gymnasium as gym, jmegym
        try:
            jmegym.launch()
        except jmegym.JmeBridgeError as e:
            print("ERR", e)
    """)
    bin_dir = tmp_path / "bin"  # a PATH with python and nothing else, wherever java lives on this machine
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    env = {k: v for k, v in os.environ.items() if k not in ("JAVA_HOME", "JMEGYM_JAR", "JMEGYM_CLASSPATH")}
    env.update(PATH=str(bin_dir), XDG_CACHE_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert "Java envs not registered" not in out.stderr, out.stderr  # the packaged spec manifest needs no JVM
    assert "ERR no `java` on PATH" in out.stdout and "Java 17+ runtime" in out.stdout, out.stdout


def test_gymnasium_make_launches_the_default_bridge_lazily_and_reuses_it(bridge):
    a = gym.make("jmegym/CartPole-v1")
    b = gym.make("jmegym/Acrobot-v1")
    assert a.unwrapped._bridge is b.unwrapped._bridge is jmegym.default_bridge() is bridge
    a.close()
    b.close()


def test_async_vector_workers_launch_their_own_gateways_instead_of_sharing_the_parents(bridge):
    parent = gym.make("jmegym/CartPole-v1")
    parent.reset(seed=0)
    vec = gym.make_vec("jmegym/CartPole-v1", num_envs=2, vectorization_mode="async")
    obs, _ = vec.reset(seed=0)
    ref = gym.make_vec("jmegym/CartPole-v1", num_envs=2)
    import numpy as np

    np.testing.assert_array_equal(obs, ref.reset(seed=0)[0])
    for _ in range(5):
        vec.step(np.array([1, 0]))
    vec.close()
    ref.close()
    parent.step(1)  # the parent's bridge is untouched
    parent.close()


def test_python_side_sockets_set_tcp_nodelay_too(bridge):
    import socket

    bridge.call("openHandles")
    connections = list(bridge._gateway._gateway_client.deque)
    assert connections, "the client keeps its connection for reuse"
    for c in connections:
        assert c.socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


def test_a_launched_gateway_leaves_no_log_file_even_when_its_python_process_is_killed(tmp_path):
    script = textwrap.dedent("""
        import os, signal, jmegym
        jmegym.launch()
        print("up", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # no atexit, no close(): as a killed worker process
    """)
    env = dict(os.environ, TMPDIR=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert "up" in out.stdout, out.stderr
    deadline = time.monotonic() + 10  # the orphaned JVM exits on stdin EOF
    while time.monotonic() < deadline and list(tmp_path.iterdir()):
        time.sleep(0.2)
    assert list(tmp_path.iterdir()) == [], "files left in the temp folder"

