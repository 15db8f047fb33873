"""jmegym: Gymnasium environments backed by jMonkeyEngine worlds running in a JVM.

``import jmegym`` registers every Java env as ``jmegym/<id>``; the first ``gymnasium.make`` launches the gateway
(``java -jar jmegym.jar serve``) and later makes reuse it. :func:`connect` attaches to a running game instead.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from ._protocol import PROTOCOL_VERSION
from .bridge import Bridge, JavaError, JmeBridgeError, find_jar, find_java
from .bridge import connect as _connect
from .bridge import launch as _launch
from .envs import JavaEnv, JavaVectorEnv, RenderModeError
from .registration import gym_id, register_envs, register_specs

__all__ = [
    "Bridge", "JavaEnv", "JavaError", "JavaVectorEnv", "JmeBridgeError", "PROTOCOL_VERSION", "close", "connect",
    "default_bridge", "find_jar", "find_java", "gym_id", "launch", "list_envs", "register_envs", "register_specs",
    "RenderModeError",
]
__version__ = "0.1.0"

log = logging.getLogger("jmegym")
_lock = threading.RLock()
_default: Bridge | None = None
_default_launched = False


def launch(*, set_default: bool = True, **kwargs: Any) -> Bridge:
    """Starts a gateway JVM (see :func:`jmegym.bridge.launch` for the options) and returns its bridge; by default
    it also becomes the bridge ``gymnasium.make("jmegym/...")`` uses."""
    global _default, _default_launched
    b = _launch(**kwargs)
    if set_default:
        with _lock:
            _default, _default_launched = b, True
    return b


def connect(port: int | None = None, token: str | None = None, *, token_file: Any = None, set_default: bool = True,
            register: bool = True, **kwargs: Any) -> Bridge:
    """Attaches to a running gateway (``./jmegym serve`` or a game); registers its envs (live ones included) as
    ``jmegym/<id>`` and, by default, makes it the bridge ``gymnasium.make`` uses."""
    global _default, _default_launched
    b = _connect(port, token, token_file=token_file, **kwargs)
    if register:
        register_specs(b.specs())
    if set_default:
        with _lock:
            _default, _default_launched = b, False
    return b


def default_bridge() -> Bridge:
    """The bridge ``gymnasium.make("jmegym/...")`` uses: the last launched or connected one; launched on first use
    (and relaunched if a launched JVM died; a connected game that went away raises JmeBridgeError)."""
    global _default, _default_launched
    with _lock:
        if _default is not None and (_default.alive or not _default_launched):
            return _default
        _default, _default_launched = _launch(), True
        return _default


def list_envs() -> list[dict]:
    """Every env the default bridge serves, with spec and spaces (builds each env once to learn its spaces)."""
    return default_bridge().list_envs()


def close() -> None:
    """Closes the default bridge (a launched JVM is shut down; it also happens at interpreter exit)."""
    global _default
    with _lock:
        b, _default = _default, None
    if b is not None:
        b.close()


def _forget_default_after_fork() -> None:
    global _default, _default_launched
    _default, _default_launched = None, False


os.register_at_fork(after_in_child=_forget_default_after_fork)

if os.environ.get("JMEGYM_NO_REGISTER") != "1":
    try:
        register_envs()
    except Exception as _e:  # importing must work without java or the jar; making an env then says why
        log.warning("jmegym: Java envs not registered in Gymnasium: %s", _e)
