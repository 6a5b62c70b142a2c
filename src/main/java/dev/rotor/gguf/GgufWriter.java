package dev.rotor.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

import dev.rotor.container.TensorData;
import dev.rotor.container.TensorPlace;
import dev.rotor.container.TensorSpec;
import dev.rotor.io.AtomicFiles;
import dev.rotor.io.LeOutput;
import dev.rotor.io.Shapes;
import dev.rotor.io.TensorFileWriter;

/**
 * Writes GGUF version 3 files (little-endian): header, metadata in map order, tensor infos in list order (each
 * {@link TensorSpec}'s shape is GGUF's {@code ne}, contiguous axis first), zero
 * padding to the alignment, then each tensor's data at an aligned offset, zero-padded to the alignment. The
 * alignment is {@code general.alignment} when the metadata has it (a power-of-two {@link GgufValue.UInt32}),
 * otherwise 32.
 *
 * <p>Tensor bytes come from {@link TensorData} producers that fill their slice of a read-write mapping of the output
 * file directly, in parallel when given an {@link Executor}. The file at {@code path} is created or truncated and
 * written in place; write through {@link AtomicFiles#write} to keep existing files intact on failure.
 */
public final class GgufWriter {
    private GgufWriter() {
    }

    /** Writes the file with every producer called on the calling thread, in list order. */
    public static List<TensorPlace> write(Path path, Map<String, GgufValue> metadata,
                                          List<TensorSpec<GgmlType>> tensors) throws IOException {
        return write(path, metadata, tensors, Runnable::run);
    }

    /**
     * Writes {@code metadata} (in map order) and {@code tensors} (in list order) to {@code path}, running each
     * tensor's producer as a task on {@code executor} and waiting for all of them. Do not pass an executor whose
     * only threads may be busy running this call: it would wait forever.
     * The file is written in place and not fsynced: write through {@link AtomicFiles} for an all-or-nothing,
     * durable file.
     *
     * @return where each tensor's bytes went, in list order
     * @throws IllegalArgumentException if names repeat, a tensor has more than 4 dimensions,
     *                                  {@code general.alignment} is not a power-of-two UINT32, or a string is not
     *                                  valid UTF-16 (so not encodable as UTF-8)
     * @throws IOException              if writing fails or a producer throws one (the first failure is thrown,
     *                                  later ones are suppressed); producers' unchecked exceptions propagate as is
     */
    public static List<TensorPlace> write(Path path, Map<String, GgufValue> metadata,
                                          List<TensorSpec<GgmlType>> tensors, Executor executor) throws IOException {
        tensors.forEach(GgufWriter::checkRank);
        long alignment = alignment(metadata);
        TensorFileWriter.Layout layout = TensorFileWriter.Layout.of(tensors, alignment);
        byte[] header = header(metadata, tensors, layout.placements());
        return TensorFileWriter.write(path, header, Shapes.alignUp(header.length, alignment), layout, executor);
    }

    private static void checkRank(TensorSpec<GgmlType> tensor) {
        if (tensor.rank() > GgufHeader.MAX_DIMS) {
            throw new IllegalArgumentException("tensor '" + tensor.name() + "': " + tensor.rank()
                    + " dimensions, at most " + GgufHeader.MAX_DIMS + " allowed");
        }
    }

    private static long alignment(Map<String, GgufValue> metadata) {
        GgufValue value = metadata.get(GgufHeader.ALIGNMENT_KEY);
        if (value == null) {
            return GgufHeader.DEFAULT_ALIGNMENT;
        }
        if (!(value instanceof GgufValue.UInt32(long alignment)) || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException(GgufHeader.ALIGNMENT_KEY + " must be a power-of-two UINT32, not "
                    + value);
        }
        return alignment;
    }

    private static byte[] header(Map<String, GgufValue> metadata, List<TensorSpec<GgmlType>> tensors,
                                 List<TensorFileWriter.Placement> placements) {
        LeOutput out = new LeOutput();
        out.u32(Integer.toUnsignedLong(GgufHeader.MAGIC));
        out.u32(3);
        out.u64(tensors.size());
        out.u64(metadata.size());
        metadata.forEach((key, value) -> {
            out.string(Objects.requireNonNull(key, "metadata key"));
            out.u32(Objects.requireNonNull(value, () -> "metadata value of '" + key + "'").type().id());
            value(out, value);
        });
        for (int i = 0; i < tensors.size(); i++) {
            TensorSpec<GgmlType> tensor = tensors.get(i);
            out.string(tensor.name());
            out.u32(tensor.rank());
            for (long dim : tensor.shape()) {
                out.u64(dim);
            }
            out.u32(tensor.type().id());
            out.u64(placements.get(i).offset());
        }
        return out.toByteArray();
    }

    private static void value(LeOutput out, GgufValue value) {
        switch (value) {
            case GgufValue.UInt8 v -> out.u8(v.value());
            case GgufValue.Int8 v -> out.u8(v.value());
            case GgufValue.UInt16 v -> out.u16(v.value());
            case GgufValue.Int16 v -> out.u16(v.value());
            case GgufValue.UInt32 v -> out.u32(v.value());
            case GgufValue.Int32 v -> out.u32(v.value());
            case GgufValue.UInt64 v -> out.u64(v.value());
            case GgufValue.Int64 v -> out.u64(v.value());
            case GgufValue.Float32 v -> out.f32(v.value());
            case GgufValue.Float64 v -> out.f64(v.value());
            case GgufValue.Bool v -> out.u8(v.value() ? 1 : 0);
            case GgufValue.Str v -> out.string(v.value());
            case GgufValue.Array v -> {
                out.u32(v.elementType().id());
                out.u64(v.elements().size());
                for (GgufValue element : v.elements()) {
                    value(out, element);
                }
            }
        }
    }
}
