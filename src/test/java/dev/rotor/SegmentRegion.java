package dev.rotor;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A segment for a conversion, cut from a larger parent: {@link #LEAD} fill bytes may come before it and
 * {@link #TAIL} fill bytes follow the content, so the segment handed over is larger than needed and any
 * byte written outside the content shows.
 */
record SegmentRegion(MemorySegment parent, int lead, int length, byte fill) {
    static final int LEAD = 3;
    static final int TAIL = 11;

    /** Where the segment's memory lives, and whether it starts at an odd address offset. */
    enum Kind {
        HEAP(false, 0), HEAP_SLICE_AT_ODD_OFFSET(false, LEAD),
        OFF_HEAP(true, 0), OFF_HEAP_SLICE_AT_ODD_OFFSET(true, LEAD);

        private final boolean offHeap;
        private final int lead;

        Kind(boolean offHeap, int lead) {
            this.offHeap = offHeap;
            this.lead = lead;
        }

        MemorySegment allocate(Arena arena, int size) {
            return offHeap ? arena.allocate(size) : MemorySegment.ofArray(new byte[size]);
        }
    }

    /** {@code content} followed by fill bytes. */
    static SegmentRegion holding(Kind kind, Arena arena, byte[] content, byte fill) {
        MemorySegment parent = kind.allocate(arena, kind.lead + content.length + TAIL).fill(fill);
        MemorySegment.copy(content, 0, parent, JAVA_BYTE, kind.lead, content.length);
        return new SegmentRegion(parent, kind.lead, content.length, fill);
    }

    /** {@code length} bytes for a conversion to write, all {@link TestData#SENTINEL} until then. */
    static SegmentRegion empty(Kind kind, Arena arena, int length) {
        return holding(kind, arena, TestData.filled(length, TestData.SENTINEL), TestData.SENTINEL);
    }

    /** The segment to pass: starts at the content, runs {@link #TAIL} bytes past it. */
    MemorySegment segment() {
        return parent.asSlice(lead);
    }

    void assertHolds(byte[] expected, String what) {
        assertArrayEquals(expected, parent.asSlice(lead, length).toArray(JAVA_BYTE), what);
        for (long i = 0; i < parent.byteSize(); i++) {
            if (i < lead || i >= lead + length) {
                long index = i;
                assertEquals(fill, parent.get(JAVA_BYTE, i), () -> what + ": byte " + index + " outside the content changed");
            }
        }
    }
}
