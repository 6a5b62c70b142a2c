package dev.rotor.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rotor.container.TensorData;
import dev.rotor.container.TensorPlace;
import dev.rotor.container.TensorSpec;
import dev.rotor.io.AtomicFiles;
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

    /** Writes the file with every producer called on the calling thread, in list order. */
    public static List<TensorPlace> write(Path path, Map<String, String> metadata,
                                          List<TensorSpec<SafetensorsDType>> tensors) throws IOException {
        return write(path, metadata, tensors, Runnable::run);
    }

    /**
     * Writes {@code tensors} (in this order) and {@code metadata} to {@code path}, running each tensor's producer
     * as a task on {@code executor} and waiting for all of them. Do not pass an executor whose only threads may be
     * busy running this call (e.g. a single-thread pool calling {@code write}): it would wait forever.
     * The file is written in place and not fsynced: write through {@link AtomicFiles} for an all-or-nothing,
     * durable file.
     *
     * @param metadata the {@code __metadata__} map, written in its iteration order (omitted when empty)
     * @return where each tensor's bytes went, in list order
     * @throws IllegalArgumentException if names repeat, a tensor is named {@code __metadata__}, or the header would
     *                                  exceed the readers' 100 MB limit
     * @throws IOException              if writing fails or a producer throws one (the first failure is thrown,
     *                                  later ones are suppressed); producers' unchecked exceptions propagate as is
     */
    public static List<TensorPlace> write(Path path, Map<String, String> metadata,
                                          List<TensorSpec<SafetensorsDType>> tensors, Executor executor)
            throws IOException {
        if (tensors.stream().anyMatch(t -> t.name().equals(SafetensorsHeader.METADATA_KEY))) {
            throw new IllegalArgumentException("'" + SafetensorsHeader.METADATA_KEY
                    + "' is reserved for metadata, not a tensor name");
        }
        TensorFileWriter.Layout layout = TensorFileWriter.Layout.of(tensors, 1);
        byte[] header = header(metadata, tensors, layout.placements());
        return TensorFileWriter.write(path, header, header.length, layout, executor);
    }

    /** The length prefix plus the space-padded JSON header. */
    static byte[] header(Map<String, String> metadata, List<TensorSpec<SafetensorsDType>> tensors,
                         List<TensorFileWriter.Placement> placements) {
        ObjectNode root = SafetensorsHeader.JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(SafetensorsHeader.METADATA_KEY);
            metadata.forEach((k, v) -> meta.put(Objects.requireNonNull(k, "metadata key"),
                    Objects.requireNonNull(v, () -> "metadata value of '" + k + "'")));
        }
        for (int i = 0; i < tensors.size(); i++) {
            TensorSpec<SafetensorsDType> tensor = tensors.get(i);
            TensorFileWriter.Placement placement = placements.get(i);
            ObjectNode entry = root.putObject(tensor.name());
            entry.put("dtype", tensor.type().name());
            ArrayNode shape = entry.putArray("shape");
            for (long dim : tensor.shape()) {
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
