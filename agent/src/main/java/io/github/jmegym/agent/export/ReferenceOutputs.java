package io.github.jmegym.agent.export;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.JavaForward;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.Sde;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DictSpace;
import io.github.jmegym.envs.spaces.Space;
import io.github.jmegym.envs.wrappers.RunningMeanStd;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the Java policy computes for random observations, in the layout of the exported ONNX outputs, so another
 * runtime can be checked against it ({@code ./jmegym export --check-samples N --check-out FILE}). The action and the
 * value come from {@link Policy#act} and {@link Policy#value}; the logits, means and log-stds from the same forward
 * kernel and {@link Sde} that the policy samples with.
 */
public final class ReferenceOutputs {
    private ReferenceOutputs() {
    }

    /**
     * {@code n} observations drawn from the observation space (uniform within finite bounds, {@code 3 N(0, 1)} on
     * unbounded sides, so the normaliser's clip is reached too), rounded to float32 as the ONNX input holds them, and
     * the policy's outputs for each: a JSON object of arrays {@code obs}, {@code action}, {@code value} and
     * {@code logits} / {@code mean} / {@code log_std} as the distribution has them.
     */
    public static JsonObject sample(Policy policy, int n, long seed) {
        NetLayout layout = policy.layout();
        double[] params = policy.params();
        ActionDistribution dist = ActionDistribution.forSpace(policy.actionSpace(), "export");
        RunningMeanStd norm = policy.observationStats();
        double clip = OnnxExport.observationClip(policy);
        JavaForward kernel = new JavaForward(layout);
        Sde sde = policy.usesSde() ? new Sde(layout.latentDim(), dist.nGauss()) : null;
        int nLogits = dist.outDim() - dist.nGauss();
        Box space = policy.observationSpace();
        SplittableRandom rng = new SplittableRandom(seed);
        JsonArray obsA = new JsonArray();
        JsonArray actA = new JsonArray();
        JsonArray logitsA = new JsonArray();
        JsonArray meanA = new JsonArray();
        JsonArray logStdA = new JsonArray();
        JsonArray valueA = new JsonArray();
        double[] out = new double[layout.outDim()];
        double[] value = new double[1];
        double[] phi = new double[layout.latentDim()];
        double[] sdeLogStd = new double[Math.max(1, dist.nGauss())];
        for (int k = 0; k < n; k++) {
            double[] obs = new double[layout.obsDim()];
            for (int i = 0; i < obs.length; i++) {
                obs[i] = (float) draw(rng, space.low(i), space.high(i));
            }
            double[] x = obs.clone();
            if (norm != null) {
                norm.normalize(x, 1, clip);
            }
            kernel.forward(params, x, 1, out, value, phi);
            obsA.add(Json.array(obs));
            actA.add(Json.array(ActionDistribution.flatAction(policy.actionSpace(), policy.act(obs, true))));
            valueA.add(Json.array(new double[] {policy.value(obs)}));
            if (nLogits > 0) {
                logitsA.add(Json.array(java.util.Arrays.copyOfRange(out, 0, nLogits)));
            }
            if (dist.nGauss() > 0) {
                meanA.add(Json.array(java.util.Arrays.copyOfRange(out, nLogits, out.length)));
                double[] ls = new double[dist.nGauss()];
                if (sde != null) {
                    sde.logStd(params, layout.logStdOffset(), phi, 1, sdeLogStd);
                    System.arraycopy(sdeLogStd, 0, ls, 0, ls.length);
                } else {
                    System.arraycopy(params, layout.logStdOffset(), ls, 0, ls.length);
                }
                logStdA.add(Json.array(ls));
            }
        }
        JsonObject o = new JsonObject();
        o.add(OnnxExport.OBS, obsA);
        o.add(OnnxExport.ACTION, actA);
        if (nLogits > 0) {
            o.add(OnnxExport.LOGITS, logitsA);
        }
        if (dist.nGauss() > 0) {
            o.add(OnnxExport.MEAN, meanA);
            o.add(OnnxExport.LOG_STD, logStdA);
        }
        o.add(OnnxExport.VALUE, valueA);
        return o;
    }

    private static double draw(SplittableRandom rng, double lo, double hi) {
        boolean finiteLo = lo > -1e6;
        boolean finiteHi = hi < 1e6;
        if (finiteLo && finiteHi) {
            return lo + (hi - lo) * rng.nextDouble();
        }
        double z = 3 * Math.abs(nextGaussian(rng));
        if (finiteLo) {
            return lo + z;
        }
        if (finiteHi) {
            return hi - z;
        }
        return rng.nextBoolean() ? z : -z;
    }

    private static double nextGaussian(SplittableRandom rng) {
        double u = 1.0 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
