"""Starting, connecting to and calling the Java gateway; Java exceptions become Python exceptions here."""

from __future__ import annotations

import atexit
import collections
import copy
import json
import logging
import os
import queue
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import weakref
from pathlib import Path
from typing import IO, Any

import numpy as np
from py4j import protocol as proto
from py4j.java_gateway import GatewayClient, GatewayConnection, GatewayParameters, JavaGateway
from py4j.protocol import Py4JAuthenticationError, Py4JError, Py4JJavaError, Py4JNetworkError

from . import _protocol as P
from ._channel import ChannelJavaError, VectorChannel

log = logging.getLogger("jmegym")
# Py4J logs every failed (re)connection with a traceback; the bridge reports them as JmeBridgeError instead.
logging.getLogger("py4j").setLevel(logging.CRITICAL)


class JmeBridgeError(RuntimeError):
    """The Java side is unreachable: not found, failed to start, crashed, hung past the time-out, or closed; or the
    connection of one call broke while the gateway still answers (then only that call failed)."""


class JavaError(RuntimeError):
    """A Java exception of a kind with no closer Python equivalent (``java_class`` names it)."""


# Java exception class -> Python exception type (the Java message is kept as is)
_JAVA_TO_PYTHON = {
    "java.lang.IllegalArgumentException": ValueError,
    "java.lang.NumberFormatException": ValueError,
    "java.lang.ArithmeticException": ValueError,
    "java.lang.IllegalStateException": RuntimeError,
    "java.lang.UnsupportedOperationException": NotImplementedError,
    "java.lang.IndexOutOfBoundsException": IndexError,
    "java.lang.ArrayIndexOutOfBoundsException": IndexError,
    "java.io.UncheckedIOException": OSError,
    "java.io.IOException": OSError,
    "java.lang.OutOfMemoryError": MemoryError,
    "java.lang.SecurityException": PermissionError,
}

# calls whose first argument is a handle from make()/makeVec()
_HANDLE_CALLS = frozenset({"reset", "step", "render", "close", "resetAll", "stepAll"})
_JAVA_INT = (-2**31, 2**31 - 1)

_bridges: "weakref.WeakSet[Bridge]" = weakref.WeakSet()


