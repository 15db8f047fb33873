package io.github.jmegym.bridge.remote;

import io.github.jmegym.envs.cli.CliCommand;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * The former {@code ./jmegym game}, hidden: {@code play} replaced it; this only says how to write the command now
 * and exits 2.
 */
@Command(name = "game", hidden = true, description = "Replaced by `jmegym play` (see `jmegym play --help`).")
public final class GameAlias implements Callable<Integer>, CliCommand {
    @Unmatched
    private List<String> ignored;

    @Override
    public Object command() {
        return new GameAlias();
    }

    @Override
    public Integer call() {
        throw new IllegalArgumentException("`game` is now `play`: `jmegym play --train ...` trains in the game loop "
                + "(--mode training, the former default), `--model PATH` replaces --policy and --mode inference, no "
                + "flag is the former --mode heuristic, --remote replaces --mode remote, and a checkpoint is saved to "
                + "--run-dir at the end of --train (the former --save); the other options are the same");
    }
}
