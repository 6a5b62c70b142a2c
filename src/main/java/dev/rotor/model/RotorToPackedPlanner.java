package dev.rotor.model;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rotor.container.ModelFormatException;
import dev.rotor.container.StoredTensor;
import dev.rotor.container.TensorSpec;
import dev.rotor.gguf.GgmlType;
import dev.rotor.gguf.GgufValue;
import dev.rotor.layout.ScaleConvention;
import dev.rotor.layout.SourceLayout;
import dev.rotor.layout.TernaryCodec;
import dev.rotor.safetensors.SafetensorsDType;

/**
 * Plans rotor file -> packed layout: Hugging Face or bitnet2 safetensors, or GGUF. Each ternary tensor is encoded
 * in its target layout (the one asked for, or the one it came from), with its scales adapted only where that is
 * exact; copied tensors go back bit for bit with their dtype (GGUF: ggml type and reversed dimensions).
 *
 * <p>A rotor file of a Hugging Face model directory (it carries {@code hf.config.json}) becomes a GGUF as llama.cpp's
 * converter writes one for its {@code bitnet} architecture ({@link LlamaCppBitnet}): llama.cpp's tensor names and
 * keys, norms widened to F32 (ggml multiplies by F32 norm weights only), the embedding in its own dtype. A ternary
 * tensor with one separate scale (a Hugging Face {@code weight_scale}, a bitnet2 scale tensor) goes to TQ2_0/TQ1_0
 * as blocks scaled 1.0 plus an F32 {@code [1]} tensor {@code NAME.scale} that llama.cpp multiplies by: exact,
 * where rounding the scale into every block's fp16 scale would not be.
 */
final class RotorToPackedPlanner {
    private final RotorModel rotor;
    private final SourceLayout target;
    private final boolean gguf;
    /** Null unless the output is a llama.cpp {@code bitnet} GGUF of a Hugging Face model. */
    private final LlamaCppModel llama;
    private final List<Output> outputs = new ArrayList<>();
    private final List<TensorSpec<SafetensorsDType>> safetensors = new ArrayList<>();
    private final List<TensorSpec<GgmlType>> ggufTensors = new ArrayList<>();

    /** What one rotor tensor becomes. */
    private sealed interface Output permits TernaryOutput, CopiedOutput {
    }

    /**
     * A ternary tensor written in {@code layout} under {@code name}.
     *
     * @param dataScales how many scales the layout stores in its data (0: none)
     * @param unitBlocks whether those are all 1.0, the tensor's scale going to {@code scale} instead
     * @param scale      the separate scale tensor written beside it, or null
     */
    private record TernaryOutput(RotorModel.Ternary entry, String name, SourceLayout layout,
                                 long dataScales, boolean unitBlocks, ScaleOutput scale) implements Output {
    }

    /**
     * A separate scale tensor.
     *
     * @param single     whether it holds one scale following {@code convention} (else the rotor scales as stored)
     * @param convention what its scale means: the layout's, or the linear class's for Hugging Face
     */
    private record ScaleOutput(String name, SafetensorsDType dtype, boolean single, ScaleConvention convention) {
    }

    /** A tensor copied under {@code name}; {@code widen}: a 16-bit float vector written as F32. */
    private record CopiedOutput(RotorModel.Copied entry, String name, boolean widen) implements Output {
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
        SourceLayout layout = outputLayout(rotor, target);
        this.gguf = GgufTypes.ggmlType(layout) != null;
        this.llama = gguf && LlamaCppModel.applies(rotor) ? LlamaCppModel.of(rotor, layout) : null;
    }

    /**
     * @param target the layout of every ternary tensor, or null for each tensor's recorded source layout (which
     *               must then all be GGUF layouts, or all one safetensors layout)
     */
    static Plan plan(RotorModel rotor, SourceLayout target) {
        return new RotorToPackedPlanner(rotor, target).plan();
    }

    /** Whether converting {@code rotor} to {@code target} (null: the recorded layout) writes a GGUF. */
    static boolean writesGguf(RotorModel rotor, SourceLayout target) {
        return GgufTypes.ggmlType(outputLayout(rotor, target)) != null;
    }

    private static SourceLayout outputLayout(RotorModel rotor, SourceLayout target) {
        return target != null ? target : recorded(rotor);
    }

