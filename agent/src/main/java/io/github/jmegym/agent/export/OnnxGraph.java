package io.github.jmegym.agent.export;

import com.google.protobuf.ByteString;
import io.github.jmegym.proto.onnx.OnnxProto.AttributeProto;
import io.github.jmegym.proto.onnx.OnnxProto.GraphProto;
import io.github.jmegym.proto.onnx.OnnxProto.NodeProto;
import io.github.jmegym.proto.onnx.OnnxProto.TensorProto;
import io.github.jmegym.proto.onnx.OnnxProto.TensorShapeProto;
import io.github.jmegym.proto.onnx.OnnxProto.TypeProto;
import io.github.jmegym.proto.onnx.OnnxProto.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A small builder over ONNX's {@code GraphProto}: constants (float32 or int64 initializers), nodes with fresh
 * output names, and graph inputs and outputs whose first dimension is the symbolic {@code batch}.
 */
final class OnnxGraph {
    /** The symbolic name of the batch dimension of every input and output. */
    static final String BATCH = "batch";

    private final GraphProto.Builder g = GraphProto.newBuilder();
    private int counter;

    OnnxGraph(String name) {
        g.setName(name);
    }

    /** A float32 constant of the given shape (values rounded from double). */
    String floats(String name, double[] values, int off, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        ByteBuffer b = ByteBuffer.allocate((int) n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat((float) values[off + i]);
        }
        return constant(name, TensorProto.DataType.FLOAT, b.array(), dims);
    }

    /** A float32 scalar constant. */
    String scalar(String name, double value) {
        return floats(name, new double[] {value}, 0);
    }

    /** A one-dimensional int64 constant. */
    String longs(String name, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return constant(name, TensorProto.DataType.INT64, b.array(), values.length);
    }

    private String constant(String name, TensorProto.DataType type, byte[] raw, long... dims) {
        String unique = fresh(name);
        TensorProto.Builder t = TensorProto.newBuilder().setName(unique).setDataType(type.getNumber())
                .setRawData(ByteString.copyFrom(raw));
        for (long d : dims) {
            t.addDims(d);
        }
        g.addInitializer(t);
        return unique;
    }

    /** Adds a node; returns its (first) output, named {@code out} (made unique). */
    String node(String op, String out, String[] inputs, AttributeProto... attrs) {
        return nodeNamed(op, fresh(out), inputs, attrs);
    }

    /** Adds a node whose output has exactly the given name (a graph output). */
    String nodeNamed(String op, String out, String[] inputs, AttributeProto... attrs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(op + "_" + out).addOutput(out);
        for (String in : inputs) {
            n.addInput(in);
        }
        for (AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        g.addNode(n);
        return out;
    }

    static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** Declares a graph input {@code [batch, width]}. */
    void input(String name, TensorProto.DataType type, int width) {
        g.addInput(valueInfo(name, type, width));
    }

    /** Declares a graph output {@code [batch, width]}. */
    void output(String name, TensorProto.DataType type, int width) {
        g.addOutput(valueInfo(name, type, width));
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, int width) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width)).build();
        TypeProto t = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(type.getNumber()).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(t).build();
    }

    private String fresh(String base) {
        return base + "_" + counter++;
    }

    GraphProto build() {
        return g.build();
    }
}
