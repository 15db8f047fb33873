"""The vector channel: a binary loopback socket per :class:`jmegym.JavaVectorEnv` that carries its ``stepAll``
calls as length-prefixed frames of the bytes of docs/wire-format.md ("Vector channel"); Py4J stays the control
channel for everything else. :class:`jmegym.bridge.Bridge` turns its failures into the same errors as a Py4J call's.
"""

from __future__ import annotations

import os
import select
import socket
import struct
import time

from . import _protocol as P

MAGIC = 0x56474D4A  # b"JMGV" read as a little-endian int32
OP_STEP_ALL = 1
OK, ERROR = 0, 1

_HEADER = struct.Struct("<ii")
_RECV = 1 << 16


def _spin_seconds() -> float:
    """How long a step polls the socket for its reply before it blocks: ``$JMEGYM_CHANNEL_SPIN_US`` microseconds
    (default 100; 0 blocks at once)."""
    raw = os.environ.get("JMEGYM_CHANNEL_SPIN_US", "100")
    try:
        us = float(raw)
    except ValueError:
        raise ValueError(f"JMEGYM_CHANNEL_SPIN_US={raw!r}: expected microseconds, a number from 0 to 10000") from None
    if not 0 <= us <= 10_000:
        raise ValueError(f"JMEGYM_CHANNEL_SPIN_US={raw!r}: expected microseconds, a number from 0 to 10000")
    return us * 1e-6


class ChannelJavaError(Exception):
    """The gateway answered with an error frame: ``details`` is its JSON ``{"class", "message"}``."""

    def __init__(self, details: bytes):
        super().__init__(details.decode("utf-8", "replace"))
        self.details = details


class VectorChannel:
    """One authenticated channel to the gateway's vector-channel port, bound to one vector handle.

    Not thread-safe (a vector env is stepped by one caller at a time). After any exception other than
    :class:`ChannelJavaError` the channel is closed: a reply may still be on its way and would desynchronise it.
    """

    def __init__(self, port: int, token: str, session_id: str, handle: int, timeout: float | None):
        self.closed = False
        # A reply of a few small envs comes back within tens of microseconds; a thread that blocks for it sleeps,
        # and waking it up again (on a virtual machine: an inter-processor interrupt through the hypervisor) costs
        # more than the wait. So a step first polls for a bounded time, then blocks.
        self.spin = _spin_seconds()
        self._poll: select.poll | None = None
        self._sock = socket.create_connection(("127.0.0.1", int(port)), timeout=timeout)
        try:
            self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            t, s = token.encode("utf-8"), session_id.encode("utf-8")
            self._sock.sendall(struct.pack("<iiii", MAGIC, P.PROTOCOL_VERSION, handle, len(t)) + t
                               + struct.pack("<i", len(s)) + s)
            self._reply()
        except BaseException:
            self.close()
            raise

    def step_all(self, actions: bytes) -> memoryview:
        """Sends the actions of every sub-env; returns the ``stepAll`` reply bytes."""
        try:
            self._sock.sendall(_HEADER.pack(OP_STEP_ALL, len(actions)) + actions)
            return self._reply()
        except ChannelJavaError:
            raise
        except BaseException:  # a broken socket, a time-out or a KeyboardInterrupt: the stream is out of step
            self.close()
            raise

    def _reply(self) -> memoryview:
        sock = self._sock
        if self.spin:
            poll = self._poll
            if poll is None:
                poll = self._poll = select.poll()
                poll.register(sock, select.POLLIN)
            deadline = time.perf_counter() + self.spin
            while not poll.poll(0) and time.perf_counter() < deadline:
                pass
        buf = sock.recv(_RECV)
        while len(buf) < _HEADER.size:
            more = sock.recv(_RECV)
            if not more:
                raise ConnectionResetError("the gateway closed the vector channel")
            buf += more
        status, n = _HEADER.unpack_from(buf)
        total = _HEADER.size + n
        if len(buf) < total:
            whole = bytearray(total)
            whole[: len(buf)] = buf
            view, got = memoryview(whole), len(buf)
            while got < total:
                k = sock.recv_into(view[got:])
                if k == 0:
                    raise ConnectionResetError("the gateway closed the vector channel in the middle of a reply")
                got += k
            buf = whole
        payload = memoryview(buf)[_HEADER.size: total]
        if status != OK:
            raise ChannelJavaError(bytes(payload))
        return payload

    def close(self) -> None:
        """Closes this process's descriptor only (no ``shutdown``: a forked child must not cut its parent's)."""
        if not self.closed:
            self.closed = True
            self._sock.close()
