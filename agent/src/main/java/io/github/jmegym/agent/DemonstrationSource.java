package io.github.jmegym.agent;

import io.github.jmegym.envs.spaces.Space;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Reads a folder of demonstrations for behaviour cloning ({@code train --demos DIR}); the recording format lives in a
 * module above the agent (engine-plugin), which provides the implementation as a {@link ServiceLoader} service.
 */
public interface DemonstrationSource {
    /**
     * The demonstrations in {@code dir}, checked against the env being trained.
     *
     * @throws IllegalArgumentException when they are of another env or other spaces (naming the file)
     */
    Demonstrations load(Path dir, String envId, Space<?> observationSpace, Space<?> actionSpace, double gamma);

    /** The first source on the class path. */
    static DemonstrationSource find() {
        return ServiceLoader.load(DemonstrationSource.class).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "--demos: no demonstration reader on the class path; behaviour cloning reads recordings through "
                        + "jmegym-engine-plugin (use ./jmegym, which has it)"));
    }
}
