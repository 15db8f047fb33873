/** Observation and action spaces with Gymnasium 1.x semantics: Box, Discrete, MultiDiscrete, MultiBinary, Dict. */
package io.github.jmegym.envs.spaces;
