package io.github.jmegym.engine.bench;

import io.github.jmegym.agent.Demonstrations;
import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.agent.Presets;
import io.github.jmegym.engine.WorldEnv;
import io.github.jmegym.engine.bc.HeuristicDemos;
import io.github.jmegym.engine.bc.RecordedDemonstrations;
import io.github.jmegym.engine.worlds.EngineEnvs;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.spaces.Space;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Measures the engine worlds on this machine and prints Markdown tables.
 *
 * <ul>
 *   <li>{@code speed [seconds]}: headless env-steps per second (sub-env steps summed over the vector) for vectors
 *       of 1, 2 and 8 worlds, stepped in sequence ({@link VectorMode#SYNC}) and on threads
 *       ({@link VectorMode#THREADED}), plus BallBalance's multi-agent form (N platforms in one scene); random
 *       actions drawn before the clock starts; median of 3 timed runs after a warm-up.</li>
 *   <li>{@code train [seeds]}: full PPO runs with the shipped presets until the goal (BallBalance-v0: the
 *       deterministic policy's mean episode length over 20 episodes reaches the 500-step limit; Chase-v0: it reaches
 *       the target in at least 90% of 50 episodes), evaluating every 5 rollouts; reports env steps and training
 *       minutes (evaluation time excluded) per seed.</li>
 *   <li>{@code bc [seeds] [demo episodes]}: Chase-v0 to 90% success from scratch and after behaviour cloning of
 *       heuristic episodes, side by side per seed.</li>
 *   <li>{@code baselines [episodes]}: mean episode length and success rate of uniform random actions and of each
 *       world's scripted heuristic, for scale.</li>
 *   <li>{@code lag [seeds]}: lag correction (issue 9): CartPole-v1 and BallBalance-v0 with the shipped PPO presets
 *       in three arms (SYNC; BACKGROUND without correction; BACKGROUND with V-trace), same seeds, one JSON line per
 *       run with the env steps to the goal and the measured policy lag and effective sample size.</li>
 * </ul>
 */
public final class EngineBenchmark {
    private EngineBenchmark() {
    }

    /**
     * {@code speed [seconds per run]}, {@code train [seeds]}, {@code bc [seeds] [demo episodes]},
     * {@code baselines [episodes]} or {@code lag [seeds]}.
     */
    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "speed";
        switch (mode) {
            case "speed" -> speed(args.length > 1 ? Double.parseDouble(args[1]) : 2.0);
            case "train" -> train(args.length > 1 ? Integer.parseInt(args[1]) : 1);
            case "bc" -> bc(args.length > 1 ? Integer.parseInt(args[1]) : 3, args.length > 2 ? Integer.parseInt(args[2]) : 20);
            case "baselines" -> baselines(args.length > 1 ? Integer.parseInt(args[1]) : 50);
            case "lag" -> LagBenchmark.run(args.length > 1 ? Integer.parseInt(args[1]) : 5);
            default -> throw new IllegalArgumentException("EngineBenchmark: mode '" + mode
                    + "'; expected speed, train, bc, baselines or lag");
        }
        System.exit(0);
    }

    static void speed(double seconds) {
        System.out.printf(Locale.ROOT, "%d cores, Java %s; %.1f s per timed run, median of 3%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), seconds);
        System.out.println("| world | worlds | mode | env-steps/s |");
        System.out.println("|---|---:|---|---:|");
        for (String id : List.of(EngineEnvs.BALL_BALANCE, EngineEnvs.CHASE)) {
            for (int n : new int[] {1, 2, 8}) {
                for (VectorMode m : VectorMode.values()) {
                    if (n == 1 && m == VectorMode.THREADED) {
                        continue;
                    }
                    double sps = measure(() -> Envs.makeVec(id, n, m, AutoresetMode.NEXT_STEP, Map.of()), seconds);
                    System.out.printf(Locale.ROOT, "| %s | %d | %s | %,.0f |%n", id, n, m.name().toLowerCase(Locale.ROOT), sps);
                }
            }
        }
        for (String id : List.of(EngineEnvs.BALL_BALANCE, EngineEnvs.CHASE)) {
            System.out.printf(Locale.ROOT, "| %s | 1 | on its world thread (no hand-over) | %,.0f |%n", id,
                    onWorldThread(id, seconds));
        }
        for (int n : new int[] {1, 2, 8}) {
            double sps = measure(() -> Envs.makeVec(EngineEnvs.BALL_BALANCE, n, VectorMode.SYNC,
                    AutoresetMode.NEXT_STEP, Map.of(Envs.AGENTS, n)), seconds);
            System.out.printf(Locale.ROOT, "| %s | %d platforms in one scene | multi-agent | %,.0f |%n",
                    EngineEnvs.BALL_BALANCE, n, sps);
        }
    }

    /** One env stepped from inside its world thread: the cost of the world alone, without thread hand-overs. */
    @SuppressWarnings("unchecked")
    private static double onWorldThread(String id, double seconds) {
        try (Env<double[], Object> env = Envs.make(id)) {
            WorldEnv<Object> world = (WorldEnv<Object>) env.unwrapped();
            env.actionSpace().seed(0);
            List<Object> actions = new ArrayList<>();
            for (int t = 0; t < 512; t++) {
                actions.add(env.actionSpace().sample());
            }
            env.reset(0L);
            double[] runs = new double[3];
            world.simulation().run(() -> {
                for (int r = -1; r < runs.length; r++) {
                    long t0 = System.nanoTime();
                    long deadline = t0 + (long) ((r < 0 ? 0.5 : seconds) * 1e9);
                    long steps = 0;
                    while (System.nanoTime() < deadline) {
                        for (int b = 0; b < 16; b++) {
                            if (env.step(actions.get((int) (steps++ % actions.size()))).done()) {
                                env.reset();
                            }
                        }
                    }
                    if (r >= 0) {
                        runs[r] = steps / ((System.nanoTime() - t0) / 1e9);
                    }
                }
            });
            Arrays.sort(runs);
            return runs[1];
        }
    }

    @SuppressWarnings("unchecked")
    private static double measure(Supplier<VectorEnv<?, ?>> make, double seconds) {
        try (VectorEnv<Object, Object> env = (VectorEnv<Object, Object>) make.get()) {
            Space<Object> space = env.singleActionSpace();
            space.seed(0);
            List<List<Object>> actions = new ArrayList<>();
            for (int t = 0; t < 512; t++) {
                List<Object> a = new ArrayList<>();
                for (int i = 0; i < env.numEnvs(); i++) {
                    a.add(space.sample());
                }
                actions.add(a);
            }
            env.reset(0L);
            run(env, actions, 0.5);
            double[] runs = new double[3];
            for (int r = 0; r < runs.length; r++) {
                runs[r] = run(env, actions, seconds);
            }
            Arrays.sort(runs);
            return runs[1];
        }
    }

    private static double run(VectorEnv<Object, Object> env, List<List<Object>> actions, double seconds) {
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (seconds * 1e9);
        long steps = 0;
        int k = 0;
        while (System.nanoTime() < deadline) {
            for (int b = 0; b < 16; b++) {
                env.step(actions.get(k++ % actions.size()));
                steps += env.numEnvs();
            }
        }
        return steps / ((System.nanoTime() - t0) / 1e9);
    }

    static void train(int seeds) {
        System.out.println("| world | seed | goal | env steps to goal | training minutes | env-steps/s (collect + update) |");
        System.out.println("|---|---:|---|---:|---:|---:|");
        for (String id : List.of(EngineEnvs.BALL_BALANCE, EngineEnvs.CHASE)) {
            for (int seed = 1; seed <= seeds; seed++) {
                trainOne(id, seed);
            }
        }
    }

    private static void trainOne(String id, long seed) {
        PpoConfig config = Presets.forEnv(id);
        boolean ball = id.equals(EngineEnvs.BALL_BALANCE);
        String goal = ball ? "mean length 500 (20 episodes)" : "success >= 90% (50 episodes)";
        long chunk = 5L * config.nEnvs() * config.nSteps();
        double trainSeconds = 0;
        try (VectorEnv<Object, Object> env = Envs.makeVec(id, config.nEnvs(), VectorMode.SYNC, AutoresetMode.SAME_STEP,
                Map.of()); PpoTrainer trainer = new PpoTrainer(env, config, seed)) {
            while (trainer.totalSteps() < config.totalSteps()) {
                long t0 = System.nanoTime();
                trainer.learn(chunk);
                trainSeconds += (System.nanoTime() - t0) / 1e9;
                double[] eval = evaluate(id, trainer.policy(), ball ? 20 : 50);
                boolean reached = ball ? eval[0] >= 500 : eval[1] >= 0.9;
                System.err.printf(Locale.ROOT, "%s seed %d: %d steps, %.1f s: mean length %.1f, success %.2f%n", id, seed,
                        trainer.totalSteps(), trainSeconds, eval[0], eval[1]);
                if (reached) {
                    System.out.printf(Locale.ROOT, "| %s | %d | %s | %,d | %.2f | %,.0f |%n", id, seed, goal,
                            trainer.totalSteps(), trainSeconds / 60, trainer.totalSteps() / trainSeconds);
                    return;
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %s | not reached in %,d | %.2f | %,.0f |%n", id, seed, goal,
                    trainer.totalSteps(), trainSeconds / 60, trainer.totalSteps() / trainSeconds);
        }
    }

    /**
     * Chase-v0 to a success rate of 90% (50 episodes, evaluated after every rollout) from scratch and after cloning
     * {@code demoEpisodes} heuristic episodes (30 epochs), seed by seed; the demonstrations' env steps are reported
     * apart from the PPO env steps.
     */
    static void bc(int seeds, int demoEpisodes) {
        String id = EngineEnvs.CHASE;
        System.out.println("| seed | start | demo env steps | success after cloning | PPO env steps to 90% | training s |");
        System.out.println("|---:|---|---:|---:|---:|---:|");
        for (int seed = 1; seed <= seeds; seed++) {
            Demonstrations demos;
            try {
                Path dir = Files.createTempDirectory("jmegym-bc");
                HeuristicDemos.record(id, dir, demoEpisodes, 100L * seed);
                try (Env<?, ?> env = Envs.make(id)) {
                    demos = RecordedDemonstrations.load(dir, id, env.observationSpace(), env.actionSpace(),
                            Presets.forEnv(id).gamma());
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            for (Demonstrations d : Arrays.asList(null, demos)) {
                PpoConfig config = Presets.forEnv(id);
                long chunk = (long) config.nEnvs() * config.nSteps();
                double seconds = 0;
                try (VectorEnv<Object, Object> env = Envs.makeVec(id, config.nEnvs(), VectorMode.SYNC,
                        AutoresetMode.SAME_STEP, Map.of()); PpoTrainer trainer = new PpoTrainer(env, config, seed)) {
                    long t0 = System.nanoTime();
                    if (d != null) {
                        trainer.cloneFrom(d, 30);
                    }
                    seconds += (System.nanoTime() - t0) / 1e9;
                    double cloned = d == null ? Double.NaN : evaluate(id, trainer.policy(), 50)[1];
                    double success = cloned;
                    while (!(success >= 0.9) && trainer.totalSteps() < config.totalSteps()) {
                        t0 = System.nanoTime();
                        trainer.learn(chunk);
                        seconds += (System.nanoTime() - t0) / 1e9;
                        success = evaluate(id, trainer.policy(), 50)[1];
                        System.err.printf(Locale.ROOT, "bc seed %d %s: %d steps, success %.2f%n", seed,
                                d == null ? "scratch" : "cloned", trainer.totalSteps(), success);
                    }
                    System.out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s | %.1f |%n", seed,
                            d == null ? "scratch" : "BC " + demoEpisodes + " heuristic episodes",
                            d == null ? "-" : String.format(Locale.ROOT, "%,d", d.size()),
                            d == null ? "-" : String.format(Locale.ROOT, "%.2f", cloned),
                            success >= 0.9 ? String.format(Locale.ROOT, "%,d", trainer.totalSteps())
                                    : "not reached in " + trainer.totalSteps(), seconds);
                }
            }
        }
    }

    static void baselines(int episodes) {
        System.out.println("| world | brain | episodes | mean episode length | success rate | mean return |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        for (String id : List.of(EngineEnvs.BALL_BALANCE, EngineEnvs.CHASE)) {
            for (String brain : List.of("random", "heuristic")) {
                try (Env<double[], Object> env = Envs.make(id)) {
                    WorldEnv<Object> world = (WorldEnv<Object>) env.unwrapped();
                    env.actionSpace().seed(0);
                    double[] r = evaluate(env, brain.equals("random") ? obs -> env.actionSpace().sample()
                            : obs -> world.agent().heuristic(obs), episodes);
                    System.out.printf(Locale.ROOT, "| %s | %s | %d | %.1f | %.2f | %.2f |%n", id, brain, episodes, r[0], r[1], r[2]);
                }
            }
        }
    }

    /** Mean episode length, success rate and mean return of the deterministic policy over seeded episodes. */
    static double[] evaluate(String id, Policy policy, int episodes) {
        try (Env<double[], Object> env = Envs.make(id)) {
            return evaluate(env, obs -> policy.act(obs, true), episodes);
        }
    }

    private static double[] evaluate(Env<double[], Object> env, Function<double[], Object> brain,
                                     int episodes) {
        double length = 0;
        double total = 0;
        int successes = 0;
        for (int e = 0; e < episodes; e++) {
            double[] obs = env.reset(1_000_000L + e).observation();
            while (true) {
                Step<double[]> s = env.step(brain.apply(obs));
                obs = s.observation();
                total += s.reward();
                length++;
                if (s.done()) {
                    successes += Boolean.TRUE.equals(s.info().get("is_success")) ? 1 : 0;
                    break;
                }
            }
        }
        return new double[] {length / episodes, successes / (double) episodes, total / episodes};
    }
}
