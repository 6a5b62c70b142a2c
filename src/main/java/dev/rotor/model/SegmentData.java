package dev.rotor.model;

import java.lang.foreign.MemorySegment;

/** {@link TensorData} that copies an existing segment; its size is known before writing. */
record SegmentData(MemorySegment source) implements TensorData {
    @Override
    public void writeTo(MemorySegment destination) {
        if (destination.byteSize() != source.byteSize()) {
            throw new IllegalArgumentException("source has " + source.byteSize() + " bytes, destination "
                    + destination.byteSize());
        }
        MemorySegment.copy(source, 0, destination, 0, source.byteSize());
    }

    /** Throws if {@code data} is a segment source whose size differs from {@code expected}. */
    static void checkSize(String tensor, TensorData data, long expected) {
        if (data instanceof SegmentData(MemorySegment source) && source.byteSize() != expected) {
            throw new IllegalArgumentException("tensor '" + tensor + "': data segment has " + source.byteSize()
                    + " bytes but its dtype and shape need " + expected);
        }
    }
}
