"""Registers the Java envs in Gymnasium under the ``jmegym/`` namespace.

``import jmegym`` registers every id the jar knows, without keeping a JVM: the specs come from a cache keyed by the
jar's path, size and modification time, filled once per jar build by a short ``java -cp jmegym.jar
io.github.jmegym.bridge.ListSpecs`` run. The first ``gymnasium.make`` then launches the gateway.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import tempfile
from pathlib import Path

import gymnasium

from . import _protocol as P
from .bridge import PACKAGED_JAR, JmeBridgeError, find_jar, find_java

log = logging.getLogger("jmegym")

PACKAGED_SPECS = PACKAGED_JAR.with_name("specs.json")
ENTRY_POINT = "jmegym.envs:JavaEnv"
VECTOR_ENTRY_POINT = "jmegym.envs:JavaVectorEnv"


def gym_id(env_id: str) -> str:
    """The Gymnasium id of a Java env id: ``jmegym/<id>``."""
    return f"{P.NAMESPACE}/{env_id}"


def register_specs(specs: list[dict]) -> list[str]:
    """Registers Java specs (``EnvSpec.toJson()`` dicts) in Gymnasium; returns the Gymnasium ids registered."""
    done = []
    for spec in specs:
        gid = gym_id(spec["id"])
        existing = gymnasium.envs.registry.get(gid)
        if existing is not None and existing.kwargs.get("env_id") == spec["id"] \
                and existing.max_episode_steps == spec.get("max_episode_steps"):
            continue
        if existing is not None:
            del gymnasium.envs.registry[gid]  # the Java side changed it (e.g. a live env of a game shadows it)
        gymnasium.register(
            id=gid,
            entry_point=ENTRY_POINT,
            vector_entry_point=VECTOR_ENTRY_POINT,
            max_episode_steps=spec.get("max_episode_steps"),
            reward_threshold=spec.get("reward_threshold"),
            kwargs={"env_id": spec["id"]},
        )
        done.append(gid)
    return done


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "jmegym"


def specs_from_jar(jar: str | os.PathLike | None = None, java: str | None = None, timeout: float = 120.0) -> list:
    """The specs of every env the jar and the ``JMEGYM_CLASSPATH`` plugins register (cached per build of each;
    runs a short JVM on a cache miss)."""
    jar_path = find_jar(jar).resolve()
    if jar_path == PACKAGED_JAR and not _plugin_entries():
        try:  # the manifest the Maven build wrote beside the packaged jar: no JVM, no Java needed to register
            return _parse_listing(PACKAGED_SPECS.read_text(encoding="utf-8"), str(PACKAGED_SPECS))["specs"]
        except OSError:
            pass
    key = hashlib.sha1("|".join([*map(_build_stamp, [jar_path, *_plugin_entries()]),
                                 str(P.PROTOCOL_VERSION)]).encode()).hexdigest()[:16]
    cache = _cache_dir() / f"specs-{key}.json"
    try:
        return json.loads(cache.read_text())["specs"]
    except (OSError, ValueError, KeyError):
        pass
    cmd = [find_java(java), "-cp", str(jar_path), P.LIST_SPECS_MAIN]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise JmeBridgeError(f"listing the jar's envs took over {timeout:g} s: {' '.join(cmd)}") from None
    if out.returncode != 0 or not any(ln.startswith("{") for ln in out.stdout.splitlines()):
        raise JmeBridgeError(f"listing the jar's envs failed (exit code {out.returncode}): {' '.join(cmd)}\n"
                             f"{out.stderr[-2000:]}")
    data = _parse_listing(out.stdout, " ".join(cmd))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".specs-", suffix=".tmp")
        with os.fdopen(fd, "w") as f:
            json.dump(data, f)
        os.replace(tmp, cache)
    except OSError as e:  # a read-only home only costs a JVM start per import
        log.debug("jmegym: cannot cache env specs in %s: %s", cache, e)
    return data["specs"]


def _parse_listing(text: str, where: str) -> dict:
    """The ``{"protocol", "specs"}`` line of a ListSpecs output (log lines may surround it)."""
    lines = [ln for ln in text.splitlines() if ln.startswith("{")]
    if not lines:
        raise JmeBridgeError(f"no env listing in {where}")
    data = json.loads(lines[-1])
    if data.get("protocol") != P.PROTOCOL_VERSION:
        raise JmeBridgeError(f"{where} lists envs of bridge protocol {data.get('protocol')}; this package speaks "
                             f"{P.PROTOCOL_VERSION}: rebuild the jar or reinstall the package from the same checkout")
    return data


def _plugin_entries() -> list[Path]:
    return [Path(e).resolve() for e in os.environ.get("JMEGYM_CLASSPATH", "").split(os.pathsep) if e.strip()]


def _build_stamp(path: Path) -> str:
    """Path, size and modification time of a jar, or of the newest file in a class folder."""
    try:
        if path.is_dir():
            newest = max((f.stat().st_mtime_ns for f in path.rglob("*") if f.is_file()), default=0)
            return f"{path}|dir|{newest}"
        st = path.stat()
        return f"{path}|{st.st_size}|{st.st_mtime_ns}"
    except OSError:
        return f"{path}|missing"


def register_envs(jar: str | os.PathLike | None = None) -> list[str]:
    """Registers every env of the jar as ``jmegym/<id>``; returns the ids registered (raises JmeBridgeError)."""
    return register_specs(specs_from_jar(jar))
