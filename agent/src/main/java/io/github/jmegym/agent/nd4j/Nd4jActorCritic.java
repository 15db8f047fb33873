package io.github.jmegym.agent.nd4j;

import io.github.jmegym.agent.Activation;
import io.github.jmegym.agent.core.NetLayout;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The actor-critic of a {@link NetLayout} in ND4J, with hand-derived backpropagation for minibatch updates.
 *
 * <p>Why it is shaped this way (measured: ND4J costs 15-30 us per op whatever its size, SameDiff takes 2-5 s to build
 * its graph and ~2 ms per step): all parameters live in ONE flat {@link INDArray} and all gradients in another, each
 * layer's weights, bias and gradients being views into them, so the optimizer reads and writes the whole model with
 * one copy each; activations and gradient buffers are preallocated per minibatch size; every matrix product is one
 * {@code gemm} (OpenBLAS) written straight into its destination (gradient views included); bias adds and
 * activations are in place. A gradient step of the default 2x64 actor and critic is about 50 ND4J calls.
 * Not thread-safe.
 */
public final class Nd4jActorCritic {
    private final NetLayout layout;
    private final DataType dtype;
    private final INDArray params;
    private final INDArray grads;
    private final Dense[] trunk;
    private final Dense[] actor;
    private final Dense[] critic;
    private final boolean tanh;
    private final Map<Integer, Buffers> buffers = new HashMap<>();
    private Buffers last;

    /**
     * @param layout the network layout
     * @param dtype {@link DataType#FLOAT} for training, {@link DataType#DOUBLE} for gradient checks
     */
    public Nd4jActorCritic(NetLayout layout, DataType dtype) {
        configureThreads();
        this.layout = layout;
        this.dtype = dtype;
        this.params = Nd4j.zeros(dtype, layout.paramCount());
        this.grads = Nd4j.zeros(dtype, layout.paramCount());
        this.trunk = layout.trunk() == null ? null : dense(layout.trunk(), true);
        this.actor = dense(layout.actor(), trunk == null);
        this.critic = dense(layout.critic(), trunk == null);
        this.tanh = layout.activation() == Activation.TANH;
    }

    /** System property with the number of ND4J/OpenMP/OpenBLAS threads (default 1). */
    public static final String THREADS_PROPERTY = "jmegym.nd4j.threads";
    private static boolean threadsConfigured;

    /**
     * Limits ND4J, OpenMP and OpenBLAS to {@value #THREADS_PROPERTY} threads (default 1), once per JVM. Measured on
     * the 2-core test machine: a batch-256 gradient step of the 2x64 networks takes ~2 ms on one thread and 30-80 ms
     * with two threads when other processes share the cores (OpenMP spin-waits); these matrices are too small to gain
     * from threads.
     */
    public static synchronized void configureThreads() {
        if (threadsConfigured) {
            return;
        }
        threadsConfigured = true;
        int n = Integer.getInteger(THREADS_PROPERTY, 1);
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
    }

    /** The layout. */
    public NetLayout layout() {
        return layout;
    }

    /** The data type of the arrays. */
    public DataType dtype() {
        return dtype;
    }

    /**
     * Views of a stack's layers. With {@code augmentedInput} the first layer reads an input with an extra column of
     * ones, so its weight view is {@code [W; b]} ({@code (in + 1) x out}, contiguous in the flat layout): the bias add
     * and the bias-gradient sum become part of the gemm (two ND4J calls saved per network and step).
     */
    private Dense[] dense(NetLayout.Mlp m, boolean augmentedInput) {
        Dense[] d = new Dense[m.layers()];
        for (int l = 0; l < d.length; l++) {
            int in = m.sizes()[l];
            int out = m.sizes()[l + 1];
            int w = m.weightOffset(l);
            int b = m.biasOffset(l);
            boolean act = l < d.length - 1 || m.activateLast();
            boolean aug = augmentedInput && l == 0;
            int rows = aug ? in + 1 : in;
            d[l] = new Dense(in, out, act, aug,
                    matrix(params, w, rows, out), params.get(NDArrayIndex.interval(b, b + out)),
                    matrix(grads, w, rows, out), grads.get(NDArrayIndex.interval(b, b + out)));
        }
        return d;
    }

    private static INDArray matrix(INDArray flat, int offset, int rows, int cols) {
        return flat.get(NDArrayIndex.interval(offset, offset + rows * cols)).reshape('c', rows, cols);
    }

