/** PPO on ND4J: configuration, the trainer (headless or driven from a game loop), policies and metrics. */
package io.github.jmegym.agent;
