/** Benchmarks of the engine worlds: headless env-steps per second and full PPO training runs. */
package io.github.jmegym.engine.bench;
