package dev.rotor.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rotor.container.TensorData;
import dev.rotor.io.AtomicFiles;
import dev.rotor.io.SegmentData;
import dev.rotor.io.TensorFileWriter;

/**
 * Writes safetensors files. Offsets are computed up front; the header (written with Jackson, {@code __metadata__}
 * first and omitted when empty, then the tensors in list order) is padded with spaces so the data area starts at
 * a multiple of 8; the tensors' bytes follow contiguously in list order.
 *
 * <p>Tensor bytes come from {@link TensorData} producers that fill their slice of a read-write mapping of the output
 * file directly; with an {@link Executor} they run in parallel (one task per tensor). The file at {@code path} is
 * created or truncated and written in place: on failure its content is undefined, so write through
 * {@link AtomicFiles#write} to keep existing files intact.
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {
    }

    /**
     * One tensor to write.
     *
     * @param name  the tensor's name; unique within a file and not {@code __metadata__}
     * @param dtype element type
     * @param shape dimensions, outermost first; a copy is kept and returned
     * @param data  producer of exactly {@link #byteSize()} bytes
     */
    public record Tensor(String name, SafetensorsDType dtype, long[] shape, TensorData data) {
        /**
         * Validates the components and copies {@code shape}.
         *
         * @throws IllegalArgumentException if the name is reserved, a dimension is negative, the byte size overflows
         *                                  or is not whole, or {@code data} is a segment of the wrong size
         */
        public Tensor {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dtype, "dtype");
            Objects.requireNonNull(data, "data");
            if (SafetensorsHeader.METADATA_KEY.equals(name)) {
                throw new IllegalArgumentException("'" + name + "' is reserved for metadata, not a tensor name");
            }
            shape = shape.clone();
            SegmentData.checkSize(name, data, byteSize(name, dtype, shape));
        }

        /** A bit-exact copy of a tensor read from another file (same name, dtype, shape and bytes). */
        public static Tensor copyOf(SafetensorsTensor source) {
            return new Tensor(source.name(), source.dtype(), source.shape(), TensorData.of(source.data()));
        }

        /** A copy of the dimensions. */
        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** Size of the tensor's data in bytes. */
        public long byteSize() {
            return byteSize(name, dtype, shape);
        }

        private static long byteSize(String name, SafetensorsDType dtype, long[] shape) {
            try {
                return dtype.byteSize(shape);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape)
                        + " of " + dtype + " overflows a 64-bit byte size", e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tensor '" + name + "': " + e.getMessage(), e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tensor t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                    && data.equals(t.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, dtype, Arrays.hashCode(shape), data);
        }

        @Override
        public String toString() {
            return "Tensor[" + name + ", " + dtype + ", " + Arrays.toString(shape) + "]";
        }
    }

    /** Writes the file with every producer called on the calling thread, in list order. */
    public static void write(Path path, Map<String, String> metadata, List<Tensor> tensors) throws IOException {
        write(path, metadata, tensors, Runnable::run);
    }

    /**
     * Writes {@code tensors} (in this order) and {@code metadata} to {@code path}, running each tensor's producer
     * as a task on {@code executor} and waiting for all of them. Do not pass an executor whose only threads may be
     * busy running this call (e.g. a single-thread pool calling {@code write}): it would wait forever.
     * The file is written in place and not fsynced: write through {@link AtomicFiles} for an all-or-nothing,
     * durable file.
     *
     * @param metadata the {@code __metadata__} map, written in its iteration order (omitted when empty)
     * @throws IllegalArgumentException if names repeat or the header would exceed the readers' 100 MB limit
     * @throws IOException              if writing fails or a producer throws one (the first failure is thrown,
     *                                  later ones are suppressed); producers' unchecked exceptions propagate as is
     */
    public static void write(Path path, Map<String, String> metadata, List<Tensor> tensors, Executor executor)
            throws IOException {
        TensorFileWriter.checkUniqueNames(tensors.stream().map(Tensor::name).toList());
        List<TensorFileWriter.Placement> placements = new ArrayList<>(tensors.size());
        long offset = 0;
        for (Tensor tensor : tensors) {
            long size = tensor.byteSize();
            placements.add(new TensorFileWriter.Placement(tensor.name(), offset, size, tensor.data()));
            offset = Math.addExact(offset, size);
        }
        byte[] header = header(metadata, tensors, placements);
        TensorFileWriter.write(path, header, header.length, offset, placements, executor);
    }

    /** The length prefix plus the space-padded JSON header. */
    static byte[] header(Map<String, String> metadata, List<Tensor> tensors, List<TensorFileWriter.Placement> placements) {
        ObjectNode root = SafetensorsHeader.JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(SafetensorsHeader.METADATA_KEY);
            metadata.forEach((k, v) -> meta.put(Objects.requireNonNull(k, "metadata key"),
                    Objects.requireNonNull(v, () -> "metadata value of '" + k + "'")));
        }
        for (int i = 0; i < tensors.size(); i++) {
            Tensor tensor = tensors.get(i);
            TensorFileWriter.Placement placement = placements.get(i);
            ObjectNode entry = root.putObject(tensor.name());
            entry.put("dtype", tensor.dtype().name());
            ArrayNode shape = entry.putArray("shape");
            for (long dim : tensor.shape) {
                shape.add(dim);
            }
            entry.putArray("data_offsets").add(placement.offset()).add(placement.offset() + placement.size());
        }
        return withLengthPrefix(toJson(root));
    }

    private static byte[] toJson(ObjectNode root) {
        try {
            return SafetensorsHeader.JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e);
        }
    }

    private static byte[] withLengthPrefix(byte[] json) {
        int padded = json.length + (8 - json.length % 8) % 8;
        if (padded > SafetensorsHeader.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("safetensors header of " + padded + " bytes exceeds the limit of "
                    + SafetensorsHeader.MAX_HEADER_BYTES);
        }
        ByteBuffer buffer = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(padded).put(json);
        while (buffer.hasRemaining()) {
            buffer.put((byte) ' ');
        }
        return buffer.array();
    }
}
