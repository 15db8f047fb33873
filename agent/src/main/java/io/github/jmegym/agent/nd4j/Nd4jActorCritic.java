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
 *   <li>activations and gradient buffers are preallocated per minibatch size; every gemm (OpenBLAS) writes
 *       straight into its destination, column slices and gradient views included.</li>
 * </ul>
 * A gradient step of the default 2x64 actor and critic is 18 gemm calls straight into OpenBLAS (the library ND4J
 * loads) and (for separate networks) no other ND4J op: the activations and their derivatives run on the host over copies kept between the
 * forward and backward passes (one memcpy each way per layer). With separate networks the critic's half can run on a
 * second thread while the calling thread runs the actor's ({@value #PARALLEL_PROPERTY}, off by default). Not
 * thread-safe: one thread drives an instance.
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
    /** Whether the last forward pass was {@link #forwardValues} (the actor's activations are then stale). */
    private boolean criticOnly;
    /** Runs the critic while the calling thread runs the actor (separate networks only), or null. */
    private final java.util.concurrent.ExecutorService heads;
    /** {@link NetLayout#paramCount()}, kept: the layout derives it anew on every call. */
    private final int paramCount;
    /** What {@link #backwardCritic} returns. */
    private final double[] criticGrad;

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
        this.paramCount = layout.paramCount();
        this.criticGrad = new double[paramCount];
        this.trunk = layout.trunk() == null ? null : dense(layout.trunk());
        this.actor = dense(layout.actor());
        this.critic = dense(layout.critic());
        this.tanh = layout.activation() == Activation.TANH;
        boolean parallel = trunk == null && Boolean.getBoolean(PARALLEL_PROPERTY);
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
     * runs the actor's (default false). The two networks share no arrays, so the results are identical either way.
     * Off by default since the activations moved to the host: each head's half of a batch-256 step is then ~0.12 ms,
     * and handing it to another thread and back cost more than it saved on the 2-core test machine (CartPole zoo
     * preset, seed 0: 36,900-37,400 env-steps/s sequential against 28,700-32,600 with the second thread, on a quiet
     * machine).
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
        if (p.length != paramCount) {
            throw new IllegalArgumentException("setParams: " + p.length + " values; expected " + paramCount);
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
        criticOnly = false;
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

    /**
     * Forward pass of the critic alone (after the shared trunk, if any), for {@link #backwardCritic}: a value-function
     * regression step (TRPO's critic updates) that skips the actor's half of the work.
     *
     * @param values receives {@code [batch]}
     */
    public void forwardValues(double[] obs, int batch, double[] values) {
        Buffers b = buffers.computeIfAbsent(batch, Buffers::new);
        last = b;
        criticOnly = true;
        putAugmented(b, obs, batch);
        INDArray x = b.input;
        if (trunk != null) {
            forward(trunk, b.trunk, x);
            x = b.trunk.acts[trunk.length - 1];
        }
        forward(critic, b.critic, x);
        get(b.critic.out, values, batch);
    }

    /**
     * Backward pass of the critic's own layers from the last {@link #forwardValues}: the returned flat gradient holds
     * d loss / d critic parameters at the critic's entries ({@link NetLayout#critic()}); every other entry is
     * unspecified, to be zeroed by the caller (e.g. {@code TrustRegionUpdate.keepCriticGradient}). The array is this
     * instance's, overwritten by the next call (TRPO runs this for every critic minibatch).
     *
     * @param dValues {@code [batch]} d loss / d values
     */
    public double[] backwardCritic(double[] dValues) {
        Buffers b = last;
        if (b == null || !criticOnly) {
            throw new IllegalStateException("backwardCritic called without forwardValues before it");
        }
        put(b.critic.dOut, dValues, b.batch);
        INDArray x = trunk != null ? b.trunk.acts[trunk.length - 1] : b.input;
        backward(critic, b.critic, x, null);
        get(grads, criticGrad, criticGrad.length);
        return criticGrad;
    }

    /**
     * The actor's latent features from the last {@link #forward}: the input of the actor's last layer (its last hidden
     * activations, the shared trunk's output, or the observations when it has no hidden layer), {@code [batch x
     * latentDim]} ({@link NetLayout#latentDim()}) into {@code dst}. gSDE's {@code phi(s)}, read from the host copies
     * the forward pass keeps for the backward pass (no extra pass); call it between forward and backward.
     */
    public void latent(double[] dst) {
        Buffers b = last;
        if (b == null) {
            throw new IllegalStateException("latent called before forward");
        }
        StackBuffers s = null;
        int l = -1;
        if (trunk != null) {
            s = b.trunk;
            l = trunk.length - 1;
        } else if (actor.length > 1) {
            s = b.actor;
            l = actor.length - 2;
        }
        int w = layout.latentDim();
        int stride = w + 1;
        if (dtype == DataType.DOUBLE) {
            double[] h = s == null ? b.inputHostD : s.hostActD[l];
            for (int r = 0; r < b.batch; r++) {
                System.arraycopy(h, r * stride, dst, r * w, w);
            }
        } else {
            float[] h = s == null ? b.inputHost : s.hostAct[l];
            for (int r = 0; r < b.batch; r++) {
                for (int j = 0; j < w; j++) {
                    dst[r * w + j] = h[r * stride + j];
                }
            }
        }
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

    /**
     * Runs a stack on an augmented input. An activated layer's gemm writes its pre-activations straight into the
     * activation part of its ones-augmented buffer; the activation then runs on the host (see {@link #activate}).
     */
    private void forward(Dense[] layers, StackBuffers s, INDArray x) {
        INDArray in = x;
        for (int l = 0; l < layers.length; l++) {
            Dense d = layers[l];
            if (d.activated) {
                gemm(in, false, d.wAug, false, s.views[l]);
                activate(s, l, d.out);
                in = s.acts[l];
            } else {
                gemm(in, false, d.wAug, false, s.out);
            }
        }
    }

    /**
     * Applies the activation to layer {@code l}'s {@code [batch x (out + 1)]} buffer on the host: one memcpy out, one
     * loop over the whole buffer (contiguous, so the JIT vectorizes it; the ones column is restored afterwards), one
     * memcpy back. The host copy stays for {@link #backward}. Measured on the test machine for 256 x 64 floats: ND4J's
     * {@code Tanh} op took 70-80 us (a scalar libm call per element), this takes under 10 us.
     */
    private void activate(StackBuffers s, int l, int out) {
        INDArray a = s.acts[l];
        int rows = (int) a.size(0);
        int w = out + 1;
        int n = rows * w;
        if (dtype == DataType.DOUBLE) {
            double[] h = s.hostActD[l];
            DoublePointer p = (DoublePointer) a.data().addressPointer();
            p.get(h, 0, n);
            for (int i = 0; i < n; i++) {
                h[i] = tanh ? Math.tanh(h[i]) : Math.max(h[i], 0.0);
            }
            for (int r = 0; r < rows; r++) {
                h[r * w + out] = 1.0;
            }
            p.put(h, 0, n);
        } else {
            float[] h = s.hostAct[l];
            FloatPointer p = (FloatPointer) a.data().addressPointer();
            p.get(h, 0, n);
            if (tanh) {
                tanhInPlace(h, n);
            } else {
                for (int i = 0; i < n; i++) {
                    h[i] = Math.max(h[i], 0.0f);
                }
            }
            for (int r = 0; r < rows; r++) {
                h[r * w + out] = 1.0f;
            }
            p.put(h, 0, n);
        }
    }

    /** Where {@link #tanhInPlace} clamps its input; beyond it the rational form is not accurate, tanh rounds to +-1 in float. */
    private static final float TANH_CLAMP = 7.90531110763549805f;

    /**
     * {@code tanh} of {@code a[0..n)} in float, in place: the [13/6] rational minimax approximation Eigen uses for its
     * vectorized float tanh (also XLA's), on inputs clamped to +-7.9053. Only multiplies, adds, one division and
     * min/max, so C2 vectorizes the loop. Absolute error below 5e-7 over the whole float range (a few float ulps near
     * +-1; {@code TanhApproximationTest}); NaN stays NaN and +-infinity gives +-1.
     */
    static void tanhInPlace(float[] a, int n) {
        for (int i = 0; i < n; i++) {
            float x = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, a[i]));
            float x2 = x * x;
            float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
            p = x2 * p + -8.60467152213735e-11f;
            p = x2 * p + 5.12229709037114e-08f;
            p = x2 * p + 1.48572235717979e-05f;
            p = x2 * p + 6.37261928875436e-04f;
            p = x2 * p + 4.89352455891786e-03f;
            float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
            q = x2 * q + 2.26843463243900e-03f;
            q = x2 * q + 4.89352518554385e-03f;
            a[i] = x * p / q;
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
        if (b == null || criticOnly) {
            throw new IllegalStateException("backward called without forward before it (forwardValues pairs with "
                    + "backwardCritic)");
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
                activationBackward(s, l, d.out);
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

    /** The leading dimension of a row-major matrix whose rows may be spaced apart (a column slice of a wider one). */
    private static int ld(INDArray x) {
        return (int) (x.size(0) == 1 ? x.size(1) : x.stride(0));
    }

    /**
     * {@code c = op(a) op(b)} for row-major matrices with unit column stride (views included), straight through the OpenBLAS that
     * ND4J itself loads ({@code openblas_nolapack}, so ND4J's thread setting applies): {@code Nd4j.gemm} spends
     * 10-20 us per call validating and dispatching, which is more than the 256 x 65 x 64 product itself.
     */
    private void gemm(INDArray a, boolean ta, INDArray b, boolean tb, INDArray c) {
        int m = (int) c.size(0);
        int n = (int) c.size(1);
        int k = (int) (ta ? a.size(0) : a.size(1));
        int lda = ld(a);
        int ldb = ld(b);
        int ldc = ld(c);
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

    /**
     * The native address of a row-major array with unit column stride (rows may be spaced wider than the row length;
     * a view's buffer pointer already includes its offset).
     */
    private Pointer pointer(INDArray x) {
        Pointer p = pointers.get(x);
        if (p == null) {
            boolean rowsOk = x.size(0) == 1 || x.stride(0) >= x.size(1);
            boolean colsOk = x.size(1) == 1 || x.stride(1) == 1;
            if (x.rank() != 2 || !rowsOk || !colsOk) {
                throw new IllegalStateException("gemm operand is not row-major with unit column stride: shape "
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
     * {@code delta *= f'(h)} on the host for layer {@code l} ({@code 1 - h^2} for tanh, {@code h > 0 ? 1 : 0} for
     * ReLU), with {@code h} from the host copy {@link #activate} kept: one memcpy out, one loop, one memcpy back. The
     * delta buffer has the same {@code [batch x (out + 1)]} shape as the activations, so the loop runs over both
     * contiguously (the extra column is never read by a gemm). Uses the stack's own buffers, so actor and critic can
     * run it on different threads.
     */
    private void activationBackward(StackBuffers s, int l, int out) {
        INDArray delta = s.dActsFull[l];
        int n = (int) delta.size(0) * (out + 1);
        if (dtype == DataType.DOUBLE) {
            double[] h = s.hostActD[l];
            double[] d = s.hostDeltaD[l];
            DoublePointer dp = (DoublePointer) delta.data().addressPointer();
            dp.get(d, 0, n);
            for (int i = 0; i < n; i++) {
                double v = h[i];
                d[i] *= tanh ? 1.0 - v * v : (v > 0.0 ? 1.0 : 0.0);
            }
            dp.put(d, 0, n);
        } else {
            float[] h = s.hostAct[l];
            float[] d = s.hostDelta[l];
            FloatPointer dp = (FloatPointer) delta.data().addressPointer();
            dp.get(d, 0, n);
            if (tanh) {
                for (int i = 0; i < n; i++) {
                    float v = h[i];
                    d[i] *= 1.0f - v * v;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    d[i] *= h[i] > 0.0f ? 1.0f : 0.0f;
                }
            }
            dp.put(d, 0, n);
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
        /** Activations with a ones column {@code [batch x (out + 1)]} of activated layers. */
        final INDArray[] acts;
        /** The activation part {@code [batch x out]} (a view) of {@link #acts}. */
        final INDArray[] views;
        /**
         * d loss / d activation {@code [batch x out]}: for activated layers a view of {@link #dActsFull} (shaped like
         * the activations, so the activation derivative is one contiguous loop), else a plain array.
         */
        final INDArray[] dActs;
        /** The {@code [batch x (out + 1)]} arrays behind {@link #dActs} of activated layers. */
        final INDArray[] dActsFull;
        /** Output of the last layer when not activated {@code [batch x out]}. */
        final INDArray out;
        /** d loss / d output of the last layer. */
        final INDArray dOut;
        /** Host copies of the activations (written by the forward pass, read by the backward pass) and deltas. */
        final float[][] hostAct;
        final float[][] hostDelta;
        final double[][] hostActD;
        final double[][] hostDeltaD;

        StackBuffers(Dense[] layers, int batch) {
            int n = layers.length;
            acts = new INDArray[n];
            views = new INDArray[n];
            dActs = new INDArray[n];
            dActsFull = new INDArray[n];
            hostAct = new float[n][];
            hostDelta = new float[n][];
            hostActD = new double[n][];
            hostDeltaD = new double[n][];
            boolean dbl = dtype == DataType.DOUBLE;
            for (int l = 0; l < n; l++) {
                int out = layers[l].out;
                if (layers[l].activated) {
                    int size = batch * (out + 1);
                    acts[l] = Nd4j.ones(dtype, batch, out + 1);
                    views[l] = acts[l].get(NDArrayIndex.all(), NDArrayIndex.interval(0, out));
                    dActsFull[l] = Nd4j.zeros(dtype, batch, out + 1);
                    dActs[l] = dActsFull[l].get(NDArrayIndex.all(), NDArrayIndex.interval(0, out));
                    hostAct[l] = dbl ? null : new float[size];
                    hostDelta[l] = dbl ? null : new float[size];
                    hostActD[l] = dbl ? new double[size] : null;
                    hostDeltaD[l] = dbl ? new double[size] : null;
                } else {
                    dActs[l] = Nd4j.create(dtype, batch, out);
                }
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
