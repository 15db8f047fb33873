package io.github.jmegym.envs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One entry of the registry: a spec, the factory that builds the env, optionally the factory that puts several agents
 * in one scene ({@link MultiAgentFactory}), and traits: typed extensions that other modules attach and look up by
 * class (the engine module attaches its engine-world description, which {@code play}, {@code record} and
 * {@code game} read), so that this module knows nothing of them.
 *
 * @param spec the spec (id, time limit, ...)
 * @param factory builds the unwrapped env
 * @param multiAgent builds one scene with several agents as a vector env, or null when the env has one agent
 * @param traits typed extensions, at most one per class (copied; never null)
 */
public record EnvRegistration(EnvSpec spec, EnvFactory factory, MultiAgentFactory multiAgent, List<Object> traits) {
    /** Validates that spec and factory are present and that no two traits share a class. */
    public EnvRegistration {
        if (spec == null || factory == null) {
            throw new IllegalArgumentException("EnvRegistration: spec and factory must not be null");
        }
        traits = List.copyOf(traits == null ? List.of() : traits);
        for (int i = 0; i < traits.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (traits.get(i).getClass() == traits.get(j).getClass()) {
                    throw new IllegalArgumentException("EnvRegistration(" + spec.id() + "): two traits of class "
                            + traits.get(i).getClass().getName() + "; expected at most one per class");
                }
            }
        }
    }

    /** A registration of a single-agent env without traits. */
    public EnvRegistration(EnvSpec spec, EnvFactory factory) {
        this(spec, factory, null, List.of());
    }

    /** A copy whose {@code makeVec(..., agents=K)} builds one scene of K agents with {@code multiAgent}. */
    public EnvRegistration withMultiAgent(MultiAgentFactory multiAgent) {
        return new EnvRegistration(spec, factory, multiAgent, traits);
    }

    /** A copy with {@code trait} added (a trait of the same class is replaced). */
    public EnvRegistration withTrait(Object trait) {
        if (trait == null) {
            throw new IllegalArgumentException("withTrait(" + spec.id() + "): trait must not be null");
        }
        List<Object> t = new ArrayList<>(traits);
        t.removeIf(x -> x.getClass() == trait.getClass());
        t.add(trait);
        return new EnvRegistration(spec, factory, multiAgent, t);
    }

    /** The trait that is an instance of {@code type}, if any. */
    public <T> Optional<T> trait(Class<T> type) {
        return traits.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Whether {@code makeVec} accepts the kwarg {@value Envs#AGENTS} for this env. */
    public boolean supportsAgents() {
        return multiAgent != null;
    }
}
