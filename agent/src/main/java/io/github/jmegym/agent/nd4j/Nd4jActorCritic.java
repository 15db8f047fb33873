package io.github.jmegym.agent.nd4j;

import io.github.jmegym.agent.Activation;
import io.github.jmegym.agent.core.NetLayout;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The actor-critic of a {@link NetLayout} in ND4J, with hand-derived backpropagation for minibatch updates.
 *
 * <p>Why it is shaped this way (measured: ND4J costs 15-50 us per call whatever the array size, SameDiff takes 2-5 s
 * to build its graph and ~2 ms per step):
 * <ul>
 *   <li>all parameters live in ONE flat {@link INDArray} and all gradients in another; each layer's weights and
 *       gradients are views into them, so the optimizer reads and writes the whole model with one memcpy each;</li>
 *   <li>every layer input carries a trailing column of ones and every layer's weight view is {@code [W; b]}
 *       ({@code (in + 1) x out}, which is how the flat layout stores a weight matrix followed by its bias): the bias
 *       add and the bias-gradient sum are part of the gemm, so a dense layer is ONE gemm forward and two backward;</li>
 *   <li>activations and gradient buffers are preallocated per minibatch size; the ones columns are written once;
 *       every gemm (OpenBLAS) writes straight into its destination, gradient views included.</li>
 * </ul>
 * A gradient step of the default 2x64 actor and critic is 18 gemm calls straight into OpenBLAS (the library ND4J
 * loads), 4 ND4J tanh calls and a host-side loop for the tanh derivative; with separate networks the critic's half runs on a second thread while the
 * calling thread runs the actor's ({@value #PARALLEL_PROPERTY}). Not thread-safe: one thread drives an instance.
 */
