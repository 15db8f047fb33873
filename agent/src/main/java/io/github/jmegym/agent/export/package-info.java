/** Export of trained policies to other runtimes: an ONNX model of the actor-critic with its normaliser folded in. */
package io.github.jmegym.agent.export;
