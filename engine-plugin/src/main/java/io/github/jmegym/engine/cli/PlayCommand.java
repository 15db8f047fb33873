package io.github.jmegym.engine.cli;

import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.agent.Presets;
import io.github.jmegym.engine.AgentControl;
import io.github.jmegym.engine.AgentMode;
import io.github.jmegym.engine.EngineWorld;
import io.github.jmegym.engine.EngineWorlds;
import io.github.jmegym.engine.PolicyBrain;
import io.github.jmegym.engine.WorldSimulation;
import io.github.jmegym.engine.app.DemonstrationRecorder;
import io.github.jmegym.engine.app.TrainingLoop;
import io.github.jmegym.engine.app.WorldViewer;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.cli.KwargOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./jmegym play}: opens a window where a trained policy (or the heuristic, or you at the keyboard) drives an
 * engine world's NPC; with {@code --train}, the NPCs learn in the window.
 */
@Command(name = "play", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Open a jME window where a trained policy (--model), the agent's heuristic, or you (--keyboard) "
                + "play an engine world (any registered one: see `jmegym envs`); --train lets the NPCs learn in the window. "
                + "Needs a display (or Xvfb).")
public final class PlayCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--env", paramLabel = "ID", defaultValue = "Chase-v0", description = "engine world id (default: ${DEFAULT-VALUE})")
    private String envId;

    @Option(names = "--model", paramLabel = "DIR",
            description = "run folder (latest checkpoint), checkpoint folder or policy JSON file; without it the heuristic plays")
    private Path model;

    @Mixin
    private KwargOptions kwargs = new KwargOptions();

    @Option(names = "--agents", paramLabel = "N",
            description = "with --train: agents sharing the policy in the one scene, for worlds that hold several "
                    + "(default: the preset's nEnvs)")
    private Integer agents;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed of the first episode (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--speed", paramLabel = "X",
            description = "simulated seconds per second: 1 = real time (default), -1 = one decision per frame (default with --train)")
    private Double speed;

    @Option(names = "--train", paramLabel = "STEPS",
            description = "train a PPO policy in the window for STEPS agent steps (the env's preset; a world that holds "
                    + "several agents shows the preset's nEnvs of them sharing the policy, or --agents N), then save it to --save")
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
            EngineWorld world = engineWorld();
            double pace = speed != null ? speed : train != null ? -1 : 1.0;
            if (!(pace > 0 || pace == -1) || episodes < 0 || screenshotFrame < 1 || (train != null && train < 1)) {
                throw new IllegalArgumentException("--speed " + pace + ", --episodes " + episodes + ", --screenshot-frame "
                        + screenshotFrame + ", --train " + train + ": expected speed > 0 or -1, episodes >= 0, frame >= 1, "
                        + "train >= 1");
            }
            EnvSpec envSpec = Envs.resolve(envId, kwargs.parsed());
            if (train != null) {
                return train(world, envSpec, pace, out);
            }
            if (agents != null && agents != 1) {
                throw new IllegalArgumentException("--agents " + agents + " without --train: play drives one agent; "
                        + "watch several learn with --train STEPS --agents " + agents + ", or run them with "
                        + "`jmegym game --env " + envId + " --agents " + agents + " --policy DIR`");
            }
            WorldSimulation sim = new WorldSimulation(world.world(envSpec.kwargs()), world.config(envSpec.kwargs()));
            try {
                String brain = keyboard ? "keyboard" : model != null ? "policy " + model.getFileName() : "heuristic";
                Policy policy = keyboard || model == null ? null : Policy.load(model).seed(seed);
                for (AgentControl<?> a : sim.agents()) {
                    @SuppressWarnings("unchecked")
                    AgentControl<Object> agent = (AgentControl<Object>) a;
                    if (policy != null) {
                        PolicyBrain.drive(agent, policy, !stochastic, "--model " + model + " in " + envId);
                    } else {
                        agent.setMode(AgentMode.HEURISTIC);
                    }
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
    private int train(EngineWorld world, EnvSpec envSpec, double pace, PrintWriter out) throws InterruptedException {
        io.github.jmegym.agent.PpoConfig preset = Presets.forEnv(envId);
        int n = agents != null ? agents : world.supportsAgents() ? preset.nEnvs() : 1;
        WorldSimulation sim = new WorldSimulation(world.world(n, envSpec.kwargs()), world.config(envSpec.kwargs()));
        try {
            sim.reset(seed);
            int limit = envSpec.maxEpisodeSteps() == null ? 0 : envSpec.maxEpisodeSteps();
            TrainingLoop loop = new TrainingLoop(sim, preset, seed, limit, train);
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

    /** The engine world of {@code --env}, or a message naming the registered ones. */
    private EngineWorld engineWorld() {
        try {
            return EngineWorlds.of(envId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--env " + envId + ": " + e.getMessage());
        }
    }
}
