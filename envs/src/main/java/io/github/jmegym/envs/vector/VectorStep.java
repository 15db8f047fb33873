package io.github.jmegym.envs.vector;

import java.util.List;
import java.util.Map;

/**
 * What {@link VectorEnv#step} returns: per sub-env results, index i for sub-env i.
 *
 * @param observations observations after the step
 * @param rewards rewards
 * @param terminated whether sub-env i reached a terminal state
 * @param truncated whether sub-env i was cut (e.g. by its time limit)
 * @param infos infos (never null; in same-step mode they carry the final observation of ended sub-envs)
 * @param <O> observation type of one sub-env
 */
public record VectorStep<O>(List<O> observations, double[] rewards, boolean[] terminated, boolean[] truncated,
                            List<Map<String, Object>> infos) {
}
