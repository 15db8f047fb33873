/** Rollout collection: the step-driven act/report loop that fills the rollout buffer, and finished-episode statistics. */
package io.github.jmegym.agent.rollout;
