"""Constants and binary layouts of the bridge; mirrors ``io.github.jmegym.bridge.Protocol`` and ``SpaceCodec``.

Elements (layout 1, little-endian): ``Box`` float32/float64/uint8 per element (row-major), ``Discrete`` one int64,
``MultiDiscrete`` int64 per element, ``MultiBinary`` int8 per element, ``Dict`` the sub-spaces concatenated in the
Java key order. Replies: ``reset``: ``obs | json(info)``; ``step``: ``obs | f64 reward | i8 terminated |
i8 truncated | json(info)``; ``resetAll``: ``obs[n] | json(infos)``; ``stepAll``: ``obs[n] | f64[n] | i8[n] |
i8[n] | json(infos)``, where ``json(x)`` is an int32 length then UTF-8 JSON (length 0: empty). Replies travel as
Base64 strings (Py4J decodes a ``byte[]`` one byte at a time in Python; a string is decoded in C); actions are sent
as ``bytes``.

Every connection a bridge opens calls ``attach(session_id)`` first (one random id per bridge); the gateway releases
a session's envs when its last connection closes, and closes a connection that makes no call within 5 s.
"""

from __future__ import annotations

PROTOCOL_VERSION = 1
LAYOUT_VERSION = 1
READY_PREFIX = "JMEGYM_GATEWAY "
LIST_SPECS_MAIN = "io.github.jmegym.bridge.ListSpecs"
NAMESPACE = "jmegym"

DEFAULT_LAUNCH_TIMEOUT = 60.0  # seconds to wait for a launched JVM's first line and handshake
DEFAULT_CALL_TIMEOUT = 120.0  # socket read time-out of one call (a hung JVM surfaces after this)
SHUTDOWN_GRACE = 3.0  # seconds a launched JVM gets to exit after close() before it is killed
PING_TIMEOUT = 5.0  # seconds a fresh connection may take to prove the gateway alive after a connection broke
MAX_NUM_ENVS = 65536  # largest num_envs of one vector (Protocol.MAX_NUM_ENVS)
