"""Writes TensorBoard's event.proto and what it imports (agent/src/main/proto/tensorboard/compat/proto) from the
descriptors that the installed tensorboard PyPI package ships in its *_pb2 modules (the wheel has no .proto files).

    pip install tensorboard && python3 scripts/tensorboard_protos.py agent/src/main/proto/tensorboard/compat/proto

The output has upstream's messages, fields, numbers and options but not its comments; java_package is ours. Check a
regeneration by compiling it (protoc --descriptor_set_out) and comparing with the package's descriptors.
"""
import importlib, sys
from google.protobuf import descriptor_pb2

FILES = ["event", "summary", "histogram", "tensor", "resource_handle", "tensor_shape", "types"]
T = descriptor_pb2.FieldDescriptorProto
SCALAR = {T.TYPE_DOUBLE: "double", T.TYPE_FLOAT: "float", T.TYPE_INT64: "int64", T.TYPE_UINT64: "uint64",
          T.TYPE_INT32: "int32", T.TYPE_FIXED64: "fixed64", T.TYPE_FIXED32: "fixed32", T.TYPE_BOOL: "bool",
          T.TYPE_STRING: "string", T.TYPE_BYTES: "bytes", T.TYPE_UINT32: "uint32", T.TYPE_SFIXED32: "sfixed32",
          T.TYPE_SFIXED64: "sfixed64", T.TYPE_SINT32: "sint32", T.TYPE_SINT64: "sint64"}

def ftype(f):
    return SCALAR.get(f.type) or f.type_name

def field_opts(f):
    o = []
    if f.options.HasField("deprecated") and f.options.deprecated:
        o.append("deprecated = true")
    if f.options.HasField("packed"):
        o.append("packed = " + ("true" if f.options.packed else "false"))
    unknown = set(f.options.ListFields()) and [d.name for d, _ in f.options.ListFields() if d.name not in ("deprecated", "packed")]
    if unknown:
        raise SystemExit(f"unhandled field options {unknown} on {f.name}")
    return (" [" + ", ".join(o) + "]") if o else ""

def message(m, ind, out):
    p = "  " * ind
    out.append(f"{p}message {m.name} {{")
    for d, v in m.options.ListFields():
        if d.name == "deprecated":
            out.append(f"{p}  option deprecated = {'true' if v else 'false'};")
        elif d.name != "map_entry":
            raise SystemExit(f"unhandled message option {d.name}")
    maps = {n.name: n for n in m.nested_type if n.options.map_entry}
    for e in m.enum_type:
        enum(e, ind + 1, out)
    for n in m.nested_type:
        if not n.options.map_entry:
            message(n, ind + 1, out)
    real_oneofs = [i for i, o in enumerate(m.oneof_decl)
                   if not all(f.proto3_optional for f in m.field if f.HasField("oneof_index") and f.oneof_index == i)]
    done = set()
    for f in m.field:
        if f.HasField("oneof_index") and f.oneof_index in real_oneofs:
            i = f.oneof_index
            if i in done:
                continue
            done.add(i)
            out.append(f"{p}  oneof {m.oneof_decl[i].name} {{")
            for g in m.field:
                if g.HasField("oneof_index") and g.oneof_index == i:
                    out.append(f"{p}    {ftype(g)} {g.name} = {g.number}{field_opts(g)};")
            out.append(f"{p}  }}")
            continue
        entry = maps.get(f.type_name.rsplit(".", 1)[-1]) if f.label == T.LABEL_REPEATED and f.type == T.TYPE_MESSAGE else None
        if entry is not None:
            k, v = entry.field[0], entry.field[1]
            out.append(f"{p}  map<{ftype(k)}, {ftype(v)}> {f.name} = {f.number}{field_opts(f)};")
            continue
        label = "repeated " if f.label == T.LABEL_REPEATED else ("optional " if f.proto3_optional else "")
        out.append(f"{p}  {label}{ftype(f)} {f.name} = {f.number}{field_opts(f)};")
    for r in m.reserved_range:
        out.append(f"{p}  reserved {r.start}" + (f" to {r.end - 1}" if r.end - 1 > r.start else "") + ";")
    if m.reserved_name:
        out.append(f"{p}  reserved " + ", ".join(f'"{n}"' for n in m.reserved_name) + ";")
    out.append(f"{p}}}")

def enum(e, ind, out):
    p = "  " * ind
    out.append(f"{p}enum {e.name} {{")
    for d, v in e.options.ListFields():
        if d.name in ("allow_alias", "deprecated"):
            out.append(f"{p}  option {d.name} = {'true' if v else 'false'};")
        else:
            raise SystemExit(f"unhandled enum option {d.name}")
    for v in e.value:
        o = " [deprecated = true]" if v.options.deprecated else ""
        out.append(f"{p}  {v.name} = {v.number}{o};")
    for r in e.reserved_range:
        out.append(f"{p}  reserved {r.start}" + (f" to {r.end}" if r.end > r.start else "") + ";")
    out.append(f"{p}}}")

def render(name, header, java_package):
    mod = importlib.import_module(f"tensorboard.compat.proto.{name}_pb2")
    fd = descriptor_pb2.FileDescriptorProto()
    mod.DESCRIPTOR.CopyToProto(fd)
    out = header + [f'syntax = "{fd.syntax or "proto2"}";', "", f"package {fd.package};", ""]
    for i, dep in enumerate(fd.dependency):
        out.append(f'import {"public " if i in fd.public_dependency else ""}"{dep}";')
    if fd.dependency:
        out.append("")
    o = fd.options
    if o.HasField("cc_enable_arenas"):
        out.append(f"option cc_enable_arenas = {'true' if o.cc_enable_arenas else 'false'};")
    if o.HasField("java_outer_classname"):
        out.append(f'option java_outer_classname = "{o.java_outer_classname}";')
    if o.HasField("java_multiple_files"):
        out.append(f"option java_multiple_files = {'true' if o.java_multiple_files else 'false'};")
    out.append(f'option java_package = "{java_package}";  // upstream: "{o.java_package}"')
    if o.HasField("go_package"):
        out.append(f'option go_package = "{o.go_package}";')
    for d, _ in o.ListFields():
        if d.name not in ("cc_enable_arenas", "java_outer_classname", "java_multiple_files", "java_package", "go_package"):
            raise SystemExit(f"unhandled file option {d.name} in {name}")
    out.append("")
    for e in fd.enum_type:
        enum(e, 0, out)
        out.append("")
    for m in fd.message_type:
        message(m, 0, out)
        out.append("")
    return "\n".join(out).rstrip() + "\n", fd

if __name__ == "__main__":
    import tensorboard, os
    dest = sys.argv[1]
    os.makedirs(dest, exist_ok=True)
    for n in FILES:
        header = [
            "// Copyright The TensorFlow Authors. All Rights Reserved.",
            "// Licensed under the Apache License, Version 2.0 (http://www.apache.org/licenses/LICENSE-2.0).",
            f"// TensorBoard's tensorboard/compat/proto/{n}.proto, written out from the descriptor that the tensorboard",
            f"// {tensorboard.__version__} PyPI package ships (tensorboard/compat/proto/{n}_pb2.py): the same messages, fields and",
            "// numbers, without upstream's comments. jmegym change: java_package, so the generated classes cannot clash with",
            "// TensorFlow Java's.",
            "",
        ]
        text, _ = render(n, header, "io.github.jmegym.proto.tensorboard")
        with open(os.path.join(dest, f"{n}.proto"), "w") as f:
            f.write(text)
