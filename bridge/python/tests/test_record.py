"""Episode recordings of engine worlds made from Python: the record_* kwargs reach the Java factory, the files
replay bit for bit (checked by `jmegym replay --check` in the same jar)."""

from __future__ import annotations

import subprocess

import gymnasium as gym

import jmegym  # noqa: F401  (registers the jmegym/ ids)
from jmegym.bridge import find_jar


def test_record_kwargs_write_replayable_recordings(bridge, tmp_path):
    env = gym.make("jmegym/Chase-v0", record_dir=str(tmp_path), record_every=2, max_episode_steps=5)
    try:
        env.action_space.seed(0)
        for episode in range(4):
            env.reset(seed=3 if episode == 0 else None)
            done = False
            while not done:
                _, _, term, trunc, _ = env.step(env.action_space.sample())
                done = term or trunc
    finally:
        env.close()
    files = sorted(tmp_path.glob("Chase-v0-w*-ep*.jsonl.gz"))
    assert [f.name.split("-ep")[1][:6] for f in files] == ["000000", "000002"]
    assert files[0].name.endswith("-seed3.jsonl.gz")
    for f in files:
        done = subprocess.run(["java", "-Xmx512m", "-jar", str(find_jar()), "replay", "--check", str(f)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "matches the recording" in done.stdout
