"""How far bridged Acrobot-v1 drifts from Gymnasium's: seeds 0-19 x 2,000 random-action steps, episodes restarting
as they end; prints the five largest observation differences (max abs, seed, step) and asserts equal flags.

    python benchmarks/envs/acrobot_drift.py
"""
import gymnasium as gym, numpy as np, jmegym
worst = []
for seed in range(20):
    a = gym.make("Acrobot-v1"); b = gym.make("jmegym/Acrobot-v1")
    oa, _ = a.reset(seed=seed); ob, _ = b.reset(seed=seed)
    rng = np.random.default_rng(seed); m = float(np.max(np.abs(oa - ob))); at = 0
    for t in range(2000):
        act = int(rng.integers(3))
        ra = a.step(act); rb = b.step(act)
        d = float(np.max(np.abs(ra[0] - rb[0])))
        if d > m: m, at = d, t
        assert ra[2] == rb[2] and ra[3] == rb[3], (seed, t)
        if ra[2] or ra[3]:
            a.reset(); b.reset()
    worst.append((m, seed, at)); a.close(); b.close()
print(sorted(worst)[-5:], "max", max(worst))
