"""Gymnasium's own rgb_array rendering, for comparison: CartPole-v1 (pygame, 600x400) step + render frames/s.

Prints one JSON line like the Java harness. Needs pygame (``pip install "gymnasium[classic-control]"``).
"""

import json
import sys
import time

import gymnasium as gym

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
env = gym.make("CartPole-v1", render_mode="rgb_array")
env.action_space.seed(1)
env.reset(seed=0)
for _ in range(20):
    env.render()
n, start = 0, time.perf_counter()
while time.perf_counter() - start < seconds:
    _, _, term, trunc, _ = env.step(env.action_space.sample())
    frame = env.render()
    if term or trunc:
        env.reset()
    n += 1
elapsed = time.perf_counter() - start
print(json.dumps({"case": "Gymnasium CartPole-v1 step + render() (pygame, CPU)", "size": f"{frame.shape[1]}x{frame.shape[0]}",
                  "backend": "pygame " + __import__("pygame").version.ver, "frames": n, "per_s": round(n / elapsed)}))
