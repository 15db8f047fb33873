package io.github.jmegym.agent.update;

import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.ActorCritic;
import io.github.jmegym.agent.core.Adam;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.agent.core.Sde;
import io.github.jmegym.agent.nd4j.Nd4jActorCritic;

/**
 * What the update rules of one trainer share and change: the flat parameters (updated in place), the ND4J network
 * used for gradients, the plain-Java actor-critic used for whole-rollout evaluations, the optimizer and the random
 * streams. One thread at a time uses it (the thread running the update).
 *
 * @param config the settings
 * @param layout the network layout
 * @param dist the action distribution
 * @param sde gSDE, or null
 * @param params the learned parameters (the rules write them)
 * @param net the ND4J network (its parameters follow {@code params} after every step)
 * @param model the plain-Java evaluation of the same network
 * @param adam the optimizer over {@code params}
 * @param shuffleRng draws the minibatch permutations
 * @param metricsRng draws the Monte-Carlo samples of diagnostics (total variation); never the learning's
 */
public record Learner(PpoConfig config, NetLayout layout, ActionDistribution dist, Sde sde, double[] params,
                      Nd4jActorCritic net, ActorCritic model, Adam adam, Rng shuffleRng, Rng metricsRng) {
    /** Puts the parameters (network included) and the optimizer back where an abandoned update found them. */
    void rollBack(double[] paramsBefore, Adam.Snapshot adamBefore) {
        System.arraycopy(paramsBefore, 0, params, 0, params.length);
        adam.restore(adamBefore);
        net.setParams(params);
    }
}
