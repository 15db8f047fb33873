package io.github.jmegym.agent;

import com.google.gson.annotations.SerializedName;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The policy-update rule a {@link PpoTrainer} runs on each rollout ({@link PpoConfig#algo()}). */
public enum Algo {
    /** PPO-clip (Schulman et al. 2017, as SB3's PPO), with {@link PpoConfig#klMode()} as its KL control. */
    @SerializedName("ppo") PPO("ppo"),
    /**
     * PPO-KL (Schulman et al. 2017, section 4): the unclipped surrogate minus {@code beta * KL}, beta doubled after
     * an update whose mean KL exceeded {@code 1.5 * targetKl} and halved below {@code targetKl / 1.5}.
     */
    @SerializedName("ppo-kl") PPO_KL("ppo-kl"),
    /** TRPO (Schulman et al. 2015, as sb3-contrib's TRPO): a natural-gradient step inside a KL ball, then the critic. */
    @SerializedName("trpo") TRPO("trpo"),
    /** Natural policy gradient (Kakade 2001): a fixed step along the natural direction, then the critic. */
    @SerializedName("npg") NPG("npg");

    private final String id;

    Algo(String id) {
        this.id = id;
    }

    /** The name used by {@code --algo} and in config files. */
    public String id() {
        return id;
    }

    /** Every id, for messages: {@code ppo, ppo-kl, trpo, npg}. */
    public static String ids() {
        return Arrays.stream(values()).map(Algo::id).collect(Collectors.joining(", "));
    }

    /** The algorithm of an id, or an {@link IllegalArgumentException} naming the alternatives. */
    public static Algo parse(String id, String where) {
        for (Algo a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException(where + ": unknown algorithm '" + id + "'; expected one of " + ids());
    }
}
