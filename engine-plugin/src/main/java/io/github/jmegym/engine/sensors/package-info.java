/** Reusable observation parts for agents: ray perception, tagged objects relative to the agent, the agent's own state. */
package io.github.jmegym.engine.sensors;
