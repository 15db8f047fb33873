"""A `train` run writes TensorBoard event files that TensorBoard's own reader reads as metrics.jsonl holds them."""

from __future__ import annotations

import glob
import json
import math
import os
import shutil

import numpy as np
import pytest

from _cli import jmegym

event_accumulator = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")
from tensorboard.backend.event_processing import event_file_loader  # noqa: E402


def read_jsonl(path: str) -> list[dict]:
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def scalars(run_dir: str) -> dict[str, list[tuple[int, float]]]:
    acc = event_accumulator.EventAccumulator(run_dir, size_guidance={event_accumulator.SCALARS: 0})
    acc.Reload()
    return {tag: [(e.step, e.value) for e in acc.Scalars(tag)] for tag in acc.Tags()["scalars"]}


def assert_events_equal_metrics(run_dir: str) -> None:
    rows = read_jsonl(os.path.join(run_dir, "metrics.jsonl"))
    assert rows, "metrics.jsonl is empty"
    tb = scalars(run_dir)
    keys = {k for r in rows for k in r if k != "step"}
    assert keys == set(tb), f"metric keys differ: only in metrics.jsonl {keys - set(tb)}, only in events {set(tb) - keys}"
    for key in sorted(keys):
        expected = [(r["step"], r[key]) for r in rows if key in r]
        got = tb[key]
        assert [s for s, _ in got] == [s for s, _ in expected], f"{key}: steps differ"
        for (step, want), (_, have) in zip(expected, got):
            want32 = float(np.float32(want))
            assert (math.isnan(want32) and math.isnan(have)) or have == want32, f"{key} at step {step}: {have} != {want32}"


def test_train_writes_every_metric_as_a_scalar_at_its_env_step(tmp_path):
    run = str(tmp_path / "run")
    jmegym("train", "--env", "CartPole-v1", "--steps", "3000", "--out", run, "--no-progress", timeout=300)
    files = glob.glob(os.path.join(run, "events.out.tfevents.*"))
    assert len(files) == 1, files
    first = next(iter(event_file_loader.EventFileLoader(files[0]).Load()))
    assert first.file_version == "brain.Event:2"
    assert_events_equal_metrics(run)


def test_resumed_run_appends_a_second_event_file_and_tensorboard_shows_one_history(tmp_path):
    run = str(tmp_path / "run")
    jmegym("train", "--env", "CartPole-v1", "--steps", "1024", "--out", run, "--no-progress", timeout=300)
    jmegym("train", "--resume", run, "--steps", "2048", "--no-progress", timeout=300)
    files = sorted(glob.glob(os.path.join(run, "events.out.tfevents.*")))
    assert len(files) == 2, files
    assert_events_equal_metrics(run)
    steps = [s for s, _ in scalars(run)["train/approx_kl"]]
    assert steps[0] <= 1024 < steps[-1] and steps[-1] >= 2048


def test_resume_after_a_kill_hides_the_killed_tail_as_metrics_jsonl_does(tmp_path):
    """A run that died after its last checkpoint left updates in its event file; the resumed run's file starts with
    a SessionLog START just past the checkpoint, so TensorBoard shows what metrics.jsonl keeps (the tail moved to
    metrics.discarded.jsonl)."""
    run = tmp_path / "run"
    cfg = tmp_path / "ppo.json"
    cfg.write_text(json.dumps({"nEnvs": 2, "nSteps": 128, "batchSize": 64, "checkpointEvery": 512}))
    jmegym("train", "--env", "CartPole-v1", "--config", str(cfg), "--steps", "1536", "--out", str(run), "--no-progress",
           timeout=300)
    # As if killed between step 1024 and the final checkpoint: the checkpoint at 1536 never landed.
    ckpts = sorted((run / "checkpoints").glob("step-*"))
    assert [c.name for c in ckpts][-1] == "step-000000001536", ckpts
    shutil.rmtree(ckpts[-1])
    latest = int(sorted((run / "checkpoints").glob("step-*"))[-1].name.split("-")[1])
    assert latest < 1536
    jmegym("train", "--resume", str(run), "--steps", "2048", "--no-progress", timeout=300)
    discarded = read_jsonl(str(run / "metrics.discarded.jsonl"))
    assert discarded and all(r["step"] > latest for r in discarded)
    assert_events_equal_metrics(str(run))
