package dev.rotor.model;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rotor.container.ModelFormatException;
import dev.rotor.container.StoredTensor;
import dev.rotor.container.TensorSpec;
import dev.rotor.gguf.GgmlType;
import dev.rotor.gguf.GgufValue;
import dev.rotor.gguf.GgufWriter;
import dev.rotor.layout.ScaleConvention;
import dev.rotor.layout.SourceLayout;
import dev.rotor.layout.TernaryCodec;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.safetensors.SafetensorsWriter;

/**
 * Plans rotor file -> packed layout: Hugging Face or bitnet2 safetensors, or GGUF. Each ternary tensor is encoded
 * in its target layout (the one asked for, or the one it came from), with its scales adapted only where that is
 * exact; copied tensors go back bit for bit with their dtype (GGUF: ggml type and reversed dimensions).
 */
final class RotorToPackedPlanner {
    private final RotorModel rotor;
    private final SourceLayout target;
    private final boolean gguf;
    private final List<Output> outputs = new ArrayList<>();
    private final List<TensorSpec<SafetensorsDType>> safetensors = new ArrayList<>();
    private final List<TensorSpec<GgmlType>> ggufTensors = new ArrayList<>();

    /** A rotor entry and how it is written: codec, scale tensor (name, dtype, shape) and data scale count. */
    /** @param convention what the output's scales mean: the layout's, or the linear class's for Hugging Face */
    private record Output(RotorModel.Entry entry, SourceLayout layout, TernaryCodec codec, String scaleName,
                          SafetensorsDType scaleDtype, long dataScales, ScaleConvention convention) {
        Output(RotorModel.Entry entry, SourceLayout layout, TernaryCodec codec, String scaleName,
               SafetensorsDType scaleDtype, long dataScales) {
            this(entry, layout, codec, scaleName, scaleDtype, dataScales,
                    layout == null ? null : layout.scaleConvention());
        }
    }

    /**
     * A Hugging Face output keeps the class its scale was written for (AutoBitLinear multiplies); anything else
     * becomes BitLinear, which divides.
     */
    private static ScaleConvention hfConvention(RotorFormat.TensorInfo info) {
        return info.linearClass() != null ? info.linearClass().convention() : ScaleConvention.DIVIDE;
    }

    private RotorToPackedPlanner(RotorModel rotor, SourceLayout target) {
        this.rotor = rotor;
        this.target = target;
        this.gguf = GgufTypes.ggmlType(target != null ? target : recorded(rotor)) != null;
    }

    /**
     * @param target the layout of every ternary tensor, or null for each tensor's recorded source layout (which
     *               must then all be GGUF layouts, or all one safetensors layout)
     */
    static Plan plan(RotorModel rotor, SourceLayout target) {
        return new RotorToPackedPlanner(rotor, target).plan();
    }

    private static SourceLayout recorded(RotorModel rotor) {
        List<SourceLayout> layouts = rotor.recordedLayouts();
        if (layouts.isEmpty()) {
            throw new ModelFormatException(rotor.path(), null, -1, "has no ternary tensor, so no recorded layout:"
                    + " name the target layout");
        }
        boolean allGguf = layouts.stream().allMatch(l -> GgufTypes.ggmlType(l) != null);
        if (layouts.size() > 1 && !allGguf) {
            throw new ModelFormatException(rotor.path(), null, -1, "its tensors come from layouts " + layouts.stream()
                    .map(SourceLayout::id).toList() + " that one file cannot hold: name the target layout");
        }
        return layouts.getFirst();
    }

