package dev.rotor.gguf;

import java.util.Optional;

import dev.rotor.container.ElementType;
import dev.rotor.io.Shapes;

/**
 * ggml tensor types a GGUF file may use, with their ids and block geometry: a row of {@code ne[0]} elements is
 * stored as {@code ne[0] / blockSize()} blocks of {@code typeSize()} bytes, so {@code ne[0]} must be a multiple of the
 * block size. Ids no longer used by llama.cpp (4, 5, 37, 38) are absent; 31-33 are the removed Q4_0 repackings,
 * still found in older files. Id 36 is bitnet.cpp's I2_S (llama.cpp briefly used it for IQ4_NL_4_4), which is
 * sized differently: see {@link #I2_S}.
 */
public enum GgmlType implements ElementType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q4_1(3, 32, 20),
    Q5_0(6, 32, 22),
    Q5_1(7, 32, 24),
    Q8_0(8, 32, 34),
    Q8_1(9, 32, 36),
    Q2_K(10, 256, 84),
    Q3_K(11, 256, 110),
    Q4_K(12, 256, 144),
    Q5_K(13, 256, 176),
    Q6_K(14, 256, 210),
    Q8_K(15, 256, 292),
    IQ2_XXS(16, 256, 66),
    IQ2_XS(17, 256, 74),
    IQ3_XXS(18, 256, 98),
    IQ1_S(19, 256, 50),
    IQ4_NL(20, 32, 18),
    IQ3_S(21, 256, 110),
    IQ2_S(22, 256, 82),
    IQ4_XS(23, 256, 136),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    IQ1_M(29, 256, 56),
    BF16(30, 1, 2),
    Q4_0_4_4(31, 32, 18),
    Q4_0_4_8(32, 32, 18),
    Q4_0_8_8(33, 32, 18),
    /** llama.cpp ternary, 256 weights in 54 bytes (FORMATS.md section 6). */
    TQ1_0(34, 256, 54),
    /** llama.cpp ternary, 256 weights in 66 bytes (FORMATS.md section 5). */
    TQ2_0(35, 256, 66),
    /**
     * bitnet.cpp ternary (FORMATS.md section 4): the {@code n} weights are one flat run of 128-weight, 32-byte
     * blocks followed by a float32 scale and padding, {@code n / 4 + 32} bytes in all, with no row constraint.
     */
    I2_S(36, 128, 32),
    MXFP4(39, 32, 17);

    private static final int I2_S_TRAILER_BYTES = 32;
    private static final GgmlType[] BY_ID = new GgmlType[64];

    static {
        for (GgmlType type : values()) {
            BY_ID[type.id] = type;
        }
    }

    private final int id;
    private final int blockSize;
    private final int typeSize;

    GgmlType(int id, int blockSize, int typeSize) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
    }

    /** The type id stored in GGUF tensor infos. */
    public int id() {
        return id;
    }

    /** Elements per block. */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int typeSize() {
        return typeSize;
    }

    /** The type with this id, if it is a known one. */
    public static Optional<GgmlType> fromId(long id) {
        return id >= 0 && id < BY_ID.length ? Optional.ofNullable(BY_ID[(int) id]) : Optional.empty();
    }

    /**
     * Bytes taken by a tensor of this type with dimensions {@code ne} (GGUF order, {@code ne[0]} contiguous).
     *
     * @throws IllegalArgumentException if a dimension is negative or {@code ne[0]} is not a multiple of the block size
     * @throws ArithmeticException      if the element count or size overflows a {@code long}
     */
    @Override
    public long byteSize(long[] ne) {
        long elements = Shapes.elementCount(ne);
        if (this == I2_S) {
            return elements / 4 + I2_S_TRAILER_BYTES;
        }
        long row = ne.length == 0 ? 1 : ne[0];
        if (row % blockSize != 0) {
            throw new IllegalArgumentException("ne[0] = " + row + " is not a multiple of " + name()
                    + "'s block size " + blockSize);
        }
        return Math.multiplyExact(elements / blockSize, (long) typeSize);
    }
}
