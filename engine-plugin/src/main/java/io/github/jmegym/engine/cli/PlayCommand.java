package io.github.jmegym.engine.cli;

import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.agent.Presets;
import io.github.jmegym.engine.AgentControl;
import io.github.jmegym.engine.AgentMode;
import io.github.jmegym.engine.PolicyBrain;
import io.github.jmegym.engine.WorldSimulation;
import io.github.jmegym.engine.app.DemonstrationRecorder;
import io.github.jmegym.engine.app.TrainingLoop;
import io.github.jmegym.engine.app.WorldViewer;
import io.github.jmegym.engine.worlds.EngineEnvs;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Envs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./jmegym play}: opens a window where a trained policy (or the heuristic, or you at the keyboard) drives an
 * engine world's NPC; with {@code --train}, the NPCs learn in the window.
 */
@Command(name = "play", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Open a jME window where a trained policy (--model), the agent's heuristic, or you (--keyboard) "
                + "play an engine world (BallBalance-v0, Chase-v0); --train lets the NPCs learn in the window. "
                + "Needs a display (or Xvfb).")
public final class PlayCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--env", paramLabel = "ID", defaultValue = "Chase-v0", description = "engine world id (default: ${DEFAULT-VALUE})")
    private String envId;

    @Option(names = "--model", paramLabel = "DIR",
            description = "run folder (latest checkpoint), checkpoint folder or policy JSON file; without it the heuristic plays")
    private Path model;

    @Option(names = {"-k", "--kwarg"}, paramLabel = "KEY=VALUE",
            description = "env kwarg, repeatable (numbers and true/false are parsed), e.g. -k action_type=multi_discrete")
    private Map<String, String> kwargs = new LinkedHashMap<>();

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed of the first episode (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--speed", paramLabel = "X",
            description = "simulated seconds per second: 1 = real time (default), -1 = one decision per frame (default with --train)")
    private Double speed;

    @Option(names = "--train", paramLabel = "STEPS",
            description = "train a PPO policy in the window for STEPS agent steps (shipped preset; BallBalance-v0 shows "
                    + "8 platforms sharing the policy, -k platforms=N), then save it to --save")
    private Long train;

    @Option(names = "--save", paramLabel = "FILE.json", description = "where --train saves the policy (default: policy.json)")
    private Path save = Path.of("policy.json");

    @Option(names = "--episodes", paramLabel = "N", defaultValue = "0", description = "close after N episodes (0: when the window is closed)")
    private int episodes;

    @Option(names = "--stochastic", description = "sample the policy's actions instead of taking the most likely one")
    private boolean stochastic;

    @Option(names = "--keyboard", description = "drive the NPC yourself: arrows/WASD move (Q/E turn); ignores --model")
    private boolean keyboard;

    @Option(names = "--record", paramLabel = "FILE.jsonl",
            description = "record every decision (observation, action, reward, flags) as a demonstration, written on exit")
    private Path record;

    @Option(names = "--screenshot", paramLabel = "FILE.png", description = "save frame --screenshot-frame as a PNG, then close")
    private Path screenshot;

    @Option(names = "--screenshot-frame", paramLabel = "F", defaultValue = "120", description = "the frame to save (default: ${DEFAULT-VALUE})")
    private int screenshotFrame;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!EngineEnvs.isEngineWorld(envId)) {
                throw new IllegalArgumentException("--env " + envId + ": play shows engine worlds; expected "
                        + EngineEnvs.BALL_BALANCE + " or " + EngineEnvs.CHASE);
            }
            double pace = speed != null ? speed : train != null ? -1 : 1.0;
            if (!(pace > 0 || pace == -1) || episodes < 0 || screenshotFrame < 1 || (train != null && train < 1)) {
                throw new IllegalArgumentException("--speed " + pace + ", --episodes " + episodes + ", --screenshot-frame "
                        + screenshotFrame + ", --train " + train + ": expected speed > 0 or -1, episodes >= 0, frame >= 1, "
                        + "train >= 1");
            }
            Map<String, Object> k = parse(kwargs);
            EnvSpec envSpec = Envs.spec(envId);
            if (train != null) {
                return train(k, envSpec, pace, out);
            }
            WorldSimulation sim = new WorldSimulation(EngineEnvs.world(envId, k), EngineEnvs.config(envId, k));
            try {
                @SuppressWarnings("unchecked")
                AgentControl<Object> agent = (AgentControl<Object>) sim.agents().get(0);
                String brain;
                if (keyboard) {
                    agent.setMode(AgentMode.HEURISTIC);
                    brain = "keyboard";
                } else if (model != null) {
                    PolicyBrain.drive(agent, Policy.load(model).seed(seed), !stochastic, "--model " + model + " in " + envId);
                    brain = "policy " + model.getFileName();
                } else {
                    agent.setMode(AgentMode.HEURISTIC);
                    brain = "heuristic";
                }
                sim.reset(seed);
                DemonstrationRecorder recorder = record == null ? null : new DemonstrationRecorder(record, envId);
                WorldViewer viewer = new WorldViewer(sim, "jmegym play " + envId, brain, pace, episodes, screenshot,
                        screenshotFrame).withTimeLimit(envSpec.maxEpisodeSteps() == null ? 0 : envSpec.maxEpisodeSteps())
                        .withKeyboard(keyboard).withRecorder(recorder);
                try {
                    viewer.runUntilClosed();
                } finally {
                    if (recorder != null) {
                        out.printf("recorded %d decisions to %s%n", recorder.size(), recorder.save().toAbsolutePath());
                    }
                }
                out.printf("%s: %d episodes played by the %s%n", envId, viewer.episodes(), brain);
                if (screenshot != null) {
                    out.println("screenshot: " + screenshot.toAbsolutePath());
                }
            } finally {
                sim.close();
            }
            return 0;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("play: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("play: interrupted");
            return 1;
        }
    }

    /** In-game training: a window where the NPCs learn, then the policy is saved. */
    private int train(Map<String, Object> k, EnvSpec envSpec, double pace, PrintWriter out) throws InterruptedException {
        WorldSimulation sim = new WorldSimulation(EngineEnvs.multiAgentWorld(envId, k), EngineEnvs.config(envId, k));
        try {
            sim.reset(seed);
            int limit = envSpec.maxEpisodeSteps() == null ? 0 : envSpec.maxEpisodeSteps();
            TrainingLoop loop = new TrainingLoop(sim, Presets.forEnv(envId), seed, limit, train);
            PpoTrainer t = loop.trainer();
            WorldViewer viewer = new WorldViewer(sim, "jmegym train-in-game " + envId, "training", pace, 0, screenshot,
                    screenshotFrame).withLoop(loop, () -> String.format(java.util.Locale.ROOT,
                    "training %d agents: %d / %d steps, %d updates, %d episodes, mean return (last 10) %.2f",
                    sim.agents().size(), t.totalSteps(), train, t.updates(), t.episodes(), t.meanReturn(10)));
            viewer.runUntilClosed();
            t.policy().save(save);
            out.printf("%s: trained %d steps in the window (%d agents); policy saved to %s%n", envId, t.totalSteps(),
                    sim.agents().size(), save.toAbsolutePath());
            if (screenshot != null) {
                out.println("screenshot: " + screenshot.toAbsolutePath());
            }
            return 0;
        } finally {
            sim.close();
        }
    }

    private static Map<String, Object> parse(Map<String, String> raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((key, v) -> {
            Object value;
            if (v.equals("true") || v.equals("false")) {
                value = Boolean.parseBoolean(v);
            } else {
                try {
                    value = v.contains(".") ? (Object) Double.parseDouble(v) : (Object) Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    value = v;
                }
            }
            out.put(key, value);
        });
        return out;
    }
}
