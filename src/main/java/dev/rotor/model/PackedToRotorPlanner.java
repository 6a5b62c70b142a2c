package dev.rotor.model;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.rotor.InvalidCodePolicy;
import dev.rotor.container.ModelFormatException;
import dev.rotor.container.TensorSpec;
import dev.rotor.layout.SourceLayout;
import dev.rotor.layout.TernaryCodec;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.safetensors.SafetensorsWriter;

/** Plans source model -> rotor file: planes and an F32 scale per ternary tensor, everything else copied. */
final class PackedToRotorPlanner {
    private final SourceModel source;
    private final InvalidCodePolicy policy;
    private final List<TensorSpec<SafetensorsDType>> declared = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<Item> items = new ArrayList<>();

    /** One source tensor checked and placed: its rotor output names, and (if ternary) its geometry. */
    private record Item(SourceModel.Tensor tensor, TernaryCodec codec, long scaleCount) {
    }

    private PackedToRotorPlanner(SourceModel source, InvalidCodePolicy policy) {
        this.source = source;
        this.policy = policy;
    }

    static Plan plan(SourceModel source, InvalidCodePolicy policy) {
        return new PackedToRotorPlanner(source, policy).plan();
    }

    private Plan plan() {
        metadata.put(RotorFormat.FORMAT_KEY, RotorFormat.FORMAT);
        metadata.put(RotorFormat.VERSION_KEY, RotorFormat.VERSION);
        metadata.putAll(source.metadata());
        int converted = 0;
        long weights = 0;
        for (SourceModel.Tensor tensor : source.tensors()) {
            switch (tensor) {
                case SourceModel.Ternary t -> {
                    items.add(ternary(t));
                    converted++;
                    weights += (long) t.info().rows() * t.info().cols();
                }
                case SourceModel.Copied c -> items.add(copied(c));
            }
        }
        int copied = items.size() - converted;
        return new Plan(items.size(), converted, copied, weights,
                file -> OutputFile.safetensors(file, metadata, declared), this::jobs, samples());
    }

    /** Decoding the smallest ternary tensor of each layout and width (see {@link KernelWarmup.Sample}). */
    private List<KernelWarmup.Sample> samples() {
        List<SourceModel.Ternary> ternary = items.stream().map(Item::tensor)
                .flatMap(t -> t instanceof SourceModel.Ternary tt ? Stream.of(tt) : Stream.empty()).toList();
        return KernelWarmup.smallestPerShape(ternary, SourceModel.Ternary::layout, t -> t.info().cols(),
                        t -> t.data().byteSize()).stream()
                .map(t -> KernelWarmup.decode(t.layout(), t.data(), t.info().rows(), t.info().cols())).toList();
    }

    private Item ternary(SourceModel.Ternary t) {
        RotorFormat.TensorInfo info = t.info();
        TernaryCodec codec = TernaryCodec.of(info.layout());
        checkSize(t, codec);
        long scales = scaleCount(t, codec);
        long[] planeShape = {info.rows(), RotorFormat.planeStride(info.cols())};
        declare(t, t.name() + RotorFormat.POS, SafetensorsDType.U8, planeShape);
        declare(t, t.name() + RotorFormat.NEG, SafetensorsDType.U8, planeShape);
        declare(t, t.name() + RotorFormat.SCALE, SafetensorsDType.F32,
                RotorFormat.scaleShape(info.rows(), info.cols(), blockScales(t, scales)));
        metadata.put(RotorFormat.TENSOR_PREFIX + t.name(), info.toJson());
        return new Item(t, codec, scales);
    }

    private void checkSize(SourceModel.Ternary t, TernaryCodec codec) {
        RotorFormat.TensorInfo info = t.info();
        long expected;
        try {
            expected = codec.dataSize(info.rows(), info.cols());
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(t.file(), t.name(), t.fileOffset(), "shape mismatch: "
                    + e.getMessage(), e);
        }
        if (t.data().byteSize() != expected) {
            throw new ModelFormatException(t.file(), t.name(), t.fileOffset(), "size mismatch: a "
                    + info.rows() + "x" + info.cols() + " " + info.layout().id() + " tensor takes " + expected
                    + " bytes, but the file has " + t.data().byteSize());
        }
    }

    private long scaleCount(SourceModel.Ternary t, TernaryCodec codec) {
        RotorFormat.TensorInfo info = t.info();
        return switch (info.scaleSource()) {
            case DATA -> codec.scaleCount(info.rows(), info.cols());
            case NONE -> 1;
            case TENSOR -> {
                long count = t.scale().count();
                long blocks = info.cols() % 256 == 0 ? (long) info.rows() * info.cols() / 256 : -1;
                if (count != 1 && count != blocks) {
                    throw new ModelFormatException(t.scale().file(), t.scale().name(), t.scale().fileOffset(),
                            "shape mismatch: a scale tensor holds 1 value or one per 256-weight block (" + blocks
                                    + "), not " + count);
                }
                yield count;
            }
        };
    }

