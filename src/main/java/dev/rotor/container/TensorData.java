package dev.rotor.container;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

import dev.rotor.gguf.GgufWriter;
import dev.rotor.io.SegmentData;
import dev.rotor.safetensors.SafetensorsWriter;

/**
 * Produces one tensor's bytes for a writer ({@link SafetensorsWriter}, {@link GgufWriter}) directly into the
 * output file: the writer maps the file and hands each producer the exact slice its tensor occupies, so even huge
 * tensors never sit in the heap. Producers of different tensors may be called concurrently from the writer's
 * executor (each gets its own, disjoint slice), so they must be thread-safe with respect to each other.
 */
@FunctionalInterface
public interface TensorData {
    /**
     * Fills {@code destination}, whose size is exactly the tensor's byte size, with the tensor's bytes.
     * The segment is only valid during the call. Not called for tensors of zero bytes.
     *
     * @throws IOException if the bytes cannot be produced; the write fails with this exception
     */
    void writeTo(MemorySegment destination) throws IOException;

    /**
     * The bytes of {@code source}, copied verbatim (e.g. a tensor slice of a reader, for a bit-exact copy).
     * Writers reject a source whose size is not the tensor's byte size before creating the file.
     */
    static TensorData of(MemorySegment source) {
        return new SegmentData(Objects.requireNonNull(source, "source"));
    }
}
