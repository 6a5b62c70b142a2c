package dev.rotor.safetensors;

import java.util.Optional;

import dev.rotor.container.ElementType;
import dev.rotor.io.Shapes;

/**
 * The element types a safetensors header may name, with their size in bits. The constant names are the header
 * strings ({@code "dtype": "BF16"}). Sub-byte types (F4, F6_*) pack elements densely; a tensor of them must still
 * fill whole bytes.
 */
public enum SafetensorsDType implements ElementType {
    /** Boolean, one byte per element. */
    BOOL(8),
    /** 4-bit float (e2m1), two per byte. */
    F4(4),
    /** 6-bit float (e2m3). */
    F6_E2M3(6),
    /** 6-bit float (e3m2). */
    F6_E3M2(6),
    /** Unsigned byte. */
    U8(8),
    /** Signed byte. */
    I8(8),
    /** 8-bit float (e5m2). */
    F8_E5M2(8),
    /** 8-bit float (e4m3). */
    F8_E4M3(8),
    /** 8-bit exponent-only scale (e8m0). */
    F8_E8M0(8),
    /** Signed 16-bit integer. */
    I16(16),
    /** Unsigned 16-bit integer. */
    U16(16),
    /** IEEE half precision. */
    F16(16),
    /** bfloat16. */
    BF16(16),
    /** Signed 32-bit integer. */
    I32(32),
    /** Unsigned 32-bit integer. */
    U32(32),
    /** IEEE single precision. */
    F32(32),
    /** Complex of two single-precision floats. */
    C64(64),
    /** IEEE double precision. */
    F64(64),
    /** Signed 64-bit integer. */
    I64(64),
    /** Unsigned 64-bit integer. */
    U64(64);

    private final int bits;

    SafetensorsDType(int bits) {
        this.bits = bits;
    }

    /** Size of one element in bits. */
    public int bits() {
        return bits;
    }

    /** The dtype a header names by {@code name} (exact, case-sensitive), if it is one of these. */
    public static Optional<SafetensorsDType> fromName(String name) {
        for (SafetensorsDType dtype : values()) {
            if (dtype.name().equals(name)) {
                return Optional.of(dtype);
            }
        }
        return Optional.empty();
    }

    /**
     * Bytes taken by a tensor of this dtype and shape.
     *
     * @throws ArithmeticException      if the size does not fit in a {@code long}
     * @throws IllegalArgumentException if a dimension is negative or the elements do not fill whole bytes
     */
    @Override
    public long byteSize(long[] shape) {
        long bitCount = Math.multiplyExact(Shapes.elementCount(shape), (long) bits);
        if (bitCount % 8 != 0) {
            throw new IllegalArgumentException(Shapes.toString(shape) + " elements of " + name() + " take "
                    + bitCount + " bits, not a whole number of bytes");
        }
        return bitCount / 8;
    }
}
