package io.github.jmegym.agent.export;

import com.google.gson.JsonObject;
import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.Sde;
import io.github.jmegym.agent.run.AtomicFiles;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DictSpace;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.MultiBinary;
import io.github.jmegym.envs.spaces.MultiDiscrete;
import io.github.jmegym.envs.spaces.Space;
import io.github.jmegym.envs.wrappers.RunningMeanStd;
import io.github.jmegym.proto.onnx.OnnxProto.ModelProto;
import io.github.jmegym.proto.onnx.OnnxProto.OperatorSetIdProto;
import io.github.jmegym.proto.onnx.OnnxProto.StringStringEntryProto;
import io.github.jmegym.proto.onnx.OnnxProto.TensorProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds an ONNX model (opset {@value #OPSET}, float32) of a {@link Policy}'s deterministic actor and its critic, for
 * any MLP layout the trainer makes (shared trunk or separate, tanh or relu) and every action distribution.
 *
 * <p>Input {@code obs} {@code [batch, obsDim]} float32; the observation normaliser is folded in as
 * {@code clip((obs - mean) / sqrt(var + 1e-8), -clip, clip)}, as {@link RunningMeanStd#normalize} does. Outputs:
 * <ul>
 * <li>{@code action}: the deterministic action, {@code [batch, nCategorical + nGaussian]}: the arg-max index of every
 * categorical head (plus the space's {@code start}) in action-space order, then every Gaussian mean clipped to its
 * Box bounds. int64 when the space has no Box part, float32 otherwise (indices as floats). A Dict space's keys
 * contribute their categorical heads first and their Box elements after all of them, as {@link ActionDistribution}
 * orders them;
 * <li>{@code logits} {@code [batch, sum of category counts]} (categorical heads concatenated; MultiBinary elements
 * are two-logit heads), when the space has a categorical part;
 * <li>{@code mean} and {@code log_std} {@code [batch, nGaussian]}, when it has a Box part: the state-independent
 * log-stds repeated per row, or with gSDE the state-dependent {@code 0.5 log(phi(s)^2 exp(2L) + 1e-6)} of
 * {@link Sde} (the deterministic action is the mean either way);
 * <li>{@code value} {@code [batch, 1]}.
 * </ul>
 * The metadata properties name the spaces (as JSON) and the head sizes.
 */
public final class OnnxExport {
    /** The ONNX opset the graph uses. */
    public static final int OPSET = 17;
    /** The IR version that goes with opset 17. */
    public static final int IR_VERSION = 8;
    /** The graph input: raw observations {@code [batch, obsDim]}. */
    public static final String OBS = "obs";
    /** Output: the deterministic action. */
    public static final String ACTION = "action";
    /** Output: the categorical heads' logits, concatenated. */
    public static final String LOGITS = "logits";
    /** Output: the Gaussian means (unclipped). */
    public static final String MEAN = "mean";
    /** Output: the Gaussian log-stds. */
    public static final String LOG_STD = "log_std";
    /** Output: the critic's value. */
    public static final String VALUE = "value";

    private OnnxExport() {
    }

    /** Builds the model and writes it to {@code file} atomically. */
    public static ModelProto write(Policy policy, Path file) {
        ModelProto m = build(policy);
        AtomicFiles.write(file, m.toByteArray());
        return m;
    }

    /**
     * The ONNX model of a policy.
     *
     * @throws IllegalArgumentException for a layout or space the export does not know (naming it)
     */
    public static ModelProto build(Policy policy) {
        NetLayout layout = policy.layout();
        double[] p = policy.params();
        ActionDistribution dist = ActionDistribution.forSpace(policy.actionSpace(), "export");
        String act = switch (layout.activation()) {
            case TANH -> "Tanh";
            case RELU -> "Relu";
        };
        int nGauss = dist.nGauss();
        int nCat = dist.nCategorical();
        int nLogits = dist.outDim() - nGauss;
        List<Long> starts = new ArrayList<>();
        List<double[]> bounds = new ArrayList<>();
        heads(policy.actionSpace(), starts, bounds);

        OnnxGraph g = new OnnxGraph("jmegym_policy");
        g.input(OBS, TensorProto.DataType.FLOAT, layout.obsDim());
        String x = OBS;
        RunningMeanStd norm = policy.observationStats();
        if (norm != null) {
            double[] std = Arrays.stream(norm.var()).map(v -> Math.sqrt(v + 1e-8)).toArray();
            double clip = observationClip(policy);
            x = g.node("Sub", "obs_centred", new String[] {x, g.floats("obs_mean", norm.mean(), 0, norm.size())});
            x = g.node("Div", "obs_scaled", new String[] {x, g.floats("obs_std", std, 0, std.length)});
            x = g.node("Clip", "obs_normalized", new String[] {x, g.scalar("clip_low", -clip), g.scalar("clip_high", clip)});
        }
        String actorIn = x;
        String criticIn = x;
        if (layout.shared()) {
            actorIn = mlp(g, p, layout.trunk(), x, act, "trunk", null)[0];
            criticIn = actorIn;
        }
        String[] actor = mlp(g, p, layout.actor(), actorIn, act, "actor", null);
        String actorOut = actor[0];
        String phi = actor[1];
        mlp(g, p, layout.critic(), criticIn, act, "critic", VALUE);

        String catAction = null;
        if (nCat > 0) {
            String logits = nGauss == 0 ? g.nodeNamed("Identity", LOGITS, new String[] {actorOut})
                    : g.nodeNamed("Slice", LOGITS, new String[] {actorOut, g.longs("s", 0), g.longs("e", nLogits),
                    g.longs("axis", 1)});
            int[] sizes = dist.categoricalSizes();
            String[] idx = new String[nCat];
            int off = 0;
            for (int c = 0; c < nCat; c++) {
                String head = g.node("Slice", "head", new String[] {logits, g.longs("s", off),
                        g.longs("e", off + sizes[c]), g.longs("axis", 1)});
                idx[c] = g.node("ArgMax", "index", new String[] {head}, OnnxGraph.intAttr("axis", 1),
                        OnnxGraph.intAttr("keepdims", 1));
                off += sizes[c];
            }
            catAction = nCat == 1 ? idx[0] : g.node("Concat", "indices", idx, OnnxGraph.intAttr("axis", 1));
            long[] st = starts.stream().mapToLong(Long::longValue).toArray();
            if (Arrays.stream(st).anyMatch(s -> s != 0)) {
                catAction = g.node("Add", "categories", new String[] {catAction, g.longs("start", st)});
            }
        }
        String gaussAction = null;
        if (nGauss > 0) {
            String mean = nCat == 0 ? g.nodeNamed("Identity", MEAN, new String[] {actorOut})
                    : g.nodeNamed("Slice", MEAN, new String[] {actorOut, g.longs("s", nLogits),
                    g.longs("e", dist.outDim()), g.longs("axis", 1)});
            double[] lo = bounds.stream().mapToDouble(b -> b[0]).toArray();
            double[] hi = bounds.stream().mapToDouble(b -> b[1]).toArray();
            String upper = g.node("Min", "below_high", new String[] {mean, g.floats("high", hi, 0, nGauss)});
            gaussAction = g.node("Max", "clipped_mean", new String[] {upper, g.floats("low", lo, 0, nGauss)});
            int ls = layout.logStdOffset();
            if (policy.usesSde()) {
                int latent = layout.latentDim();
                double[] var = new double[latent * nGauss];
                for (int k = 0; k < var.length; k++) {
                    double sd = Math.exp(p[ls + k]);
                    var[k] = sd * sd;
                }
                String phi2 = g.node("Mul", "phi_squared", new String[] {phi, phi});
                String v = g.node("MatMul", "sde_var", new String[] {phi2, g.floats("sde_std_squared", var, 0, latent, nGauss)});
                v = g.node("Add", "sde_var_eps", new String[] {v, g.scalar("sde_epsilon", Sde.EPSILON)});
                String logVar = g.node("Log", "sde_log_var", new String[] {v});
                g.nodeNamed("Mul", LOG_STD, new String[] {logVar, g.scalar("half", 0.5)});
            } else {
                String batch = g.node("Shape", "batch", new String[] {OBS}, OnnxGraph.intAttr("start", 0),
                        OnnxGraph.intAttr("end", 1));
                String shape = g.node("Concat", "log_std_shape", new String[] {batch, g.longs("n_gauss", nGauss)},
                        OnnxGraph.intAttr("axis", 0));
                g.nodeNamed("Expand", LOG_STD, new String[] {g.floats("log_std_param", p, ls, 1, nGauss), shape});
            }
        }
        if (catAction != null && gaussAction != null) {
            String asFloat = g.node("Cast", "categories_float", new String[] {catAction},
                    OnnxGraph.intAttr("to", TensorProto.DataType.FLOAT.getNumber()));
            g.nodeNamed("Concat", ACTION, new String[] {asFloat, gaussAction}, OnnxGraph.intAttr("axis", 1));
        } else {
            g.nodeNamed("Identity", ACTION, new String[] {catAction != null ? catAction : gaussAction});
        }

        g.output(ACTION, gaussAction == null ? TensorProto.DataType.INT64 : TensorProto.DataType.FLOAT, nCat + nGauss);
        if (nCat > 0) {
            g.output(LOGITS, TensorProto.DataType.FLOAT, nLogits);
        }
        if (nGauss > 0) {
            g.output(MEAN, TensorProto.DataType.FLOAT, nGauss);
            g.output(LOG_STD, TensorProto.DataType.FLOAT, nGauss);
        }
        g.output(VALUE, TensorProto.DataType.FLOAT, 1);

        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("jmegym")
                .setDocString("jmegym PPO policy: deterministic action, distribution parameters and value")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g.build());
        meta(m, "jmegym.observation_space", policy.observationSpace().toJson().toString());
        meta(m, "jmegym.action_space", policy.actionSpace().toJson().toString());
        meta(m, "jmegym.categorical_sizes", Arrays.toString(dist.categoricalSizes()));
        meta(m, "jmegym.gsde", Boolean.toString(policy.usesSde()));
        return m.build();
    }

    private static void meta(ModelProto.Builder m, String key, String value) {
        m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value));
    }

    /** The clip of normalized observations, from the policy's persisted form (the one place it is exposed). */
    static double observationClip(Policy policy) {
        JsonObject n = policy.toJson().getAsJsonObject("obs_norm");
        return n == null ? Double.POSITIVE_INFINITY : n.get("clip").getAsDouble();
    }

    /**
     * Dense layers {@code act(x W + b)} ({@code W} {@code [in x out]} as {@link NetLayout} stores it, so Gemm with
     * no transpose), the last one linear unless the stack activates it; returns the output and the last layer's input
     * (gSDE's latent features).
     */
    private static String[] mlp(OnnxGraph g, double[] p, NetLayout.Mlp m, String x, String act, String name, String outName) {
        String in = x;
        String lastIn = x;
        for (int l = 0; l < m.layers(); l++) {
            int nIn = m.sizes()[l];
            int nOut = m.sizes()[l + 1];
            lastIn = in;
            String w = g.floats(name + "_w" + l, p, m.weightOffset(l), nIn, nOut);
            String b = g.floats(name + "_b" + l, p, m.biasOffset(l), nOut);
            boolean last = l == m.layers() - 1;
            String[] ins = {in, w, b};
            in = last && outName != null && !m.activateLast() ? g.nodeNamed("Gemm", outName, ins)
                    : g.node("Gemm", name + "_dense" + l, ins);
            if (!last || m.activateLast()) {
                in = g.node(act, name + "_" + act.toLowerCase(java.util.Locale.ROOT) + l, new String[] {in});
            }
        }
        return new String[] {in, lastIn};
    }

    /**
     * The {@code start} of every categorical head and the bounds of every Gaussian element, in the order
     * {@link ActionDistribution} lays them out (depth first over a Dict's keys).
     */
    static void heads(Space<?> s, List<Long> starts, List<double[]> bounds) {
        if (s instanceof Discrete d) {
            starts.add((long) d.start());
        } else if (s instanceof MultiDiscrete m) {
            for (int st : m.start()) {
                starts.add((long) st);
            }
        } else if (s instanceof MultiBinary m) {
            for (int i = 0; i < m.size(); i++) {
                starts.add(0L);
            }
        } else if (s instanceof Box b) {
            for (int i = 0; i < b.size(); i++) {
                bounds.add(new double[] {b.low(i), b.high(i)});
            }
        } else if (s instanceof DictSpace d) {
            d.spaces().values().forEach(sub -> heads(sub, starts, bounds));
        } else {
            throw new IllegalArgumentException("export: action space " + s + " is not supported; expected Discrete, "
                    + "MultiDiscrete, MultiBinary, Box or a Dict of these");
        }
    }
}
