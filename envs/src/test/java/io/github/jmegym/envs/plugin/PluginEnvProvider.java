package io.github.jmegym.envs.plugin;

import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.EnvProvider;
import io.github.jmegym.envs.EnvRegistration;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.classic.CartPole;
import java.util.List;
import java.util.Map;

/**
 * A provider that no service file on the test class path lists: {@code PluginsTest} makes it visible only through
 * a plugin class folder, as a user's own module would be.
 */
public final class PluginEnvProvider implements EnvProvider {
    /** The id it registers. */
    public static final String ID = "PluginPole-v0";

    @Override
    public List<EnvRegistration> registrations() {
        return List.of(new EnvRegistration(new EnvSpec(ID, 77, null, Map.of(), List.of(), 50, AutoresetMode.NEXT_STEP),
                CartPole::new));
    }
}
