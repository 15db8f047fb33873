/** Numerical building blocks of the agent (action distributions, network layout and plain-Java forward, rollout buffer, GAE, running statistics, RNG); used by the trainer and by inference-only policies. */
package io.github.jmegym.agent.core;
