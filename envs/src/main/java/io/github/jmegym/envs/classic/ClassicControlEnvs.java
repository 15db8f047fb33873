package io.github.jmegym.envs.classic;

import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.EnvProvider;
import io.github.jmegym.envs.EnvRegistration;
import io.github.jmegym.envs.EnvSpec;
import java.util.List;
import java.util.Map;

/** Registers the classic-control envs under Gymnasium's ids, time limits and reward thresholds. */
public final class ClassicControlEnvs implements EnvProvider {
    @Override
    public List<EnvRegistration> registrations() {
        return List.of(
                new EnvRegistration(spec("CartPole-v1", 500, 475.0, 50), CartPole::new));
    }

    private static EnvSpec spec(String id, int maxSteps, Double threshold, int fps) {
        return new EnvSpec(id, maxSteps, threshold, Map.of(), List.of(), fps, AutoresetMode.NEXT_STEP);
    }
}