    private Plan plan() {
        int converted = 0;
        long weights = 0;
        for (RotorModel.Entry entry : rotor.entries()) {
            if (entry instanceof RotorModel.Ternary t) {
                outputs.add(ternary(t));
                converted++;
                weights += (long) t.info().rows() * t.info().cols();
            } else {
                outputs.add(copied((RotorModel.Copied) entry));
            }
        }
        Map<String, String> stMeta = gguf ? null : safetensorsMetadata();
        Map<String, GgufValue> ggufMeta = gguf ? ggufMetadata() : null;
        Plan.Layout layout = gguf ? file -> OutputFile.gguf(file, ggufMeta, ggufTensors)
                : file -> OutputFile.safetensors(file, stMeta, safetensors);
        return new Plan(outputs.size(), converted, outputs.size() - converted, weights, layout, this::jobs,
                samples());
    }

    /** Encoding the smallest ternary tensor going to each layout, per width (see {@link KernelWarmup.Sample}). */
    private List<KernelWarmup.Sample> samples() {
        Map<List<Object>, Output> smallest = new LinkedHashMap<>();
        for (Output o : outputs) {
            if (o.entry() instanceof RotorModel.Ternary t) {
                smallest.merge(List.of(o.layout(), t.info().cols()), o,
                        (a, b) -> size(b) < size(a) ? b : a);
            }
        }
        return smallest.values().stream().map(o -> {
            RotorModel.Ternary t = (RotorModel.Ternary) o.entry();
            return KernelWarmup.encode(o.layout(), t.pos().data(), t.neg().data(), t.info().rows(), t.info().cols());
        }).toList();
    }

    private static long size(Output o) {
        return ((RotorModel.Ternary) o.entry()).pos().byteSize();
    }

    // ---- ternary tensors ----

    private Output ternary(RotorModel.Ternary t) {
        RotorFormat.TensorInfo info = t.info();
        SourceLayout layout = target != null ? target : info.layout();
        TernaryCodec codec = TernaryCodec.of(layout);
        long size;
        try {
            size = codec.dataSize(info.rows(), info.cols());
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(rotor.path(), t.name(), -1, "shape mismatch: " + e.getMessage(), e);
        }
        if (gguf) {
            declareGguf(t.name(), GgufTypes.ggmlType(layout), new long[] {info.cols(), info.rows()});
            return new Output(t, layout, codec, null, null, codec.scaleCount(info.rows(), info.cols()));
        }
        declareSafetensors(t.name(), SafetensorsDType.U8, packedShape(layout, info, size));
        return switch (layout) {
            case HF_BITNET -> hfScale(t, layout, codec);
            default -> bitnet2Scale(t, layout, codec);
        };
    }

    private static long[] packedShape(SourceLayout layout, RotorFormat.TensorInfo info, long size) {
        return layout == SourceLayout.HF_BITNET ? new long[] {info.rows() / 4, info.cols()}
                : new long[] {info.rows(), size / Math.max(1, info.rows())};
    }

    private Output hfScale(RotorModel.Ternary t, SourceLayout layout, TernaryCodec codec) {
        RotorFormat.TensorInfo info = t.info();
        boolean fromHf = info.layout() == SourceLayout.HF_BITNET && info.scaleDtype() != null;
        SafetensorsDType dtype = fromHf ? info.scaleDtype() : SafetensorsDType.F32;
        long[] shape = fromHf && info.scaleShape() != null ? info.scaleShape() : new long[] {1};
        String name = t.name() + RotorFormat.HF_SCALE_SUFFIX;
        declareSafetensors(name, dtype, shape);
        return new Output(t, layout, codec, name, dtype, 0, hfConvention(info));
    }

    private Output bitnet2Scale(RotorModel.Ternary t, SourceLayout layout, TernaryCodec codec) {
        RotorFormat.TensorInfo info = t.info();
        if (info.scaleSource() == RotorFormat.ScaleSource.NONE && isUnitScale(t)) {
            return new Output(t, layout, codec, null, null, 0);
        }
        SafetensorsDType dtype = info.scaleDtype() != null ? info.scaleDtype() : SafetensorsDType.F32;
        long[] shape = info.scaleShape() != null ? info.scaleShape() : t.scale().shape();
        String name = t.name() + RotorFormat.SCALE;
        declareSafetensors(name, dtype, shape);
        return new Output(t, layout, codec, name, dtype, 0);
    }