class _Client(GatewayClient):
    """Py4J's connection pool, made fit for a bridge.

    * Every connection it opens sets TCP_NODELAY, as the gateway does (a request larger than one segment would
      otherwise wait for a delayed ACK), and announces the bridge's session first (``attach(session_id)``): the
      gateway releases a session's envs when its last connection closes.
    * A KeyboardInterrupt during a call closes that call's connection (its reply would arrive on it later and
      desynchronise it) and propagates as is; Py4J 0.10.9.9 would raise AttributeError (``shutdown_socket``) and log
      a traceback on the root logger instead.
    * A broken connection raises Py4JNetworkError (Py4J would log on the root logger and raise a plain Py4JError,
      which looks like any protocol error).
    """

    def __init__(self, session_id: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.session_id = session_id
        self._attach = (proto.CALL_COMMAND_NAME + proto.ENTRY_POINT_OBJECT_ID + "\nattach\n"
                        + proto.get_command_part(session_id) + proto.END_COMMAND_PART)

    def _create_connection(self) -> GatewayConnection:
        return self.open_connection(self.gateway_parameters.read_timeout)

    def open_connection(self, read_timeout: float | None) -> GatewayConnection:
        """A new connection, authenticated and attached to the session, whose reads time out after
        ``read_timeout`` seconds (None: never)."""
        params = copy.copy(self.gateway_parameters)
        params.read_timeout = read_timeout
        connection = GatewayConnection(params, self.gateway_property)
        try:
            connection.start()
            connection.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            answer = connection.send_command(self._attach)
        except BaseException:
            _close_quietly(connection)
            raise
        if proto.is_error(answer)[0]:
            _close_quietly(connection)
            raise JmeBridgeError(f"the Java gateway on {params.address}:{params.port} refused attach(session) "
                                 f"({proto.get_error_message(answer)[1] or answer}): a jar older than this package? "
                                 f"Rebuild it (./jmegym --version) from the same checkout")
        return connection

    def send_command(self, command, retry=True, binary=False):
        connection = self._get_connection()
        try:
            response = connection.send_command(command)
        except Py4JNetworkError as pne:
            connection.close(reset=isinstance(pne.cause, socket.timeout))
            if retry and pne.when in (proto.ERROR_ON_SEND, proto.EMPTY_RESPONSE):
                # a pooled connection the gateway closed: the command never ran, send it once on a fresh one
                return self.send_command(command, retry=False, binary=binary)
            raise
        except BaseException:  # KeyboardInterrupt: the reply would arrive later and desynchronise the connection
            connection.close(reset=True)
            raise
        if binary:
            return response, self._create_connection_guard(connection)
        if proto.is_fatal_error(response):
            connection.close(False)
        else:
            self._give_back_connection(connection)
        return response


def _close_quietly(connection: GatewayConnection) -> None:
    try:
        connection.close(reset=True)
    except Exception:
        pass


class _Gateway(JavaGateway):
    def __init__(self, session_id: str, **kwargs: Any):
        self._session_id = session_id
        super().__init__(**kwargs)

    def _create_gateway_client(self):
        return _Client(self._session_id, gateway_parameters=self.gateway_parameters)


class Bridge:
    """One connection to a jmegym gateway (a JVM launched by :func:`launch` or a game reached by :func:`connect`).

    Every call is one Py4J round trip; arrays cross as bytes (see ``jmegym._protocol``). All its connections
    belong to one random session id, and one of them (the lease) stays open for the bridge's lifetime: the gateway
    releases the bridge's envs when the process holding it goes away.
    """

    def __init__(self, port: int, token: str, *, process: subprocess.Popen | None = None,
                 stderr: IO[bytes] | None = None, output: collections.deque | None = None,
                 call_timeout: float | None = P.DEFAULT_CALL_TIMEOUT):
        self.port = int(port)
        self.process = process
        self._call_timeout = call_timeout
        self._stderr = stderr  # the launched JVM's stderr: an anonymous temp file, nothing left on disk
        self._output = output if output is not None else collections.deque(maxlen=50)
        self._closed = False
        self._dead: str | None = None
        self._handles: set[int] = set()
        self._token = token
        self.use_vector_channel = False
        self._lease: GatewayConnection | None = None
        self._gateway = _Gateway(secrets.token_hex(16), gateway_parameters=GatewayParameters(
            port=self.port, auth_token=token, auto_field=False, auto_convert=False, eager_load=False,
            read_timeout=call_timeout))
        self._client: _Client = self._gateway._gateway_client
        ep = self._gateway.entry_point
        # JavaMember objects are reusable: look the methods up once
        self._m = {name: getattr(ep, name) for name in (
            "hello", "listEnvs", "specs", "spec", "make", "reset", "step", "render", "close", "makeVec", "resetAll",
            "stepAll", "shutdown", "openHandles", "errorDetails")}
        _bridges.add(self)
        try:
            self.hello = json.loads(self.call("hello", P.PROTOCOL_VERSION))
            self._lease = self._client._create_connection()  # idle for good: keeps the session when a call times out
            #: whether vector envs step through the gateway's binary vector channel (else through Py4J's stepAll)
            self.use_vector_channel = "vector_channel" in self.hello
        except ValueError as e:  # the gateway speaks another protocol version
            self._shutdown_quietly()
            raise JmeBridgeError(f"handshake with the Java gateway on 127.0.0.1:{self.port} failed: {e}") from None
        except BaseException:
            self._shutdown_quietly()
            raise

    # ------------------------------------------------------------------ calls

    def call(self, name: str, *args: Any) -> Any:
        """Calls the gateway's ``name`` method; raises the Python form of a Java exception, or JmeBridgeError."""
        self._check_usable(name)
        if name in _HANDLE_CALLS:
            _check_java_int(args[0] if args else None, f"{name}(handle={args[0] if args else None!r})", "handle",
                            low=1)
        t0 = time.monotonic()
        try:
            return self._m[name](*args)
        except Py4JJavaError as e:
            raise self._java_error(e) from None
        except (Py4JNetworkError, OSError) as e:
            raise self._lost(name, e, time.monotonic() - t0) from None
        except Py4JAuthenticationError:
            raise JmeBridgeError(f"{name}: the Java gateway on 127.0.0.1:{self.port} refused the token") from None
        except Py4JError as e:  # a call the gateway cannot take (e.g. no such method for these argument types)
            raise TypeError(f"{name}{_describe_args(args)}: the Java gateway refused the call: {_py4j_reason(e)}") \
                from None

    def _java_error(self, e: Py4JJavaError) -> Exception:
        try:
            details = json.loads(self._m["errorDetails"](e.java_exception))
        except Exception as err:  # the JVM went away while we asked
            return self._lost("exception details", err)
        return _python_error(details)

    # ------------------------------------------------------------------ the vector channel

    def open_vector_channel(self, handle: int) -> VectorChannel | None:
        """A binary channel that steps the vector ``handle`` (docs/wire-format.md), or None when this gateway has
        none or :attr:`use_vector_channel` is off (then ``stepAll`` goes through Py4J)."""
        if not self.use_vector_channel:
            return None
        self._check_usable("vector channel")
        handle = _check_java_int(handle, f"vector channel(handle={handle!r})", "handle", low=1)
        t0 = time.monotonic()
        try:
            return VectorChannel(self.hello["vector_channel"], self._token, self._gateway._session_id, handle,
                                 self._call_timeout)
        except ChannelJavaError as e:
            raise _python_error(json.loads(e.details)) from None
        except OSError as e:
            raise self._lost("vector channel", e, time.monotonic() - t0) from None

    def step_channel(self, channel: VectorChannel, actions: bytes) -> memoryview:
        """``stepAll`` through ``channel``: the reply bytes, or the same errors as :meth:`call` raises."""
        self._check_usable("stepAll")
        t0 = time.monotonic()
        try:
            return channel.step_all(actions)
        except ChannelJavaError as e:
            raise _python_error(json.loads(e.details)) from None
        except OSError as e:
            raise self._lost("stepAll", e, time.monotonic() - t0) from None

    def _check_usable(self, name: str) -> None:
        if self._dead is not None:
            raise JmeBridgeError(self._dead)
        if self._closed:
            raise JmeBridgeError(f"{name}: the jmegym bridge on port {self.port} is closed")

    def _lost(self, call: str, e: BaseException, elapsed: float = 0.0) -> JmeBridgeError:
        if self.process is not None:
            try:
                rc = self.process.wait(timeout=1.0)
            except subprocess.TimeoutExpired:
                rc = None
            if rc is not None:
                self._dead = (f"{call}: the Java gateway (pid {self.process.pid}) has exited with code {rc}"
                              f"{self._last_output()}")
                return JmeBridgeError(self._dead)
        reason = _py4j_reason(e)
        if self._call_timeout is not None and elapsed >= 0.9 * self._call_timeout:
            return JmeBridgeError(f"{call}: no answer from the Java gateway on 127.0.0.1:{self.port} within the "
                                  f"call time-out of {self._call_timeout:g} s (hung or overloaded JVM?)")
        if self._ping():
            return JmeBridgeError(f"{call}: the connection of this call to the Java gateway on 127.0.0.1:{self.port} "
                                  f"broke ({reason}); the gateway still answers, so other calls keep working")
        self._dead = f"{call}: lost the connection to the Java gateway on 127.0.0.1:{self.port} ({reason})"
        return JmeBridgeError(self._dead)

    def _ping(self) -> bool:
        """Whether the gateway still takes a fresh connection (connect, authenticate, attach) within a few seconds;
        the connection then joins the pool."""
        if self.process is not None and self.process.poll() is not None:
            return False
        try:
            connection = self._client.open_connection(P.PING_TIMEOUT)
        except Exception:
            return False
        connection.socket.settimeout(self._call_timeout)
        self._client._give_back_connection(connection)
        return True

    def _last_output(self) -> str:
        return _output_tail(self._output, self._stderr)

    # ------------------------------------------------------------------ the gateway's API

    def list_envs(self) -> list[dict]:
        """Every env the gateway serves: ``{"id", "spec", "observation_space", "action_space", "live"}``."""
        return json.loads(self.call("listEnvs"))

    def specs(self) -> list[dict]:
        """The specs of every env the gateway serves (registered and live), without building any env."""
        return json.loads(self.call("specs"))

    def spec(self, env_id: str) -> dict:
        """The Java spec of ``env_id`` (JSON as Gymnasium's ``EnvSpec`` fields)."""
        return json.loads(self.call("spec", env_id))

    def make(self, env_id: str, kwargs_json: str) -> dict:
        d = json.loads(self.call("make", env_id, kwargs_json))
        self._handles.add(d["handle"])
        return d

    def make_vec(self, env_id: str, num_envs: int, kwargs_json: str, autoreset_mode: str) -> dict:
        num_envs = _check_java_int(num_envs, f"make_vec({env_id})", "num_envs", low=1, high=P.MAX_NUM_ENVS)
        d = json.loads(self.call("makeVec", env_id, num_envs, kwargs_json, autoreset_mode))
        self._handles.add(d["handle"])
        return d

    def close_handle(self, handle: int) -> None:
        self._handles.discard(handle)
        if not self._closed and self._dead is None:
            self.call("close", int(handle))

    @property
    def alive(self) -> bool:
        """Whether calls can still reach the gateway."""
        if self._closed or self._dead is not None:
            return False
        return self.process is None or self.process.poll() is None

    # ------------------------------------------------------------------ closing

    def close(self) -> None:
        """Closes this bridge's envs; a launched JVM is shut down (killed after a grace period)."""
        if self._closed:
            return
        if self.process is None and self._dead is None:
            for h in list(self._handles):
                try:
                    self.call("close", h)
                except Exception:
                    pass
        self._shutdown_quietly()

    def _shutdown_quietly(self) -> None:
        self._closed = True
        self._handles.clear()
        if self.process is not None and self.process.poll() is None:
            try:
                self._m["shutdown"]()
            except Exception:
                pass
            try:
                if self.process.stdin:
                    self.process.stdin.close()
            except OSError:
                pass
            try:
                self.process.wait(timeout=P.SHUTDOWN_GRACE)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=P.SHUTDOWN_GRACE)
        try:
            self._gateway.close()
        except Exception:
            pass
        lease, self._lease = self._lease, None
        if lease is not None:  # last: the gateway releases whatever this session still holds
            _close_quietly(lease)
        stderr, self._stderr = self._stderr, None
        if stderr is not None:
            stderr.close()

    def __deepcopy__(self, memo: dict) -> "Bridge":
        return self  # a connection is shared, never copied (Gymnasium deep-copies env kwargs)

    def __enter__(self) -> "Bridge":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else ("dead" if self._dead else "open")
        pid = f", pid={self.process.pid}" if self.process is not None else ""
        return f"Bridge(port={self.port}{pid}, {state})"


