package io.github.jmegym.agent.cli;

import io.github.jmegym.envs.EnvRegistration;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Envs;

/**
 * {@code EasyCoin-v0}: the one-step {@link CommandsTest.CoinGuess} with a reward threshold of 0.2, which a random
 * policy reaches within a few episodes, so a run that wrongly stops at the threshold stops almost at once.
 */
final class EasyCoin {
    static final String ID = "EasyCoin-v0";
    static final double THRESHOLD = 0.2;

    private EasyCoin() {
    }

    static synchronized void register() {
        if (!Envs.ids().contains(ID)) {
            Envs.register(new EnvRegistration(EnvSpec.of(ID, 5, THRESHOLD), (kw, spec) -> new CommandsTest.CoinGuess(spec)));
        }
    }
}