    private static boolean isUnitScale(RotorModel.Ternary t) {
        float[] scale = Scales.readF32(t.scale().data());
        return scale.length == 1 && Float.floatToRawIntBits(scale[0]) == Float.floatToRawIntBits(1f)
                && t.info().convention() == ScaleConvention.MULTIPLY;
    }

    // ---- copied tensors ----

    private Output copied(RotorModel.Copied c) {
        StoredTensor<SafetensorsDType> t = c.tensor();
        if (!gguf) {
            declareSafetensors(t.name(), t.type(), t.shape());
        } else {
            String raw = rotor.metadata().get(RotorFormat.GGUF_TENSOR_PREFIX + t.name());
            if (raw != null) {
                declareRawGguf(t, raw);
            } else {
                GgmlType type = GgufTypes.ggmlType(t.type());
                if (type == null) {
                    throw new ModelFormatException(rotor.path(), t.name(), t.fileOffset(), "dtype "
                            + t.type() + " has no GGUF type");
                }
                declareGguf(t.name(), type, GgufTypes.reverse(t.shape()));
            }
        }
        return new Output(c, null, null, null, null, 0);
    }

    private void declareRawGguf(StoredTensor<SafetensorsDType> t, String record) {
        try {
            JsonNode node = RotorFormat.JSON.readTree(record);
            GgmlType type = GgmlType.valueOf(node.get("ggml_type").asText());
            long[] ne = new long[node.get("ne").size()];
            for (int i = 0; i < ne.length; i++) {
                ne[i] = node.get("ne").get(i).asLong();
            }
            if (type.byteSize(ne) != t.byteSize()) {
                throw new IllegalArgumentException(type + " " + Arrays.toString(ne) + " takes " + type.byteSize(ne)
                        + " bytes, the tensor has " + t.byteSize());
            }
            declareGguf(t.name(), type, ne);
        } catch (IOException | RuntimeException e) {
            throw new ModelFormatException(rotor.path(), t.name(), t.fileOffset(), "bad metadata '"
                    + RotorFormat.GGUF_TENSOR_PREFIX + t.name() + "': " + e.getMessage(), e);
        }
    }

    private void declareSafetensors(String name, SafetensorsDType dtype, long[] shape) {
        safetensors.add(new TensorSpec<>(name, dtype, shape, OutputFile.LATER));
    }

    private void declareGguf(String name, GgmlType type, long[] ne) {
        try {
            ggufTensors.add(new TensorSpec<>(name, type, ne, OutputFile.LATER));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(rotor.path(), name, -1, e.getMessage(), e);
        }
    }

    // ---- metadata ----

    private Map<String, String> safetensorsMetadata() {
        Map<String, String> out = new LinkedHashMap<>();
        rotor.metadata().forEach((k, v) -> {
            if (!RotorFormat.isFormatKey(k) && !k.startsWith(RotorFormat.HF_FILE_PREFIX)) {
                out.put(k.startsWith(RotorFormat.SAFETENSORS_PREFIX)
                        ? k.substring(RotorFormat.SAFETENSORS_PREFIX.length()) : k, v);
            }
        });
        for (Output o : outputs) {
            if (o.entry() instanceof RotorModel.Ternary t && o.layout() == SourceLayout.BITNET2) {
                out.put(RotorFormat.BITNET2_PREFIX + t.name(), bitnet2Record(t.info()));
            }
        }
        return out;
    }

    private static String bitnet2Record(RotorFormat.TensorInfo info) {
        var node = RotorFormat.JSON.createObjectNode().put("rows", info.rows()).put("cols", info.cols());
        if (info.convention() != ScaleConvention.MULTIPLY) {
            node.put("scale_convention", info.convention().id());
        }
        return node.toString();
    }

