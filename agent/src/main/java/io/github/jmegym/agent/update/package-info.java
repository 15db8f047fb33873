/**
 * The policy-update rules a trainer runs on each rollout (PPO-clip, PPO-KL, TRPO, NPG), what they share, and the
 * schedulers that run an update synchronously, on a background thread or in time slices.
 */
package io.github.jmegym.agent.update;
