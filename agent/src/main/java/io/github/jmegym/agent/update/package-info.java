/** The policy-update rules a trainer runs on each rollout (PPO-clip, PPO-KL, TRPO, NPG) and what they share. */
package io.github.jmegym.agent.update;
