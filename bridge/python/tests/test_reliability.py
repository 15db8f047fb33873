"""Faults injected into the bridge: one failing call or env must not take the others down; dead clients, idle
sockets and Ctrl-C must not leave the gateway holding anything; a token holder cannot reach arbitrary Java."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time

import gymnasium as gym
import numpy as np
import pytest
from py4j.protocol import ERROR_ON_RECEIVE, Py4JError, Py4JJavaError, Py4JNetworkError

import jmegym

CHILD_TIMEOUT = 60.0  # seconds any child Python process may run
RELEASE_WITHIN = 5.0  # seconds the gateway may take to release a dead client's envs


def _child(script: str, **popen) -> subprocess.Popen:
    env = dict(os.environ, JMEGYM_NO_REGISTER="1", PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def _await(predicate, within: float) -> float | None:
    """Seconds until ``predicate()`` held, or None if it did not within ``within`` seconds."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < within:
        if predicate():
            return time.monotonic() - t0
        time.sleep(0.02)
    return None


def _threads(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return int(next(ln for ln in f if ln.startswith("Threads:")).split()[1])


# ---------------------------------------------------------------------- item 1: one failure, one call


def test_a_step_after_close_fails_for_that_env_alone_before_any_round_trip(bridge, monkeypatch):
    a = gym.make("jmegym/CartPole-v1")
    b = gym.make("jmegym/CartPole-v1")
    b.reset(seed=0)
    a.reset(seed=0)
    a.close()
    with monkeypatch.context() as m:
        m.setattr(bridge, "call", lambda *args: pytest.fail(f"a closed env sent {args[0]}"))
        with pytest.raises(gym.error.ClosedEnvironmentError, match=r"step\(CartPole-v1\): this env is closed"):
            a.step(0)
        with pytest.raises(gym.error.ClosedEnvironmentError, match=r"reset\(CartPole-v1\): this env is closed"):
            a.reset()
    vec = gym.make_vec("jmegym/CartPole-v1", num_envs=2)
    vec.reset(seed=0)
    vec.close()
    with pytest.raises(gym.error.ClosedEnvironmentError, match=r"step\(CartPole-v1\): this env is closed"):
        vec.step(np.array([0, 1]))
    b.step(0)
    assert bridge.alive and jmegym.default_bridge() is bridge, "no second JVM"
    b.close()


@pytest.mark.parametrize("handle, kind", [(None, TypeError), (2**40, ValueError), (-1, ValueError),
                                          (True, TypeError), (1.0, TypeError)])
def test_a_bad_handle_raises_before_sending_and_the_bridge_stays_alive(bridge, handle, kind):
    env = jmegym.JavaEnv("CartPole-v1")
    env.reset(seed=0)
    with pytest.raises(kind, match=rf"step\(handle={handle!r}\): handle={handle!r}.*expected an int from 1 to "
                                   rf"2147483647"):
        bridge.call("step", handle, b"\0" * 8)
    env.step(0)
    assert bridge.alive
    env.close()


@pytest.mark.parametrize("num_envs, kind", [(2**31, ValueError), (2**20, ValueError), (2.0, TypeError)])
def test_a_bad_num_envs_raises_before_sending_and_the_bridge_stays_alive(bridge, num_envs, kind):
    with pytest.raises(kind, match=rf"num_envs={num_envs!r}; expected an int from 1 to 65536"):
        jmegym.JavaVectorEnv("CartPole-v1", num_envs=num_envs)
    assert bridge.alive


def test_a_call_with_argument_types_java_has_no_method_for_is_a_type_error_for_that_call(bridge):
    env = jmegym.JavaEnv("CartPole-v1")
    env.reset(seed=0)
    with pytest.raises(TypeError, match=r"reset\(.*'not a seed'.*\): the Java gateway refused the call: .*Method "
                                        r"reset\(.*\) does not exist"):
        bridge.call("reset", env._handle, "not a seed", None)
    env.step(0)
    assert bridge.alive
    env.close()


def test_a_thread_closing_an_env_while_another_steps_it_fails_that_env_only(bridge):
    victim = jmegym.JavaEnv("CartPole-v1")
    bystander = jmegym.JavaEnv("CartPole-v1")
    victim.reset(seed=0)
    bystander.reset(seed=0)
    errors: list[BaseException] = []
    started = threading.Event()

    def stepping() -> None:
        deadline = time.monotonic() + 10
        try:
            while time.monotonic() < deadline:
                _, _, term, trunc, _ = victim.step(0)
                started.set()
                if term or trunc:
                    victim.reset()
        except BaseException as e:  # noqa: BLE001 - the test inspects whatever ended the loop
            errors.append(e)

    t = threading.Thread(target=stepping)
    t.start()
    assert started.wait(10)
    victim.close()
    t.join(15)
    assert not t.is_alive()
    assert len(errors) == 1 and isinstance(errors[0], (gym.error.ClosedEnvironmentError, RuntimeError)), errors
    assert "closed" in str(errors[0]) or "no open env" in str(errors[0]), errors[0]
    bystander.step(0)
    assert bridge.alive and jmegym.default_bridge() is bridge
    bystander.close()


def test_a_connection_breaking_during_a_call_fails_that_call_and_the_env_then_needs_a_reset(bridge, monkeypatch):
    env = jmegym.JavaEnv("CartPole-v1")
    bystander = jmegym.JavaEnv("CartPole-v1")
    env.reset(seed=0)
    bystander.reset(seed=0)
    connection = bridge._client._get_connection()

    def broken(command: str) -> str:
        connection.close(reset=True)
        raise Py4JNetworkError("Error while receiving", ConnectionResetError(104, "Connection reset by peer"),
                               ERROR_ON_RECEIVE)

    monkeypatch.setattr(connection, "send_command", broken)
    bridge._client._give_back_connection(connection)
    with pytest.raises(jmegym.JmeBridgeError, match="broke .* the gateway still answers"):
        env.step(0)
    assert bridge.alive
    with pytest.raises(gym.error.ResetNeeded, match=r"step\(CartPole-v1\): the previous step failed"):
        env.step(0)
    bystander.step(0)
    env.reset(seed=0)
    env.step(0)
    env.close()
    bystander.close()


def test_a_pooled_connection_closing_does_not_release_the_bridges_envs(bridge):
    env = jmegym.JavaEnv("CartPole-v1")
    env.reset(seed=0)
    handles = bridge.call("openHandles")
    while bridge._client.deque:  # e.g. a call time-out closed them; the lease connection keeps the session
        bridge._client.deque.pop().close()
    time.sleep(0.5)
    assert bridge.call("openHandles") == handles
    env.step(0)
    env.close()


# ---------------------------------------------------------------------- item 2: dead clients

CLIENT = """
    import sys, time, jmegym
    b = jmegym.connect(token_file=sys.argv[1], set_default=False, register=False)
    envs = [jmegym.JavaEnv("CartPole-v1", bridge=b), jmegym.JavaEnv("LiveCartPole-v0", bridge=b),
            jmegym.JavaVectorEnv("CartPole-v1", num_envs=4, bridge=b)]
    for e in envs:
        e.reset(seed=0)
    envs[2].step([0, 1, 0, 1])  # opens the vector's binary channel, which must be released with the rest
    assert envs[2]._channel, "the vector steps through its channel"
    print("ready", flush=True)
    time.sleep(60)
"""


def test_the_envs_of_a_client_killed_with_sigkill_are_released_and_its_live_env_can_be_driven_again(serve):
    served = serve("--live", "CartPole-v1=LiveCartPole-v0")
    assert served.ready is not None, served.first_line
    monitor = jmegym.connect(token_file=served.token_file, set_default=False, register=False)
    child = _child(CLIENT.replace("sys.argv[1]", repr(str(served.token_file))))
    try:
        line = _readline(child, CHILD_TIMEOUT)
        assert line == "ready", (line, child.stderr.read() if child.poll() is not None else "")
        assert monitor.call("openHandles") == 3
        with pytest.raises(RuntimeError, match="already driven by handle"):
            jmegym.JavaEnv("LiveCartPole-v0", bridge=monitor)
        killed = time.monotonic()
        child.kill()
        released = _await(lambda: monitor.call("openHandles") == 0, RELEASE_WITHIN)
        assert released is not None, f"{monitor.call('openHandles')} handles left {RELEASE_WITHIN} s after the kill"
        # the session ends only once its last connection (Py4J's and the vector channel) has closed
        print(f"released 3 handles (one live, one vector with its channel) {(time.monotonic() - killed) * 1000:.0f}"
              " ms after the kill")
        live = jmegym.JavaEnv("LiveCartPole-v0", bridge=monitor)
        live.reset(seed=0)
        live.step(1)
        live.close()
    finally:
        child.kill()
        child.wait(10)
        monitor.close()


def _readline(proc: subprocess.Popen, timeout: float) -> str | None:
    out: list[str] = []
    t = threading.Thread(target=lambda: out.append(proc.stdout.readline()), daemon=True)
    t.start()
    t.join(timeout)
    return out[0].strip() if out else None


# ---------------------------------------------------------------------- item 3: idle sockets


def test_three_hundred_idle_sockets_hold_no_threads_past_the_time_out_and_a_real_client_works_meanwhile():
    if not os.path.exists("/proc/self/status"):
        pytest.skip("counts threads through /proc")
    b = jmegym.launch(set_default=False, java_opts=["-Xmx256m"])
    try:
        env = jmegym.JavaEnv("CartPole-v1", bridge=b)
        env.reset(seed=0)
        baseline = _threads(b.process.pid)
        idle = [socket.create_connection(("127.0.0.1", b.port)) for _ in range(300)]
        try:
            time.sleep(0.3)
            during = _threads(b.process.pid)
            other = jmegym.JavaEnv("CartPole-v1", bridge=b)  # a new connection while the idle ones wait
            other.reset(seed=1)
            env.step(0)
            back = _await(lambda: _threads(b.process.pid) <= baseline + 2, 5.0 + 3.0)
            print(f"gateway threads: {baseline} before, {during} with 300 idle sockets, "
                  f"{_threads(b.process.pid)} after {back:.1f} s" if back is not None else "")
            assert during <= baseline + 64 + 4
            assert back is not None, f"threads {baseline} -> {_threads(b.process.pid)}"
            other.step(0)
            env.step(0)
        finally:
            for s in idle:
                s.close()
    finally:
        b.close()


# ---------------------------------------------------------------------- item 4: Ctrl-C

CTRL_C = """
    import signal, time, gymnasium as gym, jmegym
    b = jmegym.launch(set_default=False, java_opts=["-Xmx256m"])
    env = jmegym.JavaEnv("CartPole-v1", bridge=b)
    other = jmegym.JavaEnv("CartPole-v1", bridge=b)
    other.reset(seed=1)
    env.reset(seed=0)
    deadline = time.monotonic() + 40
    announced = False
    while time.monotonic() < deadline:
        try:
            if not announced:  # inside the try: the parent's first SIGINT may come right after this line
                announced = True
                print("ready", flush=True)
            while True:
                _, _, term, trunc, _ = env.step(0)
                if term or trunc:
                    env.reset()
        except KeyboardInterrupt:  # what a training loop does to save its model
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                env.step(0)
                print("interrupted between calls", flush=True)
                signal.signal(signal.SIGINT, signal.default_int_handler)
                continue
            except gym.error.ResetNeeded as e:
                print("caught KeyboardInterrupt inside a call; then:", e, flush=True)
                break
    other.step(0)
    print("other env ok", flush=True)
    env.reset(seed=0)
    env.step(0)
    print("reset then step ok", flush=True)
    b.close()
"""


def test_ctrl_c_during_a_step_raises_keyboard_interrupt_and_the_env_works_after_a_reset():
    child = _child(CTRL_C, start_new_session=True)  # its own process group, as a terminal's foreground job
    try:
        assert _readline(child, CHILD_TIMEOUT) == "ready"
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(ln.strip() for ln in child.stdout), daemon=True)
        reader.start()
        deadline = time.monotonic() + 40
        sent = 0
        while time.monotonic() < deadline and not any(ln.startswith("caught") for ln in lines):
            os.killpg(child.pid, signal.SIGINT)  # Ctrl-C reaches the whole group, the launched JVM too
            sent += 1
            time.sleep(0.03 + 0.02 * (sent % 3))
        rc = child.wait(CHILD_TIMEOUT)
        reader.join(5)
        err = child.stderr.read()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
    caught = [ln for ln in lines if ln.startswith("caught")]
    assert caught, f"no interrupt landed inside a call after {sent} SIGINTs: {lines} {err}"
    assert "call reset() first" in caught[0] and "interrupted (KeyboardInterrupt)" in caught[0], caught[0]
    assert "AttributeError" not in err and "Traceback" not in err, err
    assert rc == 0 and "other env ok" in lines and "reset then step ok" in lines, (rc, lines, err)


