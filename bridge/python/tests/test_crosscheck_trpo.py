"""`python -m jmegym.crosscheck trpo` at reduced size: the Java TRPO update agrees with sb3-contrib's on CartPole
(Discrete) and Pendulum (Box with gSDE, observation normalisation and a time limit), NPG agrees on what it shares with
TRPO, a one-detail difference on the Java side (the Fisher damping) fails naming the Fisher products, bad input
exits 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from _cli import require_jar

pytest.importorskip("torch")
pytest.importorskip("sb3_contrib")

pytestmark = pytest.mark.slow

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "src"))

POLICY_STEP = ("policy.surrogate", "policy.gradient", "policy.fisher_products", "policy.direction",
               "policy.curvature", "policy.params")
CRITIC = ("critic.value_loss", "critic.params", "final_params")


def crosscheck(tmp_path, env: str, config: dict | None, *extra: str) -> tuple[subprocess.CompletedProcess, dict]:
    """Runs the command as a user would (its own process, its own JVMs); returns it and its --json report."""
    require_jar()
    args = []
    if config is not None:
        cfg = tmp_path / "config.json"
        cfg.write_text(json.dumps(config))
        args = ["--config", str(cfg)]
    report = tmp_path / "report.json"
    envvars = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.run([sys.executable, "-m", "jmegym.crosscheck", "trpo", "--env", env, *args, "--seed", "1",
                        "--json", str(report), *extra], capture_output=True, text=True, timeout=600, env=envvars,
                       stdin=subprocess.DEVNULL)
    rows = {r["quantity"]: r for r in json.loads(report.read_text())["rows"]} if report.exists() else {}
    return p, rows


# CartPole's preset damping (1e-3, the zoo's), the hardest for float32 conjugate gradient
SMALL = {"algo": "trpo", "nSteps": 64, "nEnvs": 2, "batchSize": 64, "nCriticUpdates": 2, "cgDamping": 0.001}


def test_cartpole_trpo_update_matches_sb3_contrib(tmp_path):
    p, rows = crosscheck(tmp_path, "CartPole-v1", SMALL)
    assert p.returncode == 0, p.stdout + p.stderr
    for q in ("advantages", *POLICY_STEP, "policy.max_step", "trial.kl", "trial.surrogate", "decision.line_search",
              *CRITIC):
        assert rows[q]["ok"] and rows[q]["n"] > 0, rows[q]
    assert rows["critic.value_loss"]["n"] == 4  # 2 epochs x 2 minibatches
    assert "all quantities within tolerance" in p.stdout


def test_pendulum_gsde_obs_norm_and_time_limit_match_sb3_contrib(tmp_path):
    # 1 env x 256 steps crosses Pendulum's 200-step limit: the truncation bootstrap is compared too
    cfg = {"algo": "trpo", "nSteps": 256, "nEnvs": 1, "batchSize": 128, "nCriticUpdates": 1, "gamma": 0.9,
           "useSde": True, "sdeSampleFreq": -1, "logStdInit": -2.0, "normalizeObservation": True}
    p, rows = crosscheck(tmp_path, "Pendulum-v1", cfg)
    assert p.returncode == 0, p.stdout + p.stderr
    assert rows["truncation_values"]["n"] == 1
    for q in ("sde_actions", "normalized_obs", *POLICY_STEP, "trial.kl", "decision.line_search", *CRITIC):
        assert rows[q]["ok"] and rows[q]["n"] > 0, rows[q]


def test_npg_shares_direction_with_sb3_and_takes_its_fixed_step_along_it(tmp_path):
    # the file names no algorithm, so --algo npg picks NPG's preset under the file's fields (as ./jmegym train)
    small = {k: v for k, v in SMALL.items() if k != "algo"}
    p, rows = crosscheck(tmp_path, "CartPole-v1", dict(small, npgStepSize=0.05), "--algo", "npg")
    assert p.returncode == 0, p.stdout + p.stderr
    assert "algo=npg has no sb3-contrib twin" in p.stdout
    assert rows["policy.params"]["ok"] and "theta_old + alpha s" in rows["policy.params"]["note"]
    assert "trial.kl" not in rows  # no line search on the Java side
    for q in (*POLICY_STEP, *CRITIC):
        assert rows[q]["ok"] and rows[q]["n"] > 0, rows[q]


def test_a_java_damping_ten_percent_off_fails_naming_the_fisher_products(tmp_path):
    p, rows = crosscheck(tmp_path, "CartPole-v1", SMALL, "--java-set", "cgDamping=0.0011")
    assert p.returncode == 1, p.stdout + p.stderr
    assert rows["policy.gradient"]["ok"]  # g does not depend on the damping: the difference is where it enters
    assert not rows["policy.fisher_products"]["ok"] and not rows["policy.direction"]["ok"]
    assert rows["critic.value_loss"]["ok"]
    assert "differences beyond tolerance: policy.fisher_products" in p.stdout


@pytest.mark.parametrize("config, extra, message", [
    (dict(SMALL, algo="ppo"), (), "algo='ppo' has no Stable-Baselines3 twin"),
    (dict(SMALL, sharedNetwork=True), (), "sharedNetwork=True has no Stable-Baselines3 twin"),
    (SMALL, ("--java-set", "noSuchField=1"), "--java-set 'noSuchField=1': expected FIELD=VALUE"),
])
def test_bad_input_exits_2_naming_it(tmp_path, config, extra, message):
    p, _ = crosscheck(tmp_path, "CartPole-v1", config, *extra)
    assert p.returncode == 2, p.stdout + p.stderr
    line = p.stderr.strip().splitlines()[-1]
    assert line.startswith("crosscheck trpo: ") and message in line, p.stderr


def test_a_missing_config_file_exits_2(tmp_path):
    p, _ = crosscheck(tmp_path, "CartPole-v1", None, "--config", str(tmp_path / "nope.json"))
    assert p.returncode == 2 and "--config" in p.stderr and "does not exist" in p.stderr, p.stderr