    /** Copies the flat parameters in (length {@link NetLayout#paramCount()}). */
    public void setParams(double[] p) {
        if (p.length != layout.paramCount()) {
            throw new IllegalArgumentException("setParams: " + p.length + " values; expected " + layout.paramCount());
        }
        put(params, p, p.length);
    }

    /** The flat parameters (a copy). */
    public double[] getParams() {
        double[] p = new double[layout.paramCount()];
        get(params, p, p.length);
        return p;
    }

    /**
     * Forward pass of a minibatch; keeps the activations for {@link #backward}.
     *
     * @param obs row-major {@code [batch x obsDim]}
     * @param actorOut receives {@code [batch x outDim]}
     * @param values receives {@code [batch]}
     */
    public void forward(double[] obs, int batch, double[] actorOut, double[] values) {
        Buffers b = buffers.computeIfAbsent(batch, Buffers::new);
        last = b;
        putAugmented(b, obs, batch);
        INDArray x = b.input;
        if (trunk != null) {
            x = forward(trunk, b.trunkActs, x);
        }
        INDArray a = forward(actor, b.actorActs, x);
        INDArray v = forward(critic, b.criticActs, x);
        get(a, actorOut, batch * layout.outDim());
        get(v, values, batch);
    }

    private INDArray forward(Dense[] layers, INDArray[] acts, INDArray x) {
        INDArray in = x;
        for (int l = 0; l < layers.length; l++) {
            Dense d = layers[l];
            INDArray z = acts[l];
            Nd4j.gemm(in, d.w, z, false, false, 1.0, 0.0);
            if (!d.augmented) {
                z.addiRowVector(d.b);
            }
            if (d.activated) {
                if (tanh) {
                    Transforms.tanh(z, false);
                } else {
                    Transforms.relu(z, false);
                }
            }
            in = z;
        }
        return in;
    }

    /**
     * Backward pass of the last {@link #forward} for the given output gradients; returns the flat gradient of the
     * network weights (log-std entries are 0: the caller owns them).
     *
     * @param dActorOut {@code [batch x outDim]} d loss / d policy outputs
     * @param dValues {@code [batch]} d loss / d values
     */
    public double[] backward(double[] dActorOut, double[] dValues) {
        Buffers b = last;
        if (b == null) {
            throw new IllegalStateException("backward called before forward");
        }
        put(b.dActor, dActorOut, b.batch * layout.outDim());
        put(b.dCritic, dValues, b.batch);
        INDArray x = trunk != null ? b.trunkActs[trunk.length - 1] : b.input;
        if (trunk != null) {
            backward(actor, b.actorActs, b.actorDeltas, x, b.dActor, b.dTrunkFromActor);
            backward(critic, b.criticActs, b.criticDeltas, x, b.dCritic, b.dTrunkFromCritic);
            b.dTrunkFromActor.addi(b.dTrunkFromCritic);
            backward(trunk, b.trunkActs, b.trunkDeltas, b.input, b.dTrunkFromActor, null);
        } else {
            backward(actor, b.actorActs, b.actorDeltas, x, b.dActor, null);
            backward(critic, b.criticActs, b.criticDeltas, x, b.dCritic, null);
        }
        double[] g = new double[layout.paramCount()];
        get(grads, g, g.length);
        return g;
    }

    /**
     * Backprop through a stack: {@code dOut} is d loss / d (last layer's output, after its activation if any);
     * {@code dIn}, when not null, receives d loss / d input.
     */
    private void backward(Dense[] layers, INDArray[] acts, INDArray[] deltas, INDArray x, INDArray dOut, INDArray dIn) {
        INDArray delta = dOut;
        for (int l = layers.length - 1; l >= 0; l--) {
            Dense d = layers[l];
            INDArray a = acts[l];
            if (d.activated) {
                INDArray tmp = deltas[l];
                if (tanh) {
                    a.mul(a, tmp).rsubi(1.0);
                } else {
                    Nd4j.exec(new Sign(a, tmp));
                }
                delta.muli(tmp);
            }
            INDArray in = l == 0 ? x : acts[l - 1];
            Nd4j.gemm(in, delta, d.gw, true, false, 1.0, 0.0);
            if (!d.augmented) {
                delta.sum(d.gb, 0);
            }
            INDArray target = l == 0 ? dIn : deltas[l - 1 + layers.length];
            if (target != null) {
                Nd4j.gemm(delta, d.w, target, false, true, 1.0, 0.0);
                delta = target;
            }
        }
    }

