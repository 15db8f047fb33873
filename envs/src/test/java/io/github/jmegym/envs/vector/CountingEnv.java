package io.github.jmegym.envs.vector;

import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.Space;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** A test env that counts resets and steps (its observation is the step within the episode); throws or hangs on demand, once. */
final class CountingEnv implements Env<double[], Integer> {
    int steps;
    int resets;
    int t;
    volatile Throwable stepFault;
    volatile Throwable resetFault;
    volatile CountDownLatch hang;
    volatile boolean hanging;

    @Override
    public Reset<double[]> reset(Long seed, Map<String, ?> options) {
        resets++;
        Throwable f = resetFault;
        if (f != null) {
            resetFault = null;
            throw sneaky(f);
        }
        t = 0;
        return new Reset<>(new double[] {0}, Map.of());
    }

    @Override
    public Step<double[]> step(Integer action) {
        Throwable f = stepFault;
        if (f != null) {
            stepFault = null;
            throw sneaky(f);
        }
        CountDownLatch h = hang;
        if (h != null) {
            hang = null;
            hanging = true;
            try {
                h.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        steps++;
        t++;
        return new Step<>(new double[] {t}, 1.0, false, false, Map.of());
    }

    private static RuntimeException sneaky(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return (RuntimeException) t;
    }

    @Override
    public Space<double[]> observationSpace() {
        return new Box(0, 1000, new int[] {1}, DType.FLOAT64);
    }

    @Override
    public Space<Integer> actionSpace() {
        return new Discrete(2);
    }

    @Override
    public EnvSpec spec() {
        return EnvSpec.of("Counting-v0", null, null);
    }

    @Override
    public void close() {
    }
}
