"""The vector channel (docs/wire-format.md, "Vector channel"): JavaVectorEnv steps through it with the golden bytes
the Java tests also check, gets the same results and the same errors as through Py4J, and a broken, interrupted,
hung or dead channel behaves as a Py4J call does."""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import threading
import time
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest

import jmegym
from jmegym._channel import VectorChannel

GOLDEN_FILE = Path(__file__).resolve().parents[2] / "src" / "test" / "resources" / "wire-golden.json"
GOLDEN = json.loads(GOLDEN_FILE.read_text(encoding="utf-8"))["vector_channel"]


def _recv_exactly(conn: socket.socket, n: int) -> bytes:
    out = b""
    while len(out) < n:
        chunk = conn.recv(n - len(out))
        assert chunk, "the client closed the channel early"
        out += chunk
    return out


class _FakeGateway:
    """A listener that records what a client sends and answers with given frames (None: stays silent)."""

    def __init__(self, answers: list[tuple[int, bytes | None]], delay: float = 0.0):
        self.delay = delay  # seconds before each answer after the first
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received: list[bytes] = []
        self._answers = answers
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        conn, _ = self.server.accept()
        with conn:
            for size, answer in self._answers:
                self.received.append(_recv_exactly(conn, size))
                if answer is None:
                    time.sleep(30)
                    return
                if self.received[1:]:
                    time.sleep(self.delay)
                conn.sendall(answer)
            conn.recv(1)  # until the client closes

    def close(self) -> None:
        self.server.close()


def test_the_client_writes_the_golden_handshake_and_request_and_reads_the_golden_reply():
    handshake, request = bytes.fromhex(GOLDEN["handshake_hex"]), bytes.fromhex(GOLDEN["request_hex"])
    reply = bytes.fromhex(GOLDEN["reply_hex"])
    fake = _FakeGateway([(len(handshake), bytes.fromhex(GOLDEN["accepted_hex"])), (len(request), reply)])
    try:
        channel = VectorChannel(fake.port, GOLDEN["token"], GOLDEN["session"], GOLDEN["handle"], timeout=5.0)
        actions = jmegym.spaces.Codec(gym.spaces.Discrete(2)).encode(np.array(GOLDEN["actions"]),
                                                                      n=GOLDEN["num_envs"])
        payload = channel.step_all(actions)
        channel.close()
    finally:
        fake.close()
    assert fake.received == [handshake, request]
    assert bytes(payload) == reply[8:]


@pytest.mark.parametrize("spin_us, delay", [("0", 0.0), ("100", 0.0), ("100", 0.05), ("10000", 0.002)],
                         ids=["blocks", "polls", "polls-then-blocks", "reply-within-the-poll"])
def test_the_client_reads_the_same_reply_whether_it_polls_first_or_blocks(monkeypatch, spin_us, delay):
    monkeypatch.setenv("JMEGYM_CHANNEL_SPIN_US", spin_us)
    handshake, request = bytes.fromhex(GOLDEN["handshake_hex"]), bytes.fromhex(GOLDEN["request_hex"])
    reply = bytes.fromhex(GOLDEN["reply_hex"])
    fake = _FakeGateway([(len(handshake), bytes.fromhex(GOLDEN["accepted_hex"])), (len(request), reply)], delay)
    try:
        channel = VectorChannel(fake.port, GOLDEN["token"], GOLDEN["session"], GOLDEN["handle"], timeout=5.0)
        assert channel.spin == pytest.approx(float(spin_us) * 1e-6)
        t0 = time.perf_counter()
        payload = bytes(channel.step_all(request[8:]))
        waited = time.perf_counter() - t0
        channel.close()
    finally:
        fake.close()
    assert payload == reply[8:]
    assert waited >= delay
    assert (channel._poll is not None) == (spin_us != "0")


@pytest.mark.parametrize("value", ["-1", "10001", "fast", "nan"])
def test_a_bad_channel_poll_is_a_clear_error(monkeypatch, value):
    monkeypatch.setenv("JMEGYM_CHANNEL_SPIN_US", value)
    with pytest.raises(ValueError, match=f"JMEGYM_CHANNEL_SPIN_US={value!r}: expected microseconds"):
        VectorChannel(1, "t", "s", 1, timeout=1.0)


def test_a_vector_env_steps_through_the_channel_with_the_golden_reply(bridge):
    venv = jmegym.JavaVectorEnv(GOLDEN["env"], GOLDEN["num_envs"], autoreset_mode="same_step")
    try:
        venv.reset(seed=GOLDEN["reset_seed"])
        replies = []
        real = VectorChannel.step_all
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(VectorChannel, "step_all", lambda self, a: replies.append(bytes(real(self, a))) or replies[-1])
            obs, rewards, terminated, truncated, infos = venv.step(np.array(GOLDEN["actions"]))
        assert replies == [bytes.fromhex(GOLDEN["reply_hex"])[8:]]
        expected = GOLDEN["reply"]
        np.testing.assert_array_equal(obs, np.array(expected["observations"], dtype=np.float32))
        np.testing.assert_array_equal(rewards, expected["rewards"])
        assert terminated.tolist() == expected["terminated"] and truncated.tolist() == expected["truncated"]
        assert infos == {}
    finally:
        venv.close()