    /** Copies {@code n} values into a (contiguous, offset 0) array through its native pointer: one memcpy. */
    private void put(INDArray dst, double[] src, int n) {
        if (dtype == DataType.DOUBLE) {
            ((DoublePointer) dst.data().addressPointer()).put(src, 0, n);
        } else {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = (float) src[i];
            }
            ((FloatPointer) dst.data().addressPointer()).put(f, 0, n);
        }
    }

    /** The observations with a column of ones appended (the bias input of the first layers). */
    private void putAugmented(Buffers b, double[] obs, int batch) {
        int d = layout.obsDim();
        if (dtype == DataType.DOUBLE) {
            double[] h = b.inputHostD;
            for (int r = 0; r < batch; r++) {
                System.arraycopy(obs, r * d, h, r * (d + 1), d);
                h[r * (d + 1) + d] = 1.0;
            }
            ((DoublePointer) b.input.data().addressPointer()).put(h, 0, h.length);
        } else {
            float[] h = b.inputHost;
            for (int r = 0; r < batch; r++) {
                for (int j = 0; j < d; j++) {
                    h[r * (d + 1) + j] = (float) obs[r * d + j];
                }
                h[r * (d + 1) + d] = 1.0f;
            }
            ((FloatPointer) b.input.data().addressPointer()).put(h, 0, h.length);
        }
    }

    /** Copies {@code n} values out of a (contiguous, offset 0) array through its native pointer. */
    private void get(INDArray src, double[] dst, int n) {
        if (dtype == DataType.DOUBLE) {
            ((DoublePointer) src.data().addressPointer()).get(dst, 0, n);
        } else {
            float[] f = new float[n];
            ((FloatPointer) src.data().addressPointer()).get(f, 0, n);
            for (int i = 0; i < n; i++) {
                dst[i] = f[i];
            }
        }
    }

    private record Dense(int in, int out, boolean activated, boolean augmented, INDArray w, INDArray b, INDArray gw,
                         INDArray gb) {
    }

    /** Preallocated activations and gradients for one minibatch size. */
    private final class Buffers {
        final int batch;
        final INDArray input;
        final float[] inputHost;
        final double[] inputHostD;
        final INDArray[] trunkActs;
        final INDArray[] actorActs;
        final INDArray[] criticActs;
        final INDArray[] trunkDeltas;
        final INDArray[] actorDeltas;
        final INDArray[] criticDeltas;
        final INDArray dActor;
        final INDArray dCritic;
        final INDArray dTrunkFromActor;
        final INDArray dTrunkFromCritic;

        Buffers(int batch) {
            this.batch = batch;
            input = Nd4j.create(dtype, batch, layout.obsDim() + 1);
            inputHost = new float[batch * (layout.obsDim() + 1)];
            inputHostD = new double[batch * (layout.obsDim() + 1)];
            trunkActs = trunk == null ? null : acts(trunk, batch);
            actorActs = acts(actor, batch);
            criticActs = acts(critic, batch);
            trunkDeltas = trunk == null ? null : deltas(trunk, batch);
            actorDeltas = deltas(actor, batch);
            criticDeltas = deltas(critic, batch);
            dActor = Nd4j.create(dtype, batch, layout.outDim());
            dCritic = Nd4j.create(dtype, batch, 1);
            int t = trunk == null ? 0 : trunk[trunk.length - 1].out;
            dTrunkFromActor = trunk == null ? null : Nd4j.create(dtype, batch, t);
            dTrunkFromCritic = trunk == null ? null : Nd4j.create(dtype, batch, t);
        }

        private INDArray[] acts(Dense[] layers, int batch) {
            INDArray[] a = new INDArray[layers.length];
            for (int l = 0; l < layers.length; l++) {
                a[l] = Nd4j.create(dtype, batch, layers[l].out);
            }
            return a;
        }

        /** [0, L): derivative scratch per layer (shape of its output); [L, 2L-1): d loss / d input of layer l+1. */
        private INDArray[] deltas(Dense[] layers, int batch) {
            INDArray[] a = new INDArray[2 * layers.length];
            for (int l = 0; l < layers.length; l++) {
                a[l] = Nd4j.create(dtype, batch, layers[l].out);
                if (l < layers.length - 1) {
                    a[l + layers.length] = Nd4j.create(dtype, batch, layers[l].out);
                }
            }
            return a;
        }
    }
}
