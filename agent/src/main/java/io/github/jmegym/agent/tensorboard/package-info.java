/** TensorBoard event files (TFRecord-framed {@code Event} protos) written beside a run's metrics. */
package io.github.jmegym.agent.tensorboard;
