package dev.rotor.io;

import java.lang.foreign.MemorySegment;

import dev.rotor.container.TensorData;

/** {@link TensorData} that copies an existing segment; its size is known before writing. */
public record SegmentData(MemorySegment source) implements TensorData {
    @Override
    public void writeTo(MemorySegment destination) {
        if (destination.byteSize() != source.byteSize()) {
            throw new IllegalArgumentException("source has " + source.byteSize() + " bytes, destination "
                    + destination.byteSize());
        }
        MemorySegment.copy(source, 0, destination, 0, source.byteSize());
    }

    /** Throws if {@code data} is a segment source whose size differs from {@code expected}. */
    public static void checkSize(String tensor, TensorData data, long expected) {
        if (data instanceof SegmentData(MemorySegment source) && source.byteSize() != expected) {
            throw new IllegalArgumentException("tensor '" + tensor + "': data segment has " + source.byteSize()
                    + " bytes but its dtype and shape need " + expected);
        }
    }
}