public final class Nd4jActorCritic {
    /** System property with the number of ND4J/OpenMP/OpenBLAS threads (default 1). */
    public static final String THREADS_PROPERTY = "jmegym.nd4j.threads";
    private static boolean threadsConfigured;

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
    /** Runs the critic while the calling thread runs the actor (separate networks only), or null. */
    private final java.util.concurrent.ExecutorService heads;

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
        this.trunk = layout.trunk() == null ? null : dense(layout.trunk());
        this.actor = dense(layout.actor());
        this.critic = dense(layout.critic());
        this.tanh = layout.activation() == Activation.TANH;
        boolean parallel = trunk == null && Boolean.parseBoolean(System.getProperty(PARALLEL_PROPERTY,
                Boolean.toString(Runtime.getRuntime().availableProcessors() > 1)));
        if (parallel) {
            // one daemon worker that exits after 10 s idle, so abandoned networks leave no threads behind
            java.util.concurrent.ThreadPoolExecutor ex = new java.util.concurrent.ThreadPoolExecutor(1, 1, 10,
                    java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "nd4j-critic");
                        t.setDaemon(true);
                        return t;
                    });
            ex.allowCoreThreadTimeOut(true);
            this.heads = ex;
        } else {
            this.heads = null;
        }
    }

    /**
     * System property: whether the critic's forward and backward run on a second thread while the calling thread
     * runs the actor's (default: when the machine has more than one core). The two networks share no arrays, so
     * the results are identical either way.
     */
    public static final String PARALLEL_PROPERTY = "jmegym.nd4j.parallelHeads";

    /**
     * Limits ND4J, OpenMP and OpenBLAS (the {@code openblas_nolapack} instance ND4J and this class call) to {@value #THREADS_PROPERTY} threads (default 1), once per JVM. Measured on
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

    private Dense[] dense(NetLayout.Mlp m) {
        Dense[] d = new Dense[m.layers()];
        for (int l = 0; l < d.length; l++) {
            int in = m.sizes()[l];
            int out = m.sizes()[l + 1];
            int w = m.weightOffset(l);
            boolean act = l < d.length - 1 || m.activateLast();
            d[l] = new Dense(in, out, act, matrix(params, w, in + 1, out), matrix(params, w, in, out),
                    matrix(grads, w, in + 1, out));
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
            forward(trunk, b.trunk, x);
            x = b.trunk.acts[trunk.length - 1];
        }
        INDArray in = x;
        both(() -> forward(actor, b.actor, in), () -> forward(critic, b.critic, in));
        get(b.actor.out, actorOut, batch * layout.outDim());
        get(b.critic.out, values, batch);
    }

    /** Runs {@code a} here and {@code c} on the critic thread (or both here), returning when both are done. */
    private void both(Runnable a, Runnable c) {
        if (heads == null) {
            a.run();
            c.run();
            return;
        }
        java.util.concurrent.Future<?> f = heads.submit(c);
        try {
            a.run();
        } finally {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the critic ran", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("critic pass failed: " + e.getCause(), e.getCause());
            }
        }
    }

    /** Runs a stack on an augmented input; activated outputs go to the ones-augmented activation buffers. */
    private void forward(Dense[] layers, StackBuffers s, INDArray x) {
        INDArray in = x;
        for (int l = 0; l < layers.length; l++) {
            Dense d = layers[l];
            INDArray z = d.activated ? s.pre[l] : s.out;
            gemm(in, false, d.wAug, false, z);
            if (d.activated) {
                INDArray h = s.views[l];
                if (tanh) {
                    Nd4j.exec(new Tanh(z, h));
                } else {
                    h.assign(z);
                    org.nd4j.linalg.ops.transforms.Transforms.relu(h, false);
                }
                in = s.acts[l];
            }
        }
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
        put(b.actor.dOut, dActorOut, b.batch * layout.outDim());
        put(b.critic.dOut, dValues, b.batch);
        INDArray x = trunk != null ? b.trunk.acts[trunk.length - 1] : b.input;
        if (trunk != null) {
            backward(actor, b.actor, x, b.dTrunkFromActor);
            backward(critic, b.critic, x, b.dTrunkFromCritic);
            b.dTrunkFromActor.addi(b.dTrunkFromCritic);
            backward(trunk, b.trunk, b.input, null);
        } else {
            both(() -> backward(actor, b.actor, x, null), () -> backward(critic, b.critic, x, null));
        }
        double[] g = new double[layout.paramCount()];
        get(grads, g, g.length);
        return g;
    }

    /**
     * Backprop through a stack: its {@code dOut} (the last layer's, or for a trunk the sum of the heads' input
     * gradients, passed as {@code dIn} of the heads) holds d loss / d output; {@code dIn}, when not null, receives
     * d loss / d input (without the ones column).
     */
    private void backward(Dense[] layers, StackBuffers s, INDArray x, INDArray dIn) {
        INDArray delta = s.dOut;
        for (int l = layers.length - 1; l >= 0; l--) {
            Dense d = layers[l];
            if (d.activated) {
                if (tanh) {
                    tanhBackward(s, l, d.out, delta);
                } else {
                    INDArray tmp = s.tmp[l];
                    Nd4j.exec(new Sign(s.views[l], tmp));
                    delta.muli(tmp);
                }
            }
            INDArray in = l == 0 ? x : s.acts[l - 1];
            gemm(in, true, delta, false, d.gwAug);
            INDArray target = l == 0 ? dIn : s.dActs[l - 1];
            if (target != null) {
                gemm(delta, false, d.w, true, target);
                delta = target;
            }
        }
    }

    /**
     * {@code c = op(a) op(b)} for row-major contiguous matrices (views included), straight through the OpenBLAS that
     * ND4J itself loads ({@code openblas_nolapack}, so ND4J's thread setting applies): {@code Nd4j.gemm} spends
     * 10-20 us per call validating and dispatching, which is more than the 256 x 65 x 64 product itself.
     */
    private void gemm(INDArray a, boolean ta, INDArray b, boolean tb, INDArray c) {
        int m = (int) c.size(0);
        int n = (int) c.size(1);
        int k = (int) (ta ? a.size(0) : a.size(1));
        int lda = (int) a.size(1);
        int ldb = (int) b.size(1);
        int ldc = (int) c.size(1);
        int transA = ta ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int transB = tb ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        if (dtype == DataType.DOUBLE) {
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, transA, transB, m, n, k, 1.0,
                    (DoublePointer) pointer(a), lda, (DoublePointer) pointer(b), ldb, 0.0, (DoublePointer) pointer(c), ldc);
        } else {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, transA, transB, m, n, k, 1.0f,
                    (FloatPointer) pointer(a), lda, (FloatPointer) pointer(b), ldb, 0.0f, (FloatPointer) pointer(c), ldc);
        }
    }

    private final Map<INDArray, Pointer> pointers =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    /** The native address of a contiguous row-major array (a view's buffer pointer already includes its offset). */
    private Pointer pointer(INDArray x) {
        Pointer p = pointers.get(x);
        if (p == null) {
            boolean rowsOk = x.size(0) == 1 || x.stride(0) == x.size(1);
            boolean colsOk = x.size(1) == 1 || x.stride(1) == 1;
            if (x.rank() != 2 || !rowsOk || !colsOk) {
                throw new IllegalStateException("gemm operand is not contiguous row-major: shape "
                        + java.util.Arrays.toString(x.shape()) + ", strides " + java.util.Arrays.toString(x.stride()));
            }
            p = x.data().addressPointer();
            pointers.put(x, p);
        }
        return p;
    }

    private float[] scratch = new float[0];

    /** A reused float buffer of at least {@code n} values (the host side of transfers). */
    private float[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new float[n];
        }
        return scratch;
    }

    /**
     * {@code delta *= 1 - h^2} on the host: two memcpys out, one loop, one memcpy back (~25 us for 256 x 64), where
     * ND4J needs three calls (h*h, 1-x, product) at 15-25 us of overhead each. Uses the stack's own host buffers,
     * so actor and critic can run it on different threads.
     */
    private void tanhBackward(StackBuffers s, int l, int out, INDArray delta) {
        int rows = (int) delta.size(0);
        int w = out + 1;
        if (dtype == DataType.DOUBLE) {
            double[] h = s.hostActD(rows * w);
            double[] d = s.hostDeltaD(rows * out);
            ((DoublePointer) s.acts[l].data().addressPointer()).get(h, 0, rows * w);
            DoublePointer dp = (DoublePointer) delta.data().addressPointer();
            dp.get(d, 0, rows * out);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < out; j++) {
                    double v = h[r * w + j];
                    d[r * out + j] *= 1.0 - v * v;
                }
            }
            dp.put(d, 0, rows * out);
        } else {
            float[] h = s.hostAct(rows * w);
            float[] d = s.hostDelta(rows * out);
            ((FloatPointer) s.acts[l].data().addressPointer()).get(h, 0, rows * w);
            FloatPointer dp = (FloatPointer) delta.data().addressPointer();
            dp.get(d, 0, rows * out);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < out; j++) {
                    float v = h[r * w + j];
                    d[r * out + j] *= 1.0f - v * v;
                }
            }
            dp.put(d, 0, rows * out);
        }
    }

    /** Copies {@code n} values into a (contiguous, offset 0) array through its native pointer: one memcpy. */
    private void put(INDArray dst, double[] src, int n) {
        if (dtype == DataType.DOUBLE) {
            ((DoublePointer) dst.data().addressPointer()).put(src, 0, n);
        } else {
            float[] f = scratch(n);
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
            float[] f = scratch(n);
            ((FloatPointer) src.data().addressPointer()).get(f, 0, n);
            for (int i = 0; i < n; i++) {
                dst[i] = f[i];
            }
        }
    }

    /**
     * A dense layer: {@code wAug} = {@code [W; b]} ({@code (in + 1) x out}), {@code w} = {@code W} alone (its first
     * {@code in} rows), {@code gwAug} = the gradient of {@code [W; b]}.
     */
    private record Dense(int in, int out, boolean activated, INDArray wAug, INDArray w, INDArray gwAug) {
    }

    /** The buffers of one stack for one minibatch size. */
    private final class StackBuffers {
        /** Pre-activations {@code [batch x out]} of activated layers. */
        final INDArray[] pre;
        /** Activations with a ones column {@code [batch x (out + 1)]} of activated layers. */
        final INDArray[] acts;
        /** The activation part {@code [batch x out]} (a view) of {@link #acts}. */
        final INDArray[] views;
        /** d loss / d activation {@code [batch x out]} of layers below the last. */
        final INDArray[] dActs;
        /** Derivative scratch {@code [batch x out]} of activated layers. */
        final INDArray[] tmp;
        /** Output of the last layer when not activated {@code [batch x out]}. */
        final INDArray out;
        /** d loss / d output of the last layer. */
        final INDArray dOut;
        private float[] hostAct = new float[0];
        private float[] hostDelta = new float[0];
        private double[] hostActD = new double[0];
        private double[] hostDeltaD = new double[0];

        float[] hostAct(int n) {
            if (hostAct.length < n) {
                hostAct = new float[n];
            }
            return hostAct;
        }

        float[] hostDelta(int n) {
            if (hostDelta.length < n) {
                hostDelta = new float[n];
            }
            return hostDelta;
        }

        double[] hostActD(int n) {
            if (hostActD.length < n) {
                hostActD = new double[n];
            }
            return hostActD;
        }

        double[] hostDeltaD(int n) {
            if (hostDeltaD.length < n) {
                hostDeltaD = new double[n];
            }
            return hostDeltaD;
        }

        StackBuffers(Dense[] layers, int batch) {
            int n = layers.length;
            pre = new INDArray[n];
            acts = new INDArray[n];
            views = new INDArray[n];
            dActs = new INDArray[n];
            tmp = new INDArray[n];
            for (int l = 0; l < n; l++) {
                int out = layers[l].out;
                if (layers[l].activated) {
                    pre[l] = Nd4j.create(dtype, batch, out);
                    acts[l] = Nd4j.ones(dtype, batch, out + 1);
                    views[l] = acts[l].get(NDArrayIndex.all(), NDArrayIndex.interval(0, out));
                    tmp[l] = Nd4j.create(dtype, batch, out);
                }
                dActs[l] = Nd4j.create(dtype, batch, out);
            }
            Dense lastLayer = layers[n - 1];
            out = lastLayer.activated ? null : Nd4j.create(dtype, batch, lastLayer.out);
            dOut = dActs[n - 1];
        }
    }

    /** Preallocated activations and gradients for one minibatch size. */
    private final class Buffers {
        final int batch;
        final INDArray input;
        final float[] inputHost;
        final double[] inputHostD;
        final StackBuffers trunk;
        final StackBuffers actor;
        final StackBuffers critic;
        final INDArray dTrunkFromActor;
        final INDArray dTrunkFromCritic;

        Buffers(int batch) {
            this.batch = batch;
            input = Nd4j.create(dtype, batch, layout.obsDim() + 1);
            inputHost = new float[batch * (layout.obsDim() + 1)];
            inputHostD = new double[batch * (layout.obsDim() + 1)];
            Dense[] t = Nd4jActorCritic.this.trunk;
            trunk = t == null ? null : new StackBuffers(t, batch);
            actor = new StackBuffers(Nd4jActorCritic.this.actor, batch);
            critic = new StackBuffers(Nd4jActorCritic.this.critic, batch);
            // a trunk's output gradient is the sum of the heads' input gradients: the heads write theirs into the
            // trunk's last dAct buffer and a scratch array
            dTrunkFromActor = trunk == null ? null : trunk.dOut;
            dTrunkFromCritic = trunk == null ? null : Nd4j.create(dtype, batch, t[t.length - 1].out);
        }
    }
}