# a forked child's copies of its parent's connections: never collected there, since Py4J shuts a collected
# connection's socket down, which would cut the parent's connection too
_inherited: list = []


def _forget_after_fork() -> None:
    """In a forked child the parent's bridges (sockets, JVM) stay the parent's: fail fast instead of sharing them."""
    for b in list(_bridges):
        b._dead = (f"this bridge belongs to process {os.getppid()}; a forked child (e.g. an AsyncVectorEnv worker) "
                   f"makes its own envs, which launch their own gateway")
        b.process = None  # never shut the parent's JVM down from here
        b._stderr = None
        _inherited.append((b._lease, list(b._client.deque)))
        b._lease = None
        b._client.deque.clear()
    _bridges.clear()


def _python_error(details: dict) -> Exception:
    """The Python exception for a Java one described as ``{"class", "message"}`` (``errorDetails``)."""
    cls, msg = details["class"], details.get("message")
    kind = _JAVA_TO_PYTHON.get(cls)
    err: Exception = JavaError(f"{cls}: {msg}") if kind is None else kind(msg if msg else cls)
    err.java_class = cls  # type: ignore[attr-defined]
    return err


def _check_java_int(value: Any, where: str, name: str, *, low: int = _JAVA_INT[0], high: int = _JAVA_INT[1]) -> int:
    """``value`` as an int that fits the Java int parameter ``name``, else TypeError/ValueError naming it."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{where}: {name}={value!r}; expected an int from {low} to {high}")
    value = int(value)
    if not low <= value <= high:
        raise ValueError(f"{where}: {name}={value}; expected an int from {low} to {high}")
    return value


def _describe_args(args: tuple) -> str:
    shown = [f"<{len(a)} bytes>" if isinstance(a, (bytes, bytearray)) else repr(a) for a in args]
    return "(" + ", ".join(shown)[:200] + ")"


def _py4j_reason(e: BaseException) -> str:
    """The informative line of a Py4J error (its Java exception line when it has one), or the exception's type."""
    text = str(e).strip()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for ln in lines:
        if ln.startswith(("py4j.Py4JException:", "java.")):
            return ln
    cause = getattr(e, "cause", None)
    if lines and cause is not None:
        return f"{lines[0]}: {cause!r}"
    return lines[0] if lines else type(e).__name__


