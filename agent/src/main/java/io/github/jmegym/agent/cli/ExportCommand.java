package io.github.jmegym.agent.cli;

import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.export.OnnxExport;
import io.github.jmegym.agent.export.ReferenceOutputs;
import io.github.jmegym.agent.run.AtomicFiles;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.cli.SeedOption;
import io.github.jmegym.proto.onnx.OnnxProto.ModelProto;
import io.github.jmegym.proto.onnx.OnnxProto.ValueInfoProto;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./jmegym export}: writes a trained policy as an ONNX model (see {@link OnnxExport} for its inputs and outputs). */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Export a trained policy (run folder, checkpoint or policy JSON) as an ONNX model.",
                "Input obs [batch, obs_dim] float32 (normalisation folded in); outputs action (deterministic), "
                        + "logits and/or mean + log_std, value. Opset " + OnnxExport.OPSET + ".",
                "--model and --onnx are required; --seed seeds the random observations of --check-samples."})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ModelOption modelOption = new ModelOption();

    @Option(names = "--onnx", paramLabel = "FILE", required = true, description = "the ONNX file to write (atomically)")
    private Path onnx;

    @Option(names = "--check-samples", paramLabel = "N", defaultValue = "0", description = "also write the Java "
            + "policy's outputs for N random observations to --check-out, to compare another runtime with "
            + "(default: ${DEFAULT-VALUE})")
    private int checkSamples;

    @Option(names = "--check-out", paramLabel = "FILE", description = "JSON file of the check samples: arrays obs, "
            + "action, value and logits / mean / log_std, one row per sample")
    private Path checkOut;

    @Mixin
    private SeedOption seed = new SeedOption();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (checkSamples < 0) {
            throw new IllegalArgumentException("--check-samples " + checkSamples + ": expected >= 0");
        }
        if (checkSamples > 0 && checkOut == null) {
            throw new IllegalArgumentException("--check-samples " + checkSamples + " needs --check-out FILE");
        }
        Path model = modelOption.require();
        Policy policy = Policy.load(model);
        ModelProto m = OnnxExport.write(policy, onnx);
        out.printf("wrote %s: opset %d, input %s [batch, %d] float32, outputs %s%n", onnx, OnnxExport.OPSET,
                OnnxExport.OBS, policy.layout().obsDim(), m.getGraph().getOutputList().stream()
                        .map(ValueInfoProto::getName).collect(Collectors.joining(", ")));
        if (checkSamples > 0) {
            AtomicFiles.writeString(checkOut, Json.GSON.toJson(ReferenceOutputs.sample(policy, checkSamples, seed.seed())));
            out.printf("wrote %s: the Java policy's outputs for %d random observations%n", checkOut, checkSamples);
        }
        out.flush();
        return 0;
    }
}
