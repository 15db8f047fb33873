package io.github.jmegym.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import io.github.jmegym.envs.vector.VectorReset;
import io.github.jmegym.envs.vector.VectorStep;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The guard of {@link MultiAgentVectorEnv}'s per-agent episodes (restarts, time limits, final observations): seeded
 * random actions in scenes of several agents, in every autoreset mode, hash to the values recorded on the code
 * before the vector env shared its episode bookkeeping with the game loop ({@link AgentEpisodes}). Any change of
 * a trajectory (an observation, reward, flag or final observation) changes a hash.
 */
class MultiAgentTrajectoryHashTest {

    @ParameterizedTest(name = "{0} x{1} {2} limit {3}")
    @CsvSource({
        "BallBalance-v0, 4, NEXT_STEP, 0, 400, 771534823e1045408adc0ce4d2e5337af8afcb69d244a61f4d8cad007469426e",
        "BallBalance-v0, 4, SAME_STEP, 0, 400, 32aff597744c9bbee7671e0f2eb860549401d84b8f09ab133f853dcc46ff70a1",
        "BallBalance-v0, 3, DISABLED, 0, 400, 74031bc42dc2244aa445448f657a1a100488cc016b81c02c26a49ff23baec432",
        "BallBalance-v0, 4, NEXT_STEP, 25, 200, ea063282d20c40ad251a63dfb4c81a782b0581927031ac7375b625bdf8b5e350",
        "BallBalance-v0, 4, SAME_STEP, 25, 200, 039770d5e415091084a57157dfa728e1780646d3bda7a40703077249a1f63bc0",
        "BallBalance-v0, 3, DISABLED, 25, 200, f9114f374a2f920d249e8f133a54082711e300bfc841c69c510cb375f6ecac24",
    })
    void seededRandomActionsGiveTheRecordedTrajectories(String id, int agents, AutoresetMode mode, int limit, int steps,
                                                        String expected) {
        assertEquals(expected, hash(id, agents, mode, limit, steps, 7L));
    }

    /** Steps {@code steps} times with the action space's sampler seeded with {@code seed}, hashing every result. */
    static String hash(String id, int agents, AutoresetMode mode, int limit, int steps, long seed) {
        Map<String, Object> kwargs = new HashMap<>();
        kwargs.put(Envs.AGENTS, agents);
        if (limit > 0) {
            kwargs.put("max_episode_steps", limit);
        }
        MessageDigest md = sha256();
        try (VectorEnv<double[], Object> env = Envs.makeVec(id, agents, VectorMode.SYNC, mode, kwargs)) {
            env.singleActionSpace().seed(seed);
            VectorReset<double[]> r = env.reset(seed);
            r.observations().forEach(o -> put(md, o));
            for (int t = 0; t < steps; t++) {
                List<Object> actions = new ArrayList<>();
                for (int i = 0; i < agents; i++) {
                    actions.add(env.singleActionSpace().sample());
                }
                VectorStep<double[]> s = env.step(actions);
                boolean[] ended = new boolean[agents];
                boolean anyEnded = false;
                for (int i = 0; i < agents; i++) {
                    put(md, s.observations().get(i));
                    put(md, new double[] {s.rewards()[i], s.terminated()[i] ? 1 : 0, s.truncated()[i] ? 1 : 0});
                    Object fin = s.infos().get(i).get(VectorEnv.FINAL_OBS);
                    if (fin instanceof double[] f) {
                        put(md, f);
                    }
                    ended[i] = s.terminated()[i] || s.truncated()[i];
                    anyEnded |= ended[i];
                }
                if (mode == AutoresetMode.DISABLED && anyEnded) {
                    VectorReset<double[]> masked = env.reset(seed + t, Map.of(VectorEnv.RESET_MASK, ended));
                    for (int i = 0; i < agents; i++) {
                        if (ended[i]) {
                            put(md, masked.observations().get(i));
                        }
                    }
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void put(MessageDigest md, double[] v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length + 4);
        b.putInt(v.length);
        for (double x : v) {
            b.putLong(Double.doubleToLongBits(x));
        }
        md.update(b.array());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
