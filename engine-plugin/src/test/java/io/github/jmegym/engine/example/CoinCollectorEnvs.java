package io.github.jmegym.engine.example;

import io.github.jmegym.engine.EngineWorlds;
import io.github.jmegym.engine.example.CoinCollector.CoinWorld;
import io.github.jmegym.engine.render.RgbArrayRender;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.EnvProvider;
import io.github.jmegym.envs.EnvRegistration;
import io.github.jmegym.envs.EnvSpec;
import java.util.List;
import java.util.Map;

/**
 * The walk-through's step 3 in a module of its own: the provider a game lists in
 * {@code META-INF/services/io.github.jmegym.envs.EnvProvider} (the plugin tests write that file into a folder on
 * {@code JMEGYM_CLASSPATH}).
 */
public final class CoinCollectorEnvs implements EnvProvider {
    /** The id the coin collector is registered under. */
    public static final String ID = "CoinCollector-v0";

    @Override
    public List<EnvRegistration> registrations() {
        EnvSpec spec = new EnvSpec(ID, 200, null, Map.of(), List.of(RgbArrayRender.RGB_ARRAY), 15, AutoresetMode.NEXT_STEP);
        return List.of(EngineWorlds.registration(spec, kwargs -> new CoinWorld()));
    }
}
