package io.github.jmegym.envs.vector;

import java.util.List;
import java.util.Map;

/**
 * What {@link VectorEnv#reset} returns: one observation and info per sub-env.
 *
 * @param observations observation of sub-env i (null where a reset mask left it out)
 * @param infos info of sub-env i (never null)
 * @param <O> observation type of one sub-env
 */
public record VectorReset<O>(List<O> observations, List<Map<String, Object>> infos) {
}