    /** The one layout the file's ternary tensors were converted from (or the first of its GGUF layouts). */
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
        List<TernaryOutput> ternary = outputs.stream()
                .flatMap(o -> o instanceof TernaryOutput t ? Stream.of(t) : Stream.empty()).toList();
        return KernelWarmup.smallestPerShape(ternary, TernaryOutput::layout, o -> o.entry().info().cols(),
                o -> o.entry().pos().byteSize()).stream().map(o -> {
            RotorModel.Ternary t = o.entry();
            return KernelWarmup.encode(o.layout(), t.pos().data(), t.neg().data(), t.info().rows(), t.info().cols());
        }).toList();
    }

    /** The output name of rotor tensor {@code name}: llama.cpp's for a llama.cpp GGUF, else the same. */
    private String outputName(String name) {
        return llama == null ? name : llama.name(name);
    }

    // ---- ternary tensors ----

    private TernaryOutput ternary(RotorModel.Ternary t) {
        RotorFormat.TensorInfo info = t.info();
        SourceLayout layout = target != null ? target : info.layout();
        TernaryCodec codec = TernaryCodec.of(layout);
        long size;
        try {
            size = codec.dataSize(info.rows(), info.cols());
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(rotor.path(), t.name(), -1, "shape mismatch: " + e.getMessage(), e);
        }
        String name = outputName(t.name());
        if (gguf) {
            return ggufTernary(t, name, layout, codec);
        }
        declareSafetensors(name, SafetensorsDType.U8, packedShape(layout, info, size));
        return switch (layout) {
            case HF_BITNET -> hfScale(t, name, layout);
            default -> bitnet2Scale(t, name, layout);
        };
    }

    /**
     * A GGUF tensor: its scales in the data, or, for a single separate scale going to a layout with block scales,
     * blocks of 1.0 and an F32 {@code [1]} tensor {@code NAME.scale} after it.
     */
    private TernaryOutput ggufTernary(RotorModel.Ternary t, String name, SourceLayout layout, TernaryCodec codec) {
        RotorFormat.TensorInfo info = t.info();
        declareGguf(name, GgufTypes.ggmlType(layout), new long[] {info.cols(), info.rows()});
        long dataScales = codec.scaleCount(info.rows(), info.cols());
        boolean separate = layout.blockScales() && info.scaleSource() == RotorFormat.ScaleSource.TENSOR
                && t.scale().elementCount() == 1;
        if (!separate) {
            return new TernaryOutput(t, name, layout, dataScales, false, null);
        }
        String scaleName = LlamaCppBitnet.scaleName(name);
        declareGguf(scaleName, GgmlType.F32, new long[] {1});
        return new TernaryOutput(t, name, layout, dataScales, true,
                new ScaleOutput(scaleName, SafetensorsDType.F32, true, layout.scaleConvention()));
    }

    private static long[] packedShape(SourceLayout layout, RotorFormat.TensorInfo info, long size) {
        return layout == SourceLayout.HF_BITNET ? new long[] {info.rows() / 4, info.cols()}
                : new long[] {info.rows(), size / Math.max(1, info.rows())};
    }

    private TernaryOutput hfScale(RotorModel.Ternary t, String name, SourceLayout layout) {
        RotorFormat.TensorInfo info = t.info();
        boolean fromHf = info.layout() == SourceLayout.HF_BITNET && info.scaleDtype() != null;
        SafetensorsDType dtype = fromHf ? info.scaleDtype() : SafetensorsDType.F32;
        long[] shape = fromHf && info.scaleShape() != null ? info.scaleShape() : new long[] {1};
        String scaleName = name + RotorFormat.HF_SCALE_SUFFIX;
        declareSafetensors(scaleName, dtype, shape);
        return new TernaryOutput(t, name, layout, 0, false,
                new ScaleOutput(scaleName, dtype, true, hfConvention(info)));
    }

    private TernaryOutput bitnet2Scale(RotorModel.Ternary t, String name, SourceLayout layout) {
        RotorFormat.TensorInfo info = t.info();
        if (info.scaleSource() == RotorFormat.ScaleSource.NONE && isUnitScale(t)) {
            return new TernaryOutput(t, name, layout, 0, false, null);
        }
        SafetensorsDType dtype = info.scaleDtype() != null ? info.scaleDtype() : SafetensorsDType.F32;
        long[] shape = info.scaleShape() != null ? info.scaleShape() : t.scale().shape();
        String scaleName = name + RotorFormat.SCALE;
        declareSafetensors(scaleName, dtype, shape);
        return new TernaryOutput(t, name, layout, 0, false,
                new ScaleOutput(scaleName, dtype, false, info.convention()));
    }

    private static boolean isUnitScale(RotorModel.Ternary t) {
        float[] scale = Scales.readF32(t.scale().data());
        return scale.length == 1 && Float.floatToRawIntBits(scale[0]) == Float.floatToRawIntBits(1f)
                && t.info().convention() == ScaleConvention.MULTIPLY;
    }

    // ---- copied tensors ----

    private CopiedOutput copied(RotorModel.Copied c) {
        StoredTensor<SafetensorsDType> t = c.tensor();
        String name = outputName(t.name());
        if (!gguf) {
            declareSafetensors(name, t.type(), t.shape());
            return new CopiedOutput(c, name, false);
        }
        String raw = rotor.metadata().get(RotorFormat.GGUF_TENSOR_PREFIX + t.name());
        if (raw != null) {
            declareRawGguf(t, raw);
            return new CopiedOutput(c, name, false);
        }
        boolean widen = llama != null && t.rank() == 1
                && (t.type() == SafetensorsDType.BF16 || t.type() == SafetensorsDType.F16);
        GgmlType type = widen ? GgmlType.F32 : GgufTypes.ggmlType(t.type());
        if (type == null) {
            throw new ModelFormatException(rotor.path(), t.name(), t.fileOffset(), "dtype " + t.type()
                    + " has no GGUF type");
        }
        declareGguf(name, type, GgufTypes.reverse(t.shape()));
        return new CopiedOutput(c, name, widen);
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
            if (o instanceof TernaryOutput t && t.layout() == SourceLayout.BITNET2) {
                out.put(RotorFormat.BITNET2_PREFIX + t.name(), bitnet2Record(t.entry().info()));
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
        if (llama != null) {
            return llama.metadata();
        }
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
            switch (outputs.get(i)) {
                case TernaryOutput t -> jobs.add(encodeJob(i, t, out, codecs));
                case CopiedOutput c when c.widen() -> jobs.add(widenJob(i, c, out));
                case CopiedOutput c -> jobs.addAll(Plan.copy(i, rotor.path(), c.entry().tensor().fileOffset(),
                        c.entry().tensor().byteSize(), out, c.name()));
            }
        }
        return jobs;
    }

    private ParallelRunner.Job encodeJob(int index, TernaryOutput o, OutputFile out, Plan.CodecChoice codecs) {
        RotorModel.Ternary t = o.entry();
        long bytes = t.pos().byteSize() + t.neg().byteSize() + t.scale().byteSize();
        return new ParallelRunner.Job(t.name(), index, bytes, scratch -> {
            MemorySegment data = scratch.get(out.size(o.name()));
            RotorFormat.TensorInfo info = t.info();
            TernaryJobs.Origin origin = new TernaryJobs.Origin(rotor.path(), t.name(), t.pos().fileOffset());
            float[] scales = TernaryJobs.checked(origin, Scales.readF32(t.scale().data()), info.convention());
            TernaryJobs.encode(origin, codecs.codec(o.layout()), t.pos().data(), t.neg().data(),
                    dataScales(origin, o, scales), info.rows(), info.cols(), data);
            out.write(o.name(), 0, data);
            if (o.scale() != null) {
                ScaleOutput s = o.scale();
                MemorySegment scale = scratch.get(out.size(s.name()));
                float[] values = s.single() ? TernaryJobs.adapt(origin, scales, info.convention(), 1, s.convention())
                        : scales;
                try {
                    Scales.write(values, s.dtype(), scale);
                } catch (IllegalArgumentException e) {
                    throw origin.error(e.getMessage(), e);
                }
                out.write(s.name(), 0, scale);
            }
            return 0;
        });
    }

    /** The scales the layout stores in its data: none, all 1.0, or the tensor's scales adapted to the layout. */
    private static float[] dataScales(TernaryJobs.Origin origin, TernaryOutput o, float[] scales) {
        if (o.dataScales() == 0) {
            return null;
        }
        if (o.unitBlocks()) {
            float[] ones = new float[Math.toIntExact(o.dataScales())];
            Arrays.fill(ones, 1f);
            return ones;
        }
        return TernaryJobs.adapt(origin, scales, o.entry().info().convention(), o.dataScales(),
                o.layout().scaleConvention());
    }

    /** A 16-bit float vector (a norm) written as F32, exactly. */
    private ParallelRunner.Job widenJob(int index, CopiedOutput c, OutputFile out) {
        StoredTensor<SafetensorsDType> t = c.entry().tensor();
        return new ParallelRunner.Job(t.name(), index, t.byteSize(), scratch -> {
            float[] values = Scales.readAll(t.data(), t.type(), Math.toIntExact(t.elementCount()));
            MemorySegment f32 = scratch.get(4L * values.length);
            Scales.write(values, SafetensorsDType.F32, f32);
            out.write(c.name(), 0, f32);
            return 0;
        });
    }
}
