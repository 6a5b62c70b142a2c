package dev.rotor.kernel;

import java.lang.foreign.MemorySegment;

/**
 * A ternary matrix as the matrix kernels read it: rotor planes (FORMATS.md section 1) in two segments of
 * exactly {@code rows * stride} bytes, on heap, off heap or mapped. Weight (r, c) is bit {@code c % 8} of byte
 * {@code r * stride + c / 8}, +1 in {@code pos}, -1 in {@code neg}. Callers have checked the sizes, that padding
 * bits are zero and that no weight has both bits set.
 *
 * @param rows rows (output features)
 * @param cols columns (input features)
 * @param pos  the +1 plane
 * @param neg  the -1 plane
 */
public record PlaneMatrix(int rows, int cols, MemorySegment pos, MemorySegment neg) {
    /** Bytes per row and plane: {@code ceil(cols / 8)}. */
    public long stride() {
        return Geometry.planeStride(cols);
    }

    /** Byte offset of row {@code r} in either plane. */
    public long rowOffset(int r) {
        return r * stride();
    }
}
