/** The ND4J actor-critic used for PPO updates: hand-derived backprop on preallocated arrays over one flat parameter vector. */
package io.github.jmegym.agent.nd4j;
