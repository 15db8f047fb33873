package io.github.jmegym.agent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Activation;
import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DictSpace;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.MultiBinary;
import io.github.jmegym.envs.spaces.MultiDiscrete;
import io.github.jmegym.envs.spaces.Space;
import io.github.jmegym.envs.wrappers.RunningMeanStd;
import io.github.jmegym.proto.onnx.OnnxProto.ModelProto;
import io.github.jmegym.proto.onnx.OnnxProto.NodeProto;
import io.github.jmegym.proto.onnx.OnnxProto.TensorProto;
import io.github.jmegym.proto.onnx.OnnxProto.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ONNX graph's structure; onnxruntime checks its numbers in bridge/python/tests/test_onnx_export.py. */
@Timeout(60)
public class OnnxExportTest {
    private static final Box OBS = new Box(new double[] {-1, -1, -1}, new double[] {1, 1, 1}, new int[] {3},
            io.github.jmegym.envs.spaces.DType.FLOAT32);

    /** A policy over fresh parameters (3 observations, hidden 8-4, normaliser clip 5). */
    public static Policy policy(Space<?> actions, boolean shared, boolean sde, boolean normalized) {
        ActionDistribution d = ActionDistribution.forSpace(actions, "test");
        List<Integer> hidden = List.of(8, 4);
        int nLogStd = sde ? 4 * d.nGauss() : d.nGauss();
        NetLayout layout = new NetLayout(3, d.outDim(), nLogStd, hidden, shared ? List.of() : List.of(6), shared,
                Activation.TANH);
        double[] p = layout.initParams(new Rng(1), true, -0.5);
        RunningMeanStd norm = normalized ? new RunningMeanStd(new double[] {0.1, 0.2, 0.3}, new double[] {1, 2, 3}, 10)
                : null;
        return new Policy(layout, OBS, actions, p, norm, 5, sde);
    }

    static Stream<Arguments> spaces() {
        Box box = new Box(new double[] {-2, -2}, new double[] {2, 2}, new int[] {2},
                io.github.jmegym.envs.spaces.DType.FLOAT32);
        Map<String, Space<?>> dict = new LinkedHashMap<>();
        dict.put("move", box);
        dict.put("jump", new Discrete(2));
        return Stream.of(
                Arguments.of(new Discrete(3), false, List.of("action", "logits", "value"), TensorProto.DataType.INT64, 1),
                Arguments.of(new MultiDiscrete(3, 2), false, List.of("action", "logits", "value"), TensorProto.DataType.INT64, 2),
                Arguments.of(new MultiBinary(4), false, List.of("action", "logits", "value"), TensorProto.DataType.INT64, 4),
                Arguments.of(box, false, List.of("action", "mean", "log_std", "value"), TensorProto.DataType.FLOAT, 2),
                Arguments.of(box, true, List.of("action", "mean", "log_std", "value"), TensorProto.DataType.FLOAT, 2),
                Arguments.of(new DictSpace(dict), false, List.of("action", "logits", "mean", "log_std", "value"),
                        TensorProto.DataType.FLOAT, 3));
    }

    @ParameterizedTest
    @MethodSource("spaces")
    void outputsAreTheOnesTheDistributionHasWithABatchAxis(Space<?> actions, boolean sde, List<String> outputs,
                                                           TensorProto.DataType actionType, int actionWidth)
            throws Exception {
        ModelProto m = ModelProto.parseFrom(OnnxExport.build(policy(actions, false, sde, true)).toByteArray());
        assertEquals(OnnxExport.OPSET, m.getOpsetImport(0).getVersion());
        ValueInfoProto in = m.getGraph().getInput(0);
        assertEquals("obs", in.getName());
        assertEquals("batch", in.getType().getTensorType().getShape().getDim(0).getDimParam());
        assertEquals(3, in.getType().getTensorType().getShape().getDim(1).getDimValue());
        assertEquals(outputs, m.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList());
        ValueInfoProto action = m.getGraph().getOutput(0);
        assertEquals(actionType.getNumber(), action.getType().getTensorType().getElemType());
        assertEquals(actionWidth, action.getType().getTensorType().getShape().getDim(1).getDimValue());
        for (ValueInfoProto o : m.getGraph().getOutputList()) {
            assertEquals("batch", o.getType().getTensorType().getShape().getDim(0).getDimParam(), o.getName());
            assertTrue(m.getGraph().getNodeList().stream().anyMatch(n -> n.getOutputList().contains(o.getName())),
                    "a node produces " + o.getName());
        }
    }

    @Test
    void firstDenseLayerHoldsTheFlatParametersAsFloat32InLayoutOrder() {
        Policy pol = policy(new Discrete(2), false, false, false);
        ModelProto m = OnnxExport.build(pol);
        NodeProto gemm = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Gemm")).findFirst()
                .orElseThrow();
        assertEquals("obs", gemm.getInput(0), "no normaliser: the first layer reads obs");
        TensorProto w = m.getGraph().getInitializerList().stream().filter(t -> t.getName().equals(gemm.getInput(1)))
                .findFirst().orElseThrow();
        assertEquals(List.of(3L, 8L), w.getDimsList());
        ByteBuffer b = w.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        double[] p = pol.params();
        NetLayout.Mlp actor = pol.layout().actor();
        for (int i = 0; i < 3 * 8; i++) {
            assertEquals((float) p[actor.weightOffset(0) + i], b.getFloat(), "weight " + i);
        }
    }

    @Test
    void normaliserIsFoldedInAsSubDivClipWithTheConfiguredClip() {
        ModelProto m = OnnxExport.build(policy(new Discrete(2), true, false, true));
        List<String> ops = m.getGraph().getNodeList().stream().map(NodeProto::getOpType).limit(3).toList();
        assertEquals(List.of("Sub", "Div", "Clip"), ops);
        NodeProto clip = m.getGraph().getNode(2);
        TensorProto high = m.getGraph().getInitializerList().stream().filter(t -> t.getName().equals(clip.getInput(2)))
                .findFirst().orElseThrow();
        assertEquals(5f, high.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getFloat());
    }
}
