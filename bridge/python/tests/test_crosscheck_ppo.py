"""`python -m jmegym.crosscheck ppo` at reduced size: the Java PPO update agrees with SB3's on CartPole (Discrete)
and Pendulum (Box, with gSDE, value clipping and observation normalisation), the KL modes take the same decisions,
and a one-detail difference (advantages normalised over the whole rollout) makes it fail naming the advantages."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from _cli import require_jar

pytest.importorskip("torch")
pytest.importorskip("stable_baselines3")

pytestmark = pytest.mark.slow

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "src"))


def crosscheck(tmp_path, env: str, config: dict, *extra: str) -> tuple[subprocess.CompletedProcess, dict]:
    """Runs the command as a user would (its own process, its own JVMs); returns it and its --json report."""
    require_jar()
    cfg = tmp_path / "config.json"
    cfg.write_text(json.dumps(config))
    report = tmp_path / "report.json"
    envvars = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.run([sys.executable, "-m", "jmegym.crosscheck.ppo", "--env", env, "--config", str(cfg),
                        "--seed", "1", "--json", str(report), *extra], capture_output=True, text=True,
                       timeout=600, env=envvars, stdin=subprocess.DEVNULL)
    rows = {r["quantity"]: r for r in json.loads(report.read_text())["rows"]} if report.exists() else {}
    return p, rows


SMALL = {"nSteps": 64, "nEnvs": 2, "batchSize": 32, "epochs": 3}


def test_cartpole_update_matches_sb3(tmp_path):
    p, rows = crosscheck(tmp_path, "CartPole-v1", SMALL)
    assert p.returncode == 0, p.stdout + p.stderr
    for q in ("values", "advantages", "returns", "mb.ratio", "mb.policy_loss", "mb.value_loss", "mb.entropy",
              "mb.approx_kl", "mb.clip_fraction", "mb.grad_norm", "epoch.params", "final_params"):
        assert rows[q]["ok"] and rows[q]["n"] > 0, rows[q]
    assert "all quantities within tolerance" in p.stdout


def test_pendulum_gsde_value_clip_obs_norm_and_time_limit_match_sb3(tmp_path):
    # 1 env x 256 steps crosses Pendulum's 200-step limit: the truncation bootstrap is compared too
    cfg = {"nSteps": 256, "nEnvs": 1, "batchSize": 64, "epochs": 2, "gamma": 0.9, "learningRate": 1e-3,
           "useSde": True, "sdeSampleFreq": -1, "logStdInit": -2.0, "clipRangeVf": 0.2,
           "normalizeObservation": True}
    p, rows = crosscheck(tmp_path, "Pendulum-v1", cfg)
    assert p.returncode == 0, p.stdout + p.stderr
    assert rows["truncation_values"]["n"] == 1
    assert rows["sde_actions"]["ok"] and rows["normalized_obs"]["ok"]


@pytest.mark.parametrize("mode, stop", [("EARLY_STOP_MINIBATCH", "stopped at epoch"),
                                        ("EARLY_STOP_EPOCH", "stopped after epoch")])
def test_kl_early_stops_take_the_same_decision(tmp_path, mode, stop):
    cfg = dict(SMALL, epochs=4, learningRate=3e-3, targetKl=0.002, klMode=mode)
    p, rows = crosscheck(tmp_path, "CartPole-v1", cfg)
    assert p.returncode == 0, p.stdout + p.stderr
    decision = rows["decision.early_stop"]
    assert decision["ok"] and stop in decision["note"], decision


def test_kl_penalty_is_compared_up_to_its_first_step_and_said_to_have_no_twin(tmp_path):
    cfg = dict(SMALL, targetKl=0.01, klMode="ADAPTIVE_PENALTY")
    p, rows = crosscheck(tmp_path, "CartPole-v1", cfg)
    assert p.returncode == 0, p.stdout + p.stderr
    assert rows["mb.grad_norm"]["n"] == 1 and "no SB3 twin" in rows["decision.kl_penalty"]["note"]


def test_advantages_normalised_over_the_whole_batch_fail_naming_the_advantages(tmp_path):
    p, rows = crosscheck(tmp_path, "CartPole-v1", dict(SMALL, normalizeAdvantageOverBatch=True))
    assert p.returncode == 1, p.stdout + p.stderr
    assert not rows["mb.advantages"]["ok"]
    assert rows["advantages"]["ok"]  # GAE itself still agrees: the difference is where it is normalised
    assert "differences beyond tolerance: mb.advantages" in p.stdout


def test_a_setting_without_an_sb3_twin_is_refused_naming_it(tmp_path):
    p, _ = crosscheck(tmp_path, "CartPole-v1", dict(SMALL, sharedNetwork=True))
    assert p.returncode == 2
    assert "sharedNetwork=True" in p.stderr and "no Stable-Baselines3 twin" in p.stderr
