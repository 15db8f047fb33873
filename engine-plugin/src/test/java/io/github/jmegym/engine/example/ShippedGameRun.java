package io.github.jmegym.engine.example;

import com.jme3.system.JmeContext;
import io.github.jmegym.engine.app.HeadlessRun;
import io.github.jmegym.engine.app.InferenceAppState;
import io.github.jmegym.engine.app.InferenceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the guide's {@link ShippedGame} headless ({@link JmeContext.Type#Headless}: no window, no renderer) until its
 * NPCs made {@link InferenceConfig#maxDecisions()} decisions. In-process for {@link ShippedGameTest}, and as the
 * {@code main} of a child JVM without ND4J on its class path (so it uses no JUnit either).
 */
public final class ShippedGameRun {
    /** The line {@link #main} prints, followed by {@link Outcome#toString()}. */
    static final String RESULT = "SHIPPED-GAME-RESULT ";

    private ShippedGameRun() {
    }

    /**
     * What the NPCs did.
     *
     * @param decisions decisions run (each one decision of every agent)
     * @param falls agent steps that ended their episode as terminated (the ball fell)
     * @param episodes episodes ended (falls and time limits)
     * @param meanReturn mean return of the ended episodes (NaN when none ended)
     */
    record Outcome(long decisions, long falls, long episodes, double meanReturn) {
        @Override
        public String toString() {
            return "decisions=" + decisions + " falls=" + falls + " episodes=" + episodes + " meanReturn=" + meanReturn;
        }
    }

    /**
     * Runs the game until {@code config.maxDecisions()} decisions ran ({@code > 0}, with {@code speed <= 0} for one
     * decision per frame as fast as frames come).
     *
     * @param onStep also hears every decision (on the world thread), or null
     * @throws IllegalStateException when the game fails or does not finish within {@code timeout}
     */
    static Outcome run(Path policy, InferenceConfig config, InferenceAppState.StepListener onStep, Duration timeout) {
        if (config.maxDecisions() <= 0) {
            throw new IllegalArgumentException("ShippedGameRun: maxDecisions=" + config.maxDecisions() + "; expected > 0");
        }
        HeadlessRun run = new HeadlessRun();
        AtomicLong falls = new AtomicLong();
        ShippedGame game = new ShippedGame(policy, config) {
            @Override
            public void simpleInitApp() {
                super.simpleInitApp();
                npcs.setListener((agent, decision, outcome) -> {
                    if (outcome.terminated()) {
                        falls.incrementAndGet();
                    }
                    if (onStep != null) {
                        onStep.stepped(agent, decision, outcome);
                    }
                });
            }

            @Override
            public void simpleUpdate(float tpf) {
                if (npcs.finished()) {
                    run.finished();
                }
            }

            @Override
            public void handleError(String errMsg, Throwable t) {
                run.failed(errMsg, t);
            }
        };
        run.run(game, timeout, "ShippedGame", () -> (game.npcs == null ? 0 : game.npcs.decisions()) + " of "
                + config.maxDecisions() + " decisions done");
        return new Outcome(game.npcs.decisions(), falls.get(), game.npcs.episodes().episodesEnded(),
                game.npcs.episodes().meanReturn());
    }

    /**
     * {@code ShippedGameRun <policy.json> <decisions>}: runs the game one decision per frame and prints
     * {@code SHIPPED-GAME-RESULT decisions=... falls=... episodes=... meanReturn=... nd4j=absent|present}.
     */
    public static void main(String[] args) throws Exception {
        InferenceConfig config = InferenceConfig.defaults().withSpeed(0).withMaxEpisodeSteps(500)
                .withMaxDecisions(Long.parseLong(args[1]));
        Outcome o = run(Path.of(args[0]), config, null, Duration.ofSeconds(120));
        boolean nd4j;
        try {
            Class.forName("org.nd4j.linalg.factory.Nd4j", false, ShippedGameRun.class.getClassLoader());
            nd4j = true;
        } catch (ClassNotFoundException e) {
            nd4j = false;
        }
        System.out.println(RESULT + o + " nd4j=" + (nd4j ? "present" : "absent"));
        System.exit(0);
    }
}
