package io.github.jmegym.bridge;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.jmegym.agent.Policy;
import io.github.jmegym.envs.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test fixture for the Python suite ({@code tests/test_sb3_export.py}): loads a policy with {@link Policy#load}
 * and writes its deterministic actions and values for given observations, so Python can compare an exported
 * Stable-Baselines3 policy with the Java forward pass without a game.
 *
 * <p>{@code java -cp jmegym.jar:test-classes io.github.jmegym.bridge.PolicyProbe POLICY IN OUT}: {@code IN} is
 * {@code {"obs": [[...], ...]}} (flat observations), {@code OUT} receives {@code {"actions": [...], "values": [...]}}.
 */
public final class PolicyProbe {
    private PolicyProbe() {
    }

    /** Runs the probe; see the class doc for the arguments. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("PolicyProbe: expected POLICY IN OUT; got " + args.length + " arguments");
        }
        Policy policy = Policy.load(Path.of(args[0]));
        JsonArray obs = JsonParser.parseString(Files.readString(Path.of(args[1]))).getAsJsonObject().getAsJsonArray("obs");
        JsonArray actions = new JsonArray();
        JsonArray values = new JsonArray();
        for (JsonElement row : obs) {
            double[] o = Json.doubles(row.getAsJsonArray());
            actions.add(Json.GSON.toJsonTree(policy.act(o, true)));
            values.add(policy.value(o));
        }
        JsonObject out = new JsonObject();
        out.add("actions", actions);
        out.add("values", values);
        Files.writeString(Path.of(args[2]), Json.GSON.toJson(out));
    }
}
