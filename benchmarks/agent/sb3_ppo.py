"""One Stable-Baselines3 PPO run with the rl-baselines3-zoo CartPole-v1 or Pendulum-v1 settings, as one JSON line.

Usage: python3 sb3_ppo.py ENV_ID SEED STEPS THRESHOLD STOP [TORCH_THREADS]
TORCH_THREADS (default: torch's own default) sets torch.set_num_threads; on a shared 2-core machine one thread is
SB3's best case (two intra-op threads spin against other processes: 252 env-steps/s measured under load).
Mirrors io.github.jmegym.agent.bench.PpoBenchmark: the learning-rate and clip schedules anneal over the zoo's
n_timesteps (1e5 for CartPole), the run ends after STEPS env steps (or at the threshold when STOP is true), and
the first step at which the mean return of the last 10 episodes reaches THRESHOLD is recorded.
"""
import json
import sys
import time

import numpy as np
import torch
from stable_baselines3 import PPO
from stable_baselines3.common.callbacks import BaseCallback
from stable_baselines3.common.env_util import make_vec_env


def linear(v):
    return lambda progress_remaining: progress_remaining * v


ZOO = {
    # rl-baselines3-zoo hyperparams/ppo.yml
    "CartPole-v1": dict(n_envs=8, n_timesteps=100_000, kwargs=dict(
        n_steps=32, batch_size=256, gae_lambda=0.8, gamma=0.98, n_epochs=20, ent_coef=0.0,
        learning_rate=linear(1e-3), clip_range=linear(0.2))),
    "Pendulum-v1": dict(n_envs=4, n_timesteps=100_000, kwargs=dict(
        n_steps=1024, gae_lambda=0.95, gamma=0.9, n_epochs=10, ent_coef=0.0, learning_rate=1e-3, clip_range=0.2,
        use_sde=True, sde_sample_freq=4)),
}


class Watch(BaseCallback):
    def __init__(self, threshold, steps, stop):
        super().__init__()
        self.threshold, self.steps, self.stop = threshold, steps, stop
        self.returns, self.reached_at, self.reached_seconds = [], None, None
        self.t0 = None

    def _on_training_start(self):
        self.t0 = time.perf_counter()

    def _on_step(self):
        for info in self.locals["infos"]:
            ep = info.get("episode")
            if ep is not None:
                self.returns.append(float(ep["r"]))
                if (self.reached_at is None and len(self.returns) >= 10
                        and np.mean(self.returns[-10:]) >= self.threshold):
                    self.reached_at = self.num_timesteps
                    self.reached_seconds = time.perf_counter() - self.t0
        if self.stop and self.reached_at is not None:
            return False
        return self.num_timesteps < self.steps


def timed_learn(model, total_timesteps, threshold, steps, stop):
    """model.learn with the Watch callback; the run's figures (keys shared by the benchmark scripts) as a dict."""
    train_seconds = [0.0]
    inner_train = model.train

    def timed_train():
        t = time.perf_counter()
        inner_train()
        train_seconds[0] += time.perf_counter() - t

    model.train = timed_train
    cb = Watch(threshold, steps, stop)
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    model.learn(total_timesteps=total_timesteps, callback=cb)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    return {
        "steps": model.num_timesteps, "seconds": round(wall, 3), "fps": round(model.num_timesteps / wall, 1),
        "reached_at": cb.reached_at,
        "reached_seconds": None if cb.reached_seconds is None else round(cb.reached_seconds, 3),
        "last10": round(float(np.mean(cb.returns[-10:])), 2), "rollout_seconds": round(wall - train_seconds[0], 3),
        "update_seconds": round(train_seconds[0], 3), "cpu_seconds": round(cpu, 3),
        "steps_per_cpu_second": round(model.num_timesteps / cpu, 1), "torch_threads": torch.get_num_threads()}


def main():
    env_id, seed, steps, threshold, stop = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), \
        sys.argv[5].lower() == "true"
    if len(sys.argv) > 6:
        torch.set_num_threads(int(sys.argv[6]))
    zoo = ZOO[env_id]
    env = make_vec_env(env_id, n_envs=zoo["n_envs"], seed=seed)
    model = PPO("MlpPolicy", env, seed=seed, device="cpu", verbose=0, **zoo["kwargs"])
    r = timed_learn(model, zoo["n_timesteps"], threshold, steps, stop)
    print(json.dumps({"impl": "sb3", "env": env_id, "seed": seed, **r,
                      "sb3": __import__("stable_baselines3").__version__}))


if __name__ == "__main__":
    main()
