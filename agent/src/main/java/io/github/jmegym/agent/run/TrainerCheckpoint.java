package io.github.jmegym.agent.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.core.Adam;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.wrappers.RunningMeanStd;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A trainer's checkpoint, written and read in this one place: the files of a {@link Checkpoint} folder
 * ({@value Checkpoint#CONFIG}, {@value Checkpoint#POLICY} and {@value Checkpoint#TRAINER}), the manifest entries a
 * training run adds, and the schema of {@value Checkpoint#TRAINER}. {@link Checkpoint} owns the folder (atomic
 * writes, digests); this class owns what goes in it.
 *
 * <p>{@value Checkpoint#TRAINER} ({@value #FORMAT}, version {@value #FORMAT_VERSION}) is one JSON object: {@code seed},
 * {@code total_steps}, {@code updates}, {@code episodes}, Adam's {@code adam_t} / {@code adam_m} / {@code adam_v},
 * the RNG states {@code act_rng} and {@code shuffle_rng}, the update rule's own state (numbers under the rule's keys,
 * e.g. PPO-KL's beta), {@code ret_rms} (the reward scale's statistics: {@code mean}, {@code var}, {@code count}),
 * {@code discounted_return} per sub-env, and the last episodes' {@code episode_returns} and {@code episode_lengths}.
 */
public final class TrainerCheckpoint {
    /** The {@code format} of {@value Checkpoint#TRAINER}. */
    public static final String FORMAT = "jmegym-ppo-trainer";
    /** The {@code format_version} written. */
    public static final int FORMAT_VERSION = 1;

    /** The entries of {@value Checkpoint#TRAINER} that are not the rule's state. */
    private static final Set<String> FIELDS = Set.of("format", "format_version", "seed", "total_steps", "updates",
            "episodes", "adam_t", "adam_m", "adam_v", "act_rng", "shuffle_rng", "ret_rms", "discounted_return",
            "episode_returns", "episode_lengths");

    private TrainerCheckpoint() {
    }

    /**
     * The training state besides the policy and the config.
     *
     * @param seed the trainer's seed
     * @param totalSteps env steps collected
     * @param updates updates installed
     * @param episodes episodes finished
     * @param adam the optimizer's moments and step count
     * @param actRng the state of the action-sampling generator
     * @param shuffleRng the state of the minibatch-shuffling generator
     * @param ruleState the update rule's own state ({@code UpdateRule.state()})
     * @param returnStats the running statistics of the discounted return that scale rewards
     * @param discountedReturns each sub-env's discounted return so far
     * @param episodeReturns the returns of the last finished episodes, oldest first
     * @param episodeLengths their lengths
     */
    public record State(long seed, long totalSteps, int updates, long episodes, Adam.Snapshot adam, long actRng,
                        long shuffleRng, Map<String, Double> ruleState, RunningMeanStd returnStats,
                        double[] discountedReturns, double[] episodeReturns, double[] episodeLengths) {
    }

    /**
     * A checkpoint as read.
     *
     * @param folder the checkpoint folder
     * @param config its config, or the one given to {@link #read}
     * @param policy the trained policy (parameters, spaces, observation statistics)
     * @param state the rest of the training state
     */
    public record Loaded(Path folder, PpoConfig config, Policy policy, State state) {
        /** The trainer file, for messages. */
        public Path trainerFile() {
            return folder.resolve(Checkpoint.TRAINER);
        }
    }

    /**
     * Everything a checkpoint holds, captured at one moment (copies, so the trainer may go on), to be written later
     * and on any thread by {@link #write()}: a game captures it between two decisions and writes it off its frame.
     *
     * @param runDir the run folder
     * @param config the config
     * @param policy the policy being trained (its parameters when captured)
     * @param state the rest of the training state (its own copies)
     * @param meanReturn100 the mean return of the last 100 episodes
     * @param info extra manifest entries
     */
    public record Snapshot(Path runDir, PpoConfig config, Policy policy, State state, double meanReturn100,
                           Map<String, Object> info) {
        /** Copies {@code info}, keeping its order (the manifest's). */
        public Snapshot {
            info = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(info));
        }

        /** Writes the checkpoint ({@link TrainerCheckpoint#write}); returns its folder. */
        public Path write() {
            return TrainerCheckpoint.write(runDir, config, policy, state, meanReturn100, info);
        }
    }

    /**
     * Writes a checkpoint to {@code runDir/checkpoints/step-<totalSteps>} (atomically).
     *
     * @param policy the policy being trained (its current parameters)
     * @param info extra manifest entries (e.g. the env id); the seed, the updates and the mean return of the last
     *        100 episodes (when finite) are added
     * @return the checkpoint folder
     */
    public static Path write(Path runDir, PpoConfig config, Policy policy, State state, double meanReturn100,
                             Map<String, Object> info) {
        JsonObject t = new JsonObject();
        t.addProperty("format", FORMAT);
        t.addProperty("format_version", FORMAT_VERSION);
        t.addProperty("seed", state.seed());
        t.addProperty("total_steps", state.totalSteps());
        t.addProperty("updates", state.updates());
        t.addProperty("episodes", state.episodes());
        t.addProperty("adam_t", state.adam().t());
        t.add("adam_m", Json.array(state.adam().m()));
        t.add("adam_v", Json.array(state.adam().v()));
        t.addProperty("act_rng", state.actRng());
        t.addProperty("shuffle_rng", state.shuffleRng());
        state.ruleState().forEach(t::addProperty);
        JsonObject rms = new JsonObject();
        rms.add("mean", Json.array(state.returnStats().mean()));
        rms.add("var", Json.array(state.returnStats().var()));
        rms.addProperty("count", state.returnStats().count());
        t.add("ret_rms", rms);
        t.add("discounted_return", Json.array(state.discountedReturns()));
        t.add("episode_returns", Json.array(state.episodeReturns()));
        t.add("episode_lengths", Json.array(state.episodeLengths()));
        Map<String, String> files = new LinkedHashMap<>();
        files.put(Checkpoint.CONFIG, config.toJsonString());
        files.put(Checkpoint.POLICY, Json.GSON.toJson(policy.toJson()));
        files.put(Checkpoint.TRAINER, Json.GSON.toJson(t));
        Map<String, Object> manifest = new LinkedHashMap<>(info);
        manifest.put("seed", state.seed());
        manifest.put("updates", state.updates());
        if (Double.isFinite(meanReturn100)) {
            manifest.put(Checkpoint.MEAN_RETURN, meanReturn100);
        }
        return Checkpoint.write(runDir, state.totalSteps(), files, manifest);
    }

    /**
     * Reads a checkpoint (a checkpoint folder, or a run folder's latest), every file's digest verified.
     *
     * @param config the config to resume with, or null for the checkpoint's own
     * @throws IllegalArgumentException naming the file when one is missing, corrupt or malformed
     */
    public static Loaded read(Path path, PpoConfig config) {
        Path ckpt = Checkpoint.resolve(path);
        Map<String, String> files = Checkpoint.readVerified(ckpt, Checkpoint.CONFIG, Checkpoint.POLICY, Checkpoint.TRAINER);
        PpoConfig cfg = config != null ? config
                : PpoConfig.fromJson(files.get(Checkpoint.CONFIG), ckpt.resolve(Checkpoint.CONFIG).toString());
        Path trainerFile = ckpt.resolve(Checkpoint.TRAINER);
        JsonObject t = Checkpoint.parse(trainerFile, files.get(Checkpoint.TRAINER));
        Path policyFile = ckpt.resolve(Checkpoint.POLICY);
        Policy p = Policy.fromJson(Checkpoint.parse(policyFile, files.get(Checkpoint.POLICY)), policyFile.toString());
        try {
            int n = p.params().length;
            Map<String, Double> ruleState = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : t.entrySet()) {
                if (!FIELDS.contains(e.getKey())) {
                    ruleState.put(e.getKey(), e.getValue().getAsDouble());
                }
            }
            JsonObject rms = t.getAsJsonObject("ret_rms");
            RunningMeanStd returnStats = new RunningMeanStd(Json.doubles(rms.getAsJsonArray("mean")),
                    Json.doubles(rms.getAsJsonArray("var")), rms.get("count").getAsDouble());
            State s = new State(t.get("seed").getAsLong(), t.get("total_steps").getAsLong(),
                    t.get("updates").getAsInt(), t.get("episodes").getAsLong(),
                    new Adam.Snapshot(sized(t, "adam_m", n, trainerFile), sized(t, "adam_v", n, trainerFile),
                            t.get("adam_t").getAsLong()),
                    t.get("act_rng").getAsLong(), t.get("shuffle_rng").getAsLong(), ruleState, returnStats,
                    Json.doubles(t.getAsJsonArray("discounted_return")),
                    Json.doubles(t.getAsJsonArray("episode_returns")),
                    Json.doubles(t.getAsJsonArray("episode_lengths")));
            if (s.episodeReturns().length != s.episodeLengths().length) {
                throw new IllegalArgumentException("checkpoint file " + trainerFile + ": " + s.episodeReturns().length
                        + " episode_returns but " + s.episodeLengths().length + " episode_lengths; expected as many");
            }
            return new Loaded(ckpt, cfg, p, s);
        } catch (NullPointerException | ClassCastException | IllegalStateException | UnsupportedOperationException
                 | NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint file " + trainerFile + " is malformed: " + e, e);
        }
    }

    private static double[] sized(JsonObject t, String key, int n, Path file) {
        double[] v = Json.doubles(t.getAsJsonArray(key));
        if (v.length != n) {
            throw new IllegalArgumentException("checkpoint file " + file + ": " + key + " has " + v.length
                    + " values; expected " + n);
        }
        return v;
    }
}
