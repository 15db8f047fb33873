"""Constants of the bridge; the same ones as ``io.github.jmegym.bridge.Protocol``.

The handshake, sessions, element layout (``LAYOUT_VERSION``, :class:`jmegym.spaces.Codec`), reply layouts and
Base64 transport are declared once, in ``docs/wire-format.md``; its golden bytes are
``bridge/src/test/resources/wire-golden.json``, checked by the Python and the Java tests.
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
