/** The env throughput benchmark behind {@code benchmarks/envs/run.sh}. */
package io.github.jmegym.envs.bench;
