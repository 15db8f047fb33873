"""jmegym.rllib on a real two-node Ray cluster on this machine, set up the way docs/python.md ("On a Ray cluster")
tells users: ``ray start --head``, ``ray start --address=...`` on a node labelled with a custom resource, the driver
connects with ``runtime_env={"pip": ...}`` naming the built wheel, and PPO's env runner is placed on the labelled
node, where Ray installs the wheel (and with it the jar) into a runtime-env venv before the runner starts.

Both nodes are ``ray start --block`` processes with temp dirs of their own (Ray writes each node's
``ray_current_cluster`` there, not into /tmp/ray, so another ``ray.init()`` on the machine does not find this
cluster), on loopback in a network namespace of the test's own where it may make one (:func:`_loopback_only`);
the finaliser stops them by pid, never with ``ray stop`` (which stops every Ray on the machine). Needs the
optional extra, as test_rllib.py; scripts/test-all.sh runs both in the RLlib venv.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="Ray RLlib is not installed (pip install \"jmegym[rllib]\")")
pytest.importorskip("ray.rllib", reason="Ray is installed without RLlib (pip install \"ray[rllib]\")")
pytest.importorskip("torch", reason="RLlib's PPO needs torch")

import jmegym.rllib  # noqa: E402

RUNNER_NODE = "jmegym_env_runners"  # the custom resource that labels the node the env runners go to
START_TIMEOUT = 120.0  # seconds for `ray start` to report a node up
OBJECT_STORE_BYTES = 200 * 2**20  # per node (Ray's default is 30% of the memory)
CLONE_NEWNET = 0x40000000  # <sched.h>


@contextlib.contextmanager
def _loopback_only():
    """Moves this thread (pytest's, so the nodes, the driver and the runners it starts) into a network namespace of
    its own with only ``lo`` up, and back afterwards. Ray binds a node to the machine's outward address even when
    told 127.0.0.1 (``ray start`` resolves localhost to it), and nothing of this test is to leave loopback; with no
    route out, Ray falls back to 127.0.0.1. Where a namespace cannot be made (not root), the test runs in the
    machine's network, as Ray would for a user. Nothing in it needs the network: the wheel is a local file."""
    libc = ctypes.CDLL(None, use_errno=True)
    original = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    try:
        if shutil.which("ip") is None or libc.unshare(CLONE_NEWNET) != 0:
            yield False
            return
        try:
            subprocess.run(["ip", "link", "set", "lo", "up"], check=True, timeout=30)
            yield True
        finally:
            if libc.setns(original, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns back into the test's network namespace failed")
    finally:
        os.close(original)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Node:
    """One ``ray start --block`` process (a Ray node: its GCS on the head, raylet, agents) in its own session."""

    def __init__(self, name: str, temp_dir: Path, *args: str):
        self.name = name
        self.temp_dir = temp_dir
        self.log = temp_dir.parent / f"{name}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("JMEGYM_") and k != "RAY_ADDRESS"}
        env["RAY_USAGE_STATS_ENABLED"] = "0"
        # One auth mode for the nodes and the driver. A local ray.init() earlier in this process (test_rllib.py's)
        # set RAY_AUTH_MODE=token here, with the token in ~/.ray/auth_token: the nodes take that. Unset, Ray 2.60
        # turns token auth on for a head that finds that file but not for the node joining it (InvalidAuthToken),
        # so the nodes say "disabled"; they answer only on loopback in a namespace of their own.
        env["RAY_AUTH_MODE"] = os.environ.get("RAY_AUTH_MODE", "disabled")
        cmd = [str(Path(sys.executable).parent / "ray"), "start", "--block", f"--temp-dir={temp_dir}",
               "--num-cpus=1", f"--object-store-memory={OBJECT_STORE_BYTES}",
               f"--dashboard-agent-listen-port={_free_port()}", "--disable-usage-stats", *args]
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                         env=env, start_new_session=True)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def wait_started(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while "Ray runtime started." not in self.log.read_text(errors="replace"):
            if self.proc.poll() is not None:
                raise AssertionError(f"`ray start` of the {self.name} node exited with {self.proc.returncode}:\n"
                                     f"{self.output()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"the {self.name} node did not start within {START_TIMEOUT:g} s:\n"
                                     f"{self.output()}")
            time.sleep(0.5)

    def stop(self) -> None:
        """SIGTERM to ``ray start --block`` (it stops the node's processes), then any process left that runs from
        this node's temp dir (workers, the runtime-env venv's processes), by pid."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        for pid in _pids_mentioning(str(self.temp_dir)):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _size(folder: Path) -> int:
    """Bytes of the files under ``folder`` (symlinks not followed)."""
    return sum(os.lstat(os.path.join(d, f)).st_size for d, _, files in os.walk(folder) for f in files)


def _pids_mentioning(text: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if text in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


@pytest.fixture(scope="module")
def cluster(wheel):
    """A head node and a node labelled ``{RUNNER_NODE: 1}``, each with one CPU; yields the head's address, the
    nodes by name and whether they run on loopback only. Takes ``wheel`` so that it is built before the network
    goes (pip's build isolation fetches setuptools)."""
    # a short root: Ray's sockets live under <temp dir>/session_<date>_<pid>/sockets, and AF_UNIX paths end at 107
    # bytes; removed afterwards, as it holds the runtime-env venvs Ray made (a copy of this venv each)
    root = Path(tempfile.mkdtemp(prefix="jmegym-ray-"))
    nodes = []
    with _loopback_only() as private, contextlib.ExitStack() as stop:
        stop.callback(shutil.rmtree, root, ignore_errors=True)
        stop.callback(lambda: [n.stop() for n in reversed(nodes)])
        port = _free_port()
        nodes.append(Node("head", root / "head", "--head", f"--port={port}", "--include-dashboard=false",
                          f"--ray-client-server-port={_free_port()}"))
        nodes[-1].wait_started()
        nodes.append(Node("worker", root / "worker", f"--address=127.0.0.1:{port}",
                          f"--resources={json.dumps({RUNNER_NODE: 1})}"))
        nodes[-1].wait_started()
        yield f"127.0.0.1:{port}", {n.name: n for n in nodes}, private


@pytest.mark.slow
def test_ppo_env_runner_on_a_second_node_runs_the_jar_that_runtime_env_pip_installed(wheel, cluster):
    from ray.rllib.algorithms.ppo import PPOConfig

    address, nodes, private = cluster
    started = time.monotonic()
    # docs/python.md's driver: --force-reinstall because this Python already has jmegym 0.1.0 (pip would keep it
    # and silently skip the wheel), --no-deps because the nodes have its dependencies (and torch is not reinstalled)
    ray.init(address=address, runtime_env={"pip": {"packages": [str(wheel)],
                                                   "pip_install_options": ["--force-reinstall", "--no-deps"]}},
             log_to_driver=False, configure_logging=False)
    algo = None
    try:
        alive = [n for n in ray.nodes() if n["Alive"]]
        assert len(alive) == 2, f"the cluster has {len(alive)} live nodes, expected 2: {alive}"
        if private:
            assert {n["NodeManagerAddress"] for n in alive} == {"127.0.0.1"}, alive
        [runner_node] = [n["NodeID"] for n in alive if RUNNER_NODE in n["Resources"]]

        config = jmegym.rllib.configure(PPOConfig(), "jmegym/CartPole-v1", num_envs_per_env_runner=2,
                                        java_opts=["-Xmx256m"])
        config.env_runners(num_env_runners=1, custom_resources_per_env_runner={RUNNER_NODE: 1},
                           rollout_fragment_length=100)
        config.training(train_batch_size_per_learner=200, minibatch_size=100, num_epochs=1)
        config.debugging(seed=7)
        algo = config.build_algo()
        built = time.monotonic()
        # the driver's own runner has no env, so every env step counted is the one remote runner's
        group = algo.env_runner_group
        assert group.num_remote_env_runners() == 1, group.num_remote_env_runners()
        assert group.local_env_runner is None or getattr(group.local_env_runner, "env", None) is None
        result = algo.train()
        trained = time.monotonic()

        def where(runner):  # runs in the env runner: it names only what is importable there
            import hashlib
            import sys

            import jmegym as shipped
            import ray

            env = runner.env.unwrapped
            with open(f"/proc/{env.bridge.process.pid}/cmdline", "rb") as f:
                cmdline = f.read().split(b"\0")
            jar = cmdline[cmdline.index(b"-jar") + 1].decode()
            with open(jar, "rb") as f:
                jar_sha256 = hashlib.sha256(f.read()).hexdigest()
            return {"node": ray.get_runtime_context().get_node_id(), "package": shipped.__file__,
                    "prefix": sys.prefix, "jar": jar, "jar_sha256": jar_sha256, "num_envs": env.num_envs}

        [seen] = algo.env_runner_group.foreach_env_runner(where, local_env_runner=False)
    finally:
        if algo is not None:
            algo.stop()
        ray.shutdown()

    # the runner ran on the labelled node, in the venv Ray made there for the pip runtime_env, whose jmegym is
    # the wheel: its JVM runs the jar inside that venv, byte for byte the wheel's jar
    assert seen["node"] == runner_node, (seen, runner_node)
    runtime_envs = nodes["worker"].temp_dir / "session_latest" / "runtime_resources" / "pip"
    assert Path(seen["prefix"]).resolve().is_relative_to(runtime_envs.resolve()), (seen, runtime_envs)
    package = Path(seen["package"]).parent
    assert package.resolve().is_relative_to(runtime_envs.resolve()), (seen, runtime_envs)
    assert package.resolve() != Path(jmegym.__file__).resolve().parent, seen
    assert Path(seen["jar"]).resolve() == (package / "_jar" / "jmegym-gateway.jar").resolve(), seen
    with zipfile.ZipFile(wheel) as whl:
        assert seen["jar_sha256"] == hashlib.sha256(whl.read("jmegym/_jar/jmegym-gateway.jar")).hexdigest(), seen
    assert seen["num_envs"] == 2, seen

    head_envs = nodes["head"].temp_dir / "session_latest" / "runtime_resources" / "pip"
    venv_mb = _size(runtime_envs) / 2**20
    head_mb = _size(head_envs) / 2**20 if head_envs.exists() else 0.0
    runners = result["env_runners"]
    assert runners["num_env_steps_sampled_lifetime"] >= 200, runners
    assert math.isfinite(runners["episode_return_mean"]) and runners["episode_return_mean"] > 0, runners
    print(f"\ncluster test ({'loopback only' if private else 'machine network'}): runner node {runner_node[:8]}, "
          f"ray.init + build {built - started:.1f} s (runtime_env pip included), 1 iteration {trained - built:.1f} s, "
          f"{runners['num_env_steps_sampled_lifetime']} env steps; runtime-env venvs: {venv_mb:.0f} MB on the "
          f"runner node, {head_mb:.0f} MB on the head")