    private Map<String, GgufValue> ggufMetadata() {
        Map<String, GgufValue> out = new LinkedHashMap<>();
        rotor.metadata().forEach((key, text) -> {
            if (key.startsWith(RotorFormat.GGUF_PREFIX)) {
                String name = key.substring(RotorFormat.GGUF_PREFIX.length());
                String type = rotor.metadata().getOrDefault(RotorFormat.GGUF_TYPE_PREFIX + name, "string");
                try {
                    out.put(name, GgufTypes.value(type, text));
                } catch (IllegalArgumentException e) {
                    throw new ModelFormatException(rotor.path(), null, -1, "metadata '" + key + "' is not a " + type
                            + ": " + e.getMessage(), e);
                }
            }
        });
        out.computeIfPresent(GgufTypes.FILE_TYPE_KEY, (key, fileType) -> fileType(fileType));
        return out;
    }

    /**
     * {@code general.file_type} for the tensors this file now holds: the target layout's when a layout was asked
     * for and the tensors came from another one, else the carried value as it is.
     */
    private GgufValue fileType(GgufValue carried) {
        boolean changed = target != null && rotor.recordedLayouts().stream().anyMatch(l -> l != target);
        if (!changed) {
            return carried;
        }
        long fileType = GgufTypes.fileType(target);
        return carried instanceof GgufValue.Int32 ? new GgufValue.Int32((int) fileType) : new GgufValue.UInt32(fileType);
    }

    // ---- jobs ----

    private List<ParallelRunner.Job> jobs(OutputFile out, Plan.CodecChoice codecs) {
        List<ParallelRunner.Job> jobs = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            Output o = outputs.get(i);
            switch (o.entry()) {
                case RotorModel.Ternary t -> jobs.add(encodeJob(i, t, o, out, codecs));
                case RotorModel.Copied c -> jobs.addAll(Plan.copy(i, rotor.path(), c.tensor().fileOffset(),
                        c.tensor().byteSize(), out, c.name()));
            }
        }
        return jobs;
    }

    private ParallelRunner.Job encodeJob(int index, RotorModel.Ternary t, Output o, OutputFile out,
                                         Plan.CodecChoice codecs) {
        long bytes = t.pos().byteSize() + t.neg().byteSize() + t.scale().byteSize();
        return new ParallelRunner.Job(t.name(), index, bytes, scratch -> {
            MemorySegment data = scratch.get(out.size(t.name()));
            RotorFormat.TensorInfo info = t.info();
            TernaryJobs.Origin origin = new TernaryJobs.Origin(rotor.path(), t.name(), t.pos().fileOffset());
            float[] scales = TernaryJobs.checked(origin, Scales.readF32(t.scale().data()), info.convention());
            ScaleConvention to = o.convention();
            float[] dataScales = o.dataScales() == 0 ? null
                    : TernaryJobs.adapt(origin, scales, info.convention(), o.dataScales(), to);
            TernaryJobs.encode(origin, codecs.codec(o.layout()), t.pos().data(), t.neg().data(), dataScales,
                    info.rows(), info.cols(), data);
            out.write(t.name(), 0, data);
            if (o.scaleName() != null) {
                MemorySegment scale = scratch.get(out.size(o.scaleName()));
                writeScaleTensor(origin, o, scales, scale);
                out.write(o.scaleName(), 0, scale);
            }
            return 0;
        });
    }

    private static void writeScaleTensor(TernaryJobs.Origin origin, Output o, float[] scales, MemorySegment out) {
        RotorFormat.TensorInfo info = ((RotorModel.Ternary) o.entry()).info();
        boolean hf = o.layout() == SourceLayout.HF_BITNET;
        float[] values = hf ? TernaryJobs.adapt(origin, scales, info.convention(), 1, o.convention()) : scales;
        try {
            Scales.write(values, o.scaleDtype(), out);
        } catch (IllegalArgumentException e) {
            throw origin.error(e.getMessage(), e);
        }
    }
}