os.register_at_fork(after_in_child=_forget_after_fork)


@atexit.register
def _close_all() -> None:
    for b in list(_bridges):
        try:
            b.close()
        except Exception:
            pass


# ---------------------------------------------------------------------- finding java and the jar

def find_java(java: str | None = None) -> str:
    """The ``java`` executable: the argument, else ``$JAVA_HOME/bin/java``, else ``java`` on PATH."""
    if java:
        if shutil.which(java) is None:
            raise JmeBridgeError(f"java executable {java!r} not found or not executable")
        return java
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return os.path.join(home, "bin", "java")
    found = shutil.which("java")
    if found is None:
        raise JmeBridgeError("no `java` on PATH (and JAVA_HOME is not set): jmegym needs a Java 17+ runtime; install"
                             " one (e.g. `apt-get install openjdk-17-jre-headless`) or pass java=/path/to/java")
    return found


PACKAGED_JAR = Path(__file__).resolve().parent / "_jar" / "jmegym-gateway.jar"


def find_jar(jar: str | os.PathLike | None = None, *, search: tuple | None = None) -> Path:
    """The gateway jar: the argument, else ``$JMEGYM_JAR``, else the jar packed into this package (the wheel carries
    it), else ``bridge/target/jmegym-gateway.jar`` (or ``jmegym.jar``) of a jmegym checkout found by walking up from
    ``search`` (default: this package's folder and the current directory)."""
    if jar is not None:
        p = Path(jar)
        if not p.is_file():
            raise JmeBridgeError(f"jmegym jar {str(p)!r} (given as jar=) does not exist")
        return p
    env = os.environ.get("JMEGYM_JAR")
    if env:
        p = Path(env)
        if not p.is_file():
            raise JmeBridgeError(f"JMEGYM_JAR={env!r} does not exist; build it with `./jmegym --version` in the "
                                 "jmegym checkout or point JMEGYM_JAR at bridge/target/jmegym-gateway.jar")
        return p
    if PACKAGED_JAR.is_file():
        return PACKAGED_JAR
    searched = []
    roots = search if search is not None else (Path(__file__).resolve().parent, Path.cwd().resolve())
    for start in (Path(r).resolve() for r in roots):
        for d in (start, *start.parents):
            for name in ("jmegym-gateway.jar", "jmegym.jar"):
                candidate = d / "bridge" / "target" / name
                if candidate.is_file():
                    return candidate
            if (d / "bridge" / "pom.xml").is_file() and d not in searched:
                searched.append(d)
    where = f" (the checkout at {searched[0]} has no bridge/target/jmegym-gateway.jar yet)" if searched else ""
    raise JmeBridgeError("the jmegym gateway jar was not found" + where + ": this installation of the package does "
                         "not carry it (a wheel built before `mvn package`?); run `./jmegym --version` in the jmegym "
                         "checkout and reinstall the package, or set JMEGYM_JAR to the jar's path")


