package io.github.jmegym.envs.classic;

import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.EnvProvider;
import io.github.jmegym.envs.EnvRegistration;
import io.github.jmegym.envs.EnvSpec;
import java.util.List;
import java.util.Map;

/** Registers the classic-control envs under Gymnasium's ids, time limits, reward thresholds and render fps. */
public final class ClassicControlEnvs implements EnvProvider {
    @Override
    public List<EnvRegistration> registrations() {
        return List.of(
                new EnvRegistration(spec("CartPole-v1", 500, 475.0, 50), CartPole::new),
                new EnvRegistration(spec("MountainCar-v0", 200, -110.0, 30), MountainCar::new),
                new EnvRegistration(spec("MountainCarContinuous-v0", 999, 90.0, 30), MountainCarContinuous::new),
                new EnvRegistration(spec("Pendulum-v1", 200, null, 30), Pendulum::new),
                new EnvRegistration(spec("Acrobot-v1", 500, -100.0, 15), Acrobot::new));
    }

    private static EnvSpec spec(String id, int maxSteps, Double threshold, int fps) {
        return new EnvSpec(id, maxSteps, threshold, Map.of(), ClassicEnv.RENDER_MODES, fps, AutoresetMode.NEXT_STEP);
    }
}
