package io.github.jmegym.envs.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.github.jmegym.envs.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code -k/--kwarg KEY=VALUE} option of every command that makes an env, as a picocli mixin
 * ({@code @Mixin KwargOptions kwargs;}): one grammar for all of them. VALUE is JSON ({@code 8}, {@code 0.5},
 * {@code true}, {@code "text"}, {@code [1, 2]}); a bare word that is not JSON ({@code multi_discrete}) is a string.
 * Whole numbers written without a decimal point become {@link Integer}s.
 */
public final class KwargOptions {
    @Option(names = {"-k", "--kwarg"}, paramLabel = "KEY=VALUE",
            description = "Keyword argument for make, repeatable; VALUE is JSON or a bare word "
                    + "(e.g. -k max_episode_steps=50 -k action_type=multi_discrete; -k agents=8 puts 8 agents in one scene).")
    private Map<String, String> raw = new LinkedHashMap<>();

    /** The kwargs given, parsed, in command-line order. */
    public Map<String, Object> parsed() {
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k, parseValue(v)));
        return Collections.unmodifiableMap(out);
    }

    /** One VALUE: JSON (integers without a decimal point as {@link Integer}), or the text itself when it is not JSON. */
    public static Object parseValue(String value) {
        try {
            JsonElement e = JsonParser.parseString(value);
            if (e.isJsonPrimitive()) {
                JsonPrimitive p = e.getAsJsonPrimitive();
                if (p.isBoolean()) {
                    return p.getAsBoolean();
                }
                if (p.isNumber()) {
                    double d = p.getAsDouble();
                    boolean whole = d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE && !value.contains(".");
                    return whole ? (Object) (int) d : d;
                }
                return p.getAsString();
            }
            if (e.isJsonNull()) {
                return value;
            }
            return Json.GSON.fromJson(e, Object.class);
        } catch (RuntimeException ex) {
            return value; // a bare word such as euler is a string
        }
    }
}