# ---------------------------------------------------------------------- launch / connect

def launch(*, jar: str | os.PathLike | None = None, java: str | None = None, port: int = 0,
           java_opts: list[str] | None = None, timeout: float = P.DEFAULT_LAUNCH_TIMEOUT,
           call_timeout: float | None = P.DEFAULT_CALL_TIMEOUT) -> Bridge:
    """Starts ``java -jar jmegym.jar serve`` and connects to it.

    Args:
        jar: the jar (default: see :func:`find_jar`).
        java: the java executable (default: see :func:`find_java`).
        port: the gateway's loopback port (0: a free one).
        java_opts: JVM options (default: ``$JMEGYM_JAVA_OPTS`` split on spaces).
        timeout: seconds to wait for the gateway to come up and answer the handshake.
        call_timeout: socket time-out of one call, after which a hung JVM raises JmeBridgeError.
    """
    java_exe = find_java(java)
    jar_path = find_jar(jar)
    opts = java_opts if java_opts is not None else os.environ.get("JMEGYM_JAVA_OPTS", "").split()
    cmd = [java_exe, *opts, "-jar", str(jar_path), "serve", "--port", str(int(port)), "--exit-on-stdin-eof"]
    # the JVM's stderr goes to an unlinked temp file: read for error messages, gone with the last descriptor, so a
    # worker process that is killed (AsyncVectorEnv, SubprocVecEnv) leaves no log file behind
    err = tempfile.TemporaryFile(prefix="jmegym-gateway-")
    try:
        # its own session: a Ctrl-C in the terminal interrupts Python (KeyboardInterrupt), not the JVM, which
        # still exits with Python through --exit-on-stdin-eof
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                                text=True, bufsize=1, start_new_session=True)
    except OSError as e:
        err.close()
        raise JmeBridgeError(f"cannot start {java_exe!r}: {e}") from None
    output: collections.deque = collections.deque(maxlen=50)
    ready: queue.Queue = queue.Queue()

    def read_stdout() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            if line.startswith(P.READY_PREFIX) and ready.empty():
                ready.put(line[len(P.READY_PREFIX):])
            else:
                output.append(line.rstrip("\n"))
        ready.put(None)

    threading.Thread(target=read_stdout, name=f"jmegym-gateway-{proc.pid}-stdout", daemon=True).start()
    try:  # the ready line, or None once stdout closes (the JVM exited)
        first = ready.get(timeout=timeout)
    except queue.Empty:
        proc.kill()
        proc.wait()
        err.close()
        raise JmeBridgeError(f"the Java gateway did not report its port within {timeout:g} s: {' '.join(cmd)}") \
            from None
    if not first:
        rc = proc.wait()
        tail = _output_tail(output, err)
        err.close()
        raise JmeBridgeError(f"the Java gateway exited with code {rc} before it was ready: {' '.join(cmd)}{tail}")
    info = json.loads(first)
    if info.get("protocol") != P.PROTOCOL_VERSION:
        proc.kill()
        err.close()
        raise JmeBridgeError(f"the jar speaks bridge protocol {info.get('protocol')}, this package "
                             f"{P.PROTOCOL_VERSION}: rebuild the jar or reinstall the package from the same checkout")
    return Bridge(info["port"], info["token"], process=proc, stderr=err, output=output,
                  call_timeout=call_timeout)