# ---------------------------------------------------------------------- item 7: token file and reflection


def test_a_second_serve_on_a_held_token_file_is_refused_and_the_first_keeps_its_file(serve, tmp_path):
    first = serve()
    assert first.ready is not None, first.first_line
    content = first.token_file.read_text()
    second = serve(token_file=first.token_file)
    assert second.proc.wait(30) == 1
    assert second.ready is None
    message = "".join(second.stderr)
    assert message.startswith(f"jmegym serve: the token file {first.token_file} belongs to a running gateway "
                              f"(process {first.proc.pid}; lock {first.token_file}.lock); stop that gateway or "
                              f"choose another --token-file"), message
    assert first.token_file.read_text() == content, "the refused gateway left the file alone"
    b = jmegym.connect(token_file=first.token_file, set_default=False, register=False)
    b.call("openHandles")
    b.close()
    first.stop()
    assert not first.token_file.exists()
    assert list(tmp_path.iterdir()) == [], "the lock file was removed too"


def test_a_token_holder_cannot_reach_arbitrary_java_and_the_bridge_stays_usable(bridge):
    env = jmegym.JavaEnv("CartPole-v1")
    env.reset(seed=0)
    with pytest.raises(Py4JError, match="command 'r' is disabled"):
        bridge._gateway.jvm.java.lang.Runtime.getRuntime()
    with pytest.raises(Py4JError, match="disabled"):
        bridge._gateway.new_array(bridge._gateway.jvm.int, 3)
    with pytest.raises(Py4JJavaError, match="not allowed"):
        bridge._gateway.entry_point.getClass()
    env.step(0)
    assert bridge.alive and np.asarray(env.reset(seed=0)[0]).shape == (4,)
    env.close()
