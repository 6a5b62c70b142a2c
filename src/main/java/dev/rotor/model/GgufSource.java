package dev.rotor.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rotor.container.ModelFormatException;
import dev.rotor.container.StoredTensor;
import dev.rotor.gguf.GgmlType;
import dev.rotor.gguf.GgufReader;
import dev.rotor.gguf.GgufValue;
import dev.rotor.layout.SourceLayout;
import dev.rotor.safetensors.SafetensorsDType;

/**
 * Reads a GGUF model as a {@link SourceModel}: I2_S, TQ2_0 and TQ1_0 tensors are ternary, the rest copied. A ternary
 * tensor {@code X.weight} with an F32 {@code [1]} companion {@code X.scale} (the per-tensor scale llama.cpp's
 * {@code bitnet} models multiply by) takes that scale, when all its block scales are 1.0 (see
 * {@link LlamaCppBitnet#scaleName}); the companion is not copied.
 */
final class GgufSource {
    private GgufSource() {
    }

    static SourceModel open(Path path, SourceLayout override) throws IOException {
        GgufReader reader = GgufReader.open(path);
        try {
            if (override != null && GgufTypes.ggmlType(override) == null) {
                throw new ModelFormatException(path, null, -1, "is a GGUF file; its ternary tensors cannot be "
                        + override.id() + " (GGUF holds gguf-i2_s, gguf-tq2_0 or gguf-tq1_0)");
            }
            Set<String> companions = new HashSet<>();
            List<SourceModel.Tensor> tensors = new ArrayList<>();
            for (StoredTensor<GgmlType> t : reader.tensors()) {
                SourceModel.Tensor tensor = tensor(reader, t, override);
                if (tensor instanceof SourceModel.Ternary ternary && ternary.scale() != null) {
                    companions.add(ternary.scale().name());
                }
                tensors.add(tensor);
            }
            tensors.removeIf(t -> t instanceof SourceModel.Copied && companions.contains(t.name()));
            return new SourceModel(path, List.of(path), reader.fileSize(), tensors, metadata(reader.metadata()),
                    reader);
        } catch (RuntimeException | Error e) {
            reader.close();
            throw e;
        }
    }

    private static SourceModel.Tensor tensor(GgufReader reader, StoredTensor<GgmlType> t, SourceLayout override) {
        long offset = t.fileOffset();
        SourceLayout layout = GgufTypes.layout(t.type());
        if (layout == null) {
            return copied(reader.path(), t, offset);
        }
        if (override != null && override != layout) {
            throw new ModelFormatException(reader.path(), t.name(), offset, "is " + layout.id() + ", not "
                    + override.id() + " as requested");
        }
        if (t.rank() != 2 || t.dim(0) > Integer.MAX_VALUE || t.dim(1) > Integer.MAX_VALUE) {
            throw new ModelFormatException(reader.path(), t.name(), offset, "a ternary tensor must be a matrix of"
                    + " at most 2^31-1 rows and columns, but ne is " + Arrays.toString(t.shape()));
        }
        int rows = (int) t.dim(1);
        int cols = (int) t.dim(0);
        StoredTensor<GgmlType> s = layout.blockScales()
                ? reader.tensor(LlamaCppBitnet.scaleName(t.name())).orElse(null) : null;
        if (s == null || s.type() != GgmlType.F32 || !Arrays.equals(s.shape(), new long[] {1})) {
            return new SourceModel.Ternary(reader.path(), t.name(), t.data(), offset,
                    RotorFormat.TensorInfo.of(rows, cols, layout, RotorFormat.ScaleSource.DATA), null);
        }
        SourceModel.Scale scale = new SourceModel.Scale(reader.path(), s.name(), SafetensorsDType.F32, s.shape(),
                s.data(), s.fileOffset());
        RotorFormat.TensorInfo info = new RotorFormat.TensorInfo(rows, cols, layout, layout.scaleConvention(),
                RotorFormat.ScaleSource.TENSOR, SafetensorsDType.F32, s.shape(), null);
        return new SourceModel.Ternary(reader.path(), t.name(), t.data(), offset, info, scale);
    }

    private static SourceModel.Copied copied(Path file, StoredTensor<GgmlType> t, long offset) {
        SafetensorsDType dtype = GgufTypes.dtype(t.type());
        long[] ne = t.shape();
        if (dtype != null) {
            return new SourceModel.Copied(file, t.name(), dtype, GgufTypes.reverse(ne), t.data(), offset, null);
        }
        ObjectNode info = RotorFormat.JSON.createObjectNode().put("ggml_type", t.type().name());
        ArrayNode dims = info.putArray("ne");
        for (long d : ne) {
            dims.add(d);
        }
        return new SourceModel.Copied(file, t.name(), SafetensorsDType.U8, new long[] {t.byteSize()}, t.data(), offset,
                info.toString());
    }

    /** {@code gguf.KEY} (the value as text) and {@code gguf_type.KEY} (its type) for every key, in file order. */
    static Map<String, String> metadata(Map<String, GgufValue> source) {
        Map<String, String> out = new LinkedHashMap<>();
        source.forEach((key, value) -> {
            out.put(RotorFormat.GGUF_PREFIX + key, GgufTypes.text(value));
            out.put(RotorFormat.GGUF_TYPE_PREFIX + key, GgufTypes.typeName(value));
        });
        return out;
    }
}