def connect(port: int | None = None, token: str | None = None, *, token_file: str | os.PathLike | None = None,
            call_timeout: float | None = P.DEFAULT_CALL_TIMEOUT) -> Bridge:
    """Connects to a running gateway (``./jmegym serve`` or a game that started one), by port and token or by the
    connection file that ``--token-file`` / ``GatewayOptions.withTokenFile`` wrote."""
    if token_file is not None:
        try:
            info = json.loads(Path(token_file).read_text())
        except (OSError, ValueError) as e:
            raise JmeBridgeError(f"cannot read the gateway's token file {str(token_file)!r}: {e}") from None
        port = info["port"] if port is None else port
        token = info["token"]
    if port is None or token is None:
        raise ValueError("connect: give port and token, or token_file")
    try:
        return Bridge(port, token, call_timeout=call_timeout)
    except JmeBridgeError as e:
        raise JmeBridgeError(f"cannot connect to a jmegym gateway on 127.0.0.1:{port} with the given token: {e}") \
            from None


def _output_tail(output: collections.deque, stderr: IO[bytes] | None) -> str:
    """The last lines a gateway JVM printed (stdout after the ready line, then stderr), for error messages."""
    lines = list(output)
    if stderr is not None and not stderr.closed:
        size = os.fstat(stderr.fileno()).st_size
        lines += os.pread(stderr.fileno(), 4000, max(0, size - 4000)).decode("utf-8", "replace").splitlines()
    tail = [ln for ln in lines if ln.strip()][-15:]
    return "; its last output:\n  " + "\n  ".join(tail) if tail else " (no output)"