def _trajectory(bridge, use_channel: bool, steps: int = 300):
    bridge.use_vector_channel = use_channel
    venv = jmegym.JavaVectorEnv("CartPole-v1", 4)
    try:
        rng = np.random.default_rng(3)
        out = [venv.reset(seed=7)[0]]
        for _ in range(steps):
            obs, rewards, terminated, truncated, infos = venv.step(rng.integers(0, 2, 4))
            out += [obs, rewards, terminated, truncated, sorted(infos)]
        assert (venv._channel is not False) == use_channel
        return out
    finally:
        venv.close()
        bridge.use_vector_channel = True


def test_the_channel_and_py4j_give_the_same_trajectory_through_autoresets(bridge):
    channel, py4j = _trajectory(bridge, True), _trajectory(bridge, False)
    assert len(channel) == len(py4j)
    for a, b in zip(channel, py4j):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


def test_a_java_exception_over_the_channel_is_the_same_python_error_as_over_py4j(bridge):
    errors: list[tuple] = []
    for use in (True, False):
        bridge.use_vector_channel = use
        venv = jmegym.JavaVectorEnv("CartPole-v1", 2)
        venv.reset(seed=0)
        venv.step(np.zeros(2, dtype=np.int64))
        bridge.call("close", venv._handle)  # closed behind the env's back: the Java side raises
        with pytest.raises(RuntimeError) as e:
            venv.step(np.zeros(2, dtype=np.int64))
        errors.append((type(e.value), e.value.java_class, str(e.value).replace(f"={venv._handle})", "=H)")))
        venv.close()
    bridge.use_vector_channel = True
    assert errors[0] == errors[1], errors
    assert errors[0][1] == "java.lang.IllegalStateException" and "no open vector env" in errors[0][2]
    assert bridge.alive


def test_an_interrupted_step_closes_the_channel_and_the_env_works_after_a_reset(bridge, monkeypatch):
    venv = jmegym.JavaVectorEnv("CartPole-v1", 2)
    venv.reset(seed=0)
    venv.step(np.zeros(2, dtype=np.int64))
    channel = venv._channel
    monkeypatch.setattr(channel, "_reply", lambda: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        venv.step(np.zeros(2, dtype=np.int64))
    assert channel.closed and venv._channel is None
    with pytest.raises(gym.error.ResetNeeded, match="interrupted"):
        venv.step(np.zeros(2, dtype=np.int64))
    venv.reset(seed=0)
    venv.step(np.zeros(2, dtype=np.int64))
    assert venv._channel is not None and venv._channel is not channel
    venv.close()


def test_a_channel_with_no_answer_times_out_like_a_call_and_the_env_then_needs_a_reset(bridge, monkeypatch):
    venv = jmegym.JavaVectorEnv("CartPole-v1", 2)
    venv.reset(seed=0)
    handshake = 20 + len(bridge._token) + len(bridge._gateway._session_id)
    fake = _FakeGateway([(handshake, struct.pack("<ii", 0, 0)), (8 + 16, None)])
    monkeypatch.setitem(bridge.hello, "vector_channel", fake.port)
    monkeypatch.setattr(bridge, "_call_timeout", 0.5)
    try:
        with pytest.raises(jmegym.JmeBridgeError, match="within the call time-out"):
            venv.step(np.zeros(2, dtype=np.int64))
    finally:
        fake.close()
        monkeypatch.undo()
    assert bridge.alive
    with pytest.raises(gym.error.ResetNeeded):
        venv.step(np.zeros(2, dtype=np.int64))
    venv.reset(seed=0)
    venv.step(np.zeros(2, dtype=np.int64))
    venv.close()


def test_killing_the_jvm_fails_the_next_vector_step_with_its_exit_code():
    b = jmegym.launch(set_default=False, java_opts=["-Xmx256m"])
    venv = jmegym.JavaVectorEnv("CartPole-v1", 2, bridge=b)
    venv.reset(seed=0)
    venv.step(np.zeros(2, dtype=np.int64))
    os.kill(b.process.pid, signal.SIGKILL)
    t0 = time.monotonic()
    with pytest.raises(jmegym.JmeBridgeError, match=r"exited with code -9"):
        venv.step(np.zeros(2, dtype=np.int64))
    assert time.monotonic() - t0 < 5.0
    venv.close()
    b.close()
