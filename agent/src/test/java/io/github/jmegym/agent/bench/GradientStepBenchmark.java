package io.github.jmegym.agent.bench;

import io.github.jmegym.agent.Activation;
import io.github.jmegym.agent.core.JavaForward;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.agent.nd4j.Nd4jActorCritic;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Where the time of one PPO gradient step goes for the CartPole networks (4-64-64-2 actor, 4-64-64-1 critic):
 * ND4J forward, backward and parameter upload at a minibatch size, and the plain-Java rollout forward at batch 8.
 * Reports wall time and the main thread's CPU time (which other load on the machine inflates less).
 * Usage: {@code GradientStepBenchmark [batch=256]}.
 */
public final class GradientStepBenchmark {
    private GradientStepBenchmark() {
    }

    /** Runs the measurement. */
    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        NetLayout l = new NetLayout(4, 2, 0, List.of(64, 64), List.of(64, 64), false, Activation.TANH);
        Nd4jActorCritic net = new Nd4jActorCritic(l, DataType.FLOAT);
        double[] p = l.initParams(new Rng(1), true, 0);
        Rng rng = new Rng(2);
        double[] obs = new double[batch * 4];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = rng.nextGaussian();
        }
        double[] out = new double[batch * 2];
        double[] v = new double[batch];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int n = 500;
        for (int rep = 0; rep < 6; rep++) {
            long set = 0;
            long fwd = 0;
            long bwd = 0;
            long c0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                long a = System.nanoTime();
                net.setParams(p);
                long b = System.nanoTime();
                net.forward(obs, batch, out, v);
                long c = System.nanoTime();
                net.backward(out, v);
                long d = System.nanoTime();
                set += b - a;
                fwd += c - b;
                bwd += d - c;
            }
            double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / n;
            if (rep > 0) {
                System.out.printf(Locale.ROOT, "ND4J batch %d: %.3f ms per step wall (upload %.3f, forward %.3f, backward %.3f), "
                        + "%.3f ms main-thread CPU%n", batch, (set + fwd + bwd) / 1e6 / n, set / 1e6 / n, fwd / 1e6 / n,
                        bwd / 1e6 / n, cpu);
            }
        }
        JavaForward k = new JavaForward(l);
        double[] o8 = new double[8 * 4];
        double[] out8 = new double[8 * 2];
        double[] v8 = new double[8];
        for (int rep = 0; rep < 4; rep++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 20_000; i++) {
                k.forward(p, o8, 8, out8, v8);
            }
            if (rep > 0) {
                System.out.printf(Locale.ROOT, "plain-Java actor+critic forward, batch 8: %.1f us%n",
                        (System.nanoTime() - t0) / 1e3 / 20_000);
            }
        }
    }
}