    /**
     * Whether the scales are one per 256-weight block: those of a TQ layout, or of a scale tensor that holds several
     * or is shaped {@code [rows, cols/256]} (a bitnet2 file that came from TQ blocks), even for a single block.
     */
    private static boolean blockScales(SourceModel.Ternary t, long count) {
        return switch (t.info().scaleSource()) {
            case DATA -> t.layout().blockScales();
            case TENSOR -> count > 1 || t.scale().shape().length == 2;
            case NONE -> false;
        };
    }

    private Item copied(SourceModel.Copied c) {
        declare(c, c.name(), c.dtype(), c.shape());
        if (c.ggufInfo() != null) {
            metadata.put(RotorFormat.GGUF_TENSOR_PREFIX + c.name(), c.ggufInfo());
        }
        return new Item(c, null, 0);
    }

    private void declare(SourceModel.Tensor from, String name, SafetensorsDType dtype, long[] shape) {
        if (!names.add(name)) {
            throw new ModelFormatException(from.file(), from.name(), from.fileOffset(), "its rotor output '" + name
                    + "' clashes with another tensor's name");
        }
        declared.add(new TensorSpec<>(name, dtype, shape, OutputFile.LATER));
    }

    private List<ParallelRunner.Job> jobs(OutputFile out, Plan.CodecChoice codecs) {
        List<ParallelRunner.Job> jobs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            switch (item.tensor()) {
                case SourceModel.Ternary t -> jobs.add(decodeJob(i, t, item, out, codecs));
                case SourceModel.Copied c -> jobs.addAll(Plan.copy(i, c.file(), c.fileOffset(), c.data().byteSize(), out,
                        c.name()));
            }
        }
        return jobs;
    }

    private ParallelRunner.Job decodeJob(int index, SourceModel.Ternary t, Item item, OutputFile out,
                                         Plan.CodecChoice codecs) {
        long bytes = t.data().byteSize() + (t.scale() == null ? 0 : t.scale().data().byteSize());
        return new ParallelRunner.Job(t.name(), index, bytes, scratch -> {
            TernaryJobs.Origin origin = new TernaryJobs.Origin(t.file(), t.name(), t.fileOffset());
            RotorFormat.TensorInfo info = t.info();
            long planeSize = out.size(t.name() + RotorFormat.POS);
            MemorySegment planes = scratch.get(2 * planeSize);
            MemorySegment pos = planes.asSlice(0, planeSize);
            MemorySegment neg = planes.asSlice(planeSize, planeSize);
            long invalid = TernaryJobs.decode(origin, codecs.codec(t.layout()), t.data(), info.rows(), info.cols(),
                    pos, neg, policy);
            float[] scales = TernaryJobs.checked(origin, scales(t, item), info.convention());
            out.write(t.name() + RotorFormat.POS, 0, pos);
            out.write(t.name() + RotorFormat.NEG, 0, neg);
            out.writeF32(t.name() + RotorFormat.SCALE, scales);
            return invalid;
        });
    }

    private static float[] scales(SourceModel.Ternary t, Item item) {
        RotorFormat.TensorInfo info = t.info();
        return switch (info.scaleSource()) {
            case NONE -> new float[] {1f};
            case TENSOR -> {
                checkUnitBlocks(t, item);
                yield Scales.readAll(t.scale().data(), t.scale().dtype(), t.scale().count());
            }
            case DATA -> {
                float[] values = new float[Math.toIntExact(item.scaleCount())];
                item.codec().readScales(t.data(), info.rows(), info.cols(), values);
                yield values;
            }
        };
    }

    /**
     * A GGUF tensor whose scale is a separate tensor must have block scales of 1.0 in its data: the rotor file keeps
     * one scale, and writes 1.0 back.
     */
    private static void checkUnitBlocks(SourceModel.Ternary t, Item item) {
        RotorFormat.TensorInfo info = t.info();
        long count = item.codec().scaleCount(info.rows(), info.cols());
        if (count == 0) {
            return;
        }
        float[] blocks = new float[Math.toIntExact(count)];
        item.codec().readScales(t.data(), info.rows(), info.cols(), blocks);
        for (int i = 0; i < blocks.length; i++) {
            if (Float.floatToRawIntBits(blocks[i]) != Float.floatToRawIntBits(1f)) {
                throw new ModelFormatException(t.file(), t.name(), t.fileOffset(), "has a per-tensor scale '"
                        + t.scale().name() + "' and block scale " + i + " is " + blocks[i] + ", not 1.0: rotor keeps"
                        + " one of the two, so it reads a per-tensor scale only over unit block scales");
            }
        }
    }
}
