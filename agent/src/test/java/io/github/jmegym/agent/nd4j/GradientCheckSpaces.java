package io.github.jmegym.agent.nd4j;

import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DictSpace;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.MultiBinary;
import java.util.LinkedHashMap;
import java.util.Map;

/** The action spaces the gradient checks of the agent share. */
public final class GradientCheckSpaces {
    private GradientCheckSpaces() {
    }

    /** A hybrid {@code Dict}: a Discrete(3) 'kind', a two-element Box 'force' and a MultiBinary(2) 'flags'. */
    public static DictSpace hybrid() {
        Map<String, io.github.jmegym.envs.spaces.Space<?>> m = new LinkedHashMap<>();
        m.put("kind", new Discrete(3));
        m.put("force", Box.of(new double[] {-1, -2}, new double[] {1, 2}));
        m.put("flags", new MultiBinary(2));
        return new DictSpace(m);
    }

    /** A two-element Box in [-1, 1]. */
    public static Box box2() {
        return Box.of(new double[] {-1, -1}, new double[] {1, 1});
    }
}
