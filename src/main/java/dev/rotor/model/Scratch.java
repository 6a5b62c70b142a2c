package dev.rotor.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One worker thread's reusable off-heap buffer, where a job builds a tensor's output before writing it: grows to
 * the largest tensor the worker meets (jobs run largest first, so it rarely grows twice) and is freed when the worker
 * ends. Contents are not cleared between jobs.
 */
public final class Scratch implements AutoCloseable {
    private Arena arena = Arena.ofConfined();
    private MemorySegment buffer = MemorySegment.NULL;

    /** A buffer of exactly {@code size} bytes, valid until the next call. */
    public MemorySegment get(long size) {
        if (buffer.byteSize() < size) {
            arena.close();
            arena = Arena.ofConfined();
            buffer = arena.allocate(size, 64);
        }
        return buffer.asSlice(0, size);
    }

    @Override
    public void close() {
        arena.close();
    }
}
