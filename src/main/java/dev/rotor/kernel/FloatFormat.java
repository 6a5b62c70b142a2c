package dev.rotor.kernel;

import java.lang.foreign.MemorySegment;

/**
 * How a float matrix's elements are stored (little-endian): IEEE binary32, IEEE binary16 or bfloat16. Every
 * element widens to float32 exactly.
 */
public enum FloatFormat {
    /** IEEE single precision, 4 bytes. */
    F32(4),
    /** IEEE half precision, 2 bytes. */
    F16(2),
    /** bfloat16 (the high half of a float32), 2 bytes. */
    BF16(2);

    private final int bytes;

    FloatFormat(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Element {@code index} of {@code data}, widened to float32 exactly. */
    public float get(MemorySegment data, long index) {
        return switch (this) {
            case F32 -> data.getAtIndex(LittleEndian.FLOAT, index);
            case F16 -> Float.float16ToFloat(data.getAtIndex(LittleEndian.SHORT, index));
            case BF16 -> Float.intBitsToFloat(data.getAtIndex(LittleEndian.SHORT, index) << 16);
        };
    }
}
