package dev.rotor.kernel;

import jdk.incubator.vector.VectorShape;

/**
 * The entry to every class that touches jdk.incubator.vector ({@link VectorKernel}, {@link VectorLaneDecoder},
 * {@link VectorMatrixKernel}):
 * {@link KernelProvider} calls it only after the module check, so without the module none of them loads.
 */
public final class VectorSupportProbe {
    private VectorSupportProbe() { }

    /** Widest vector the JIT compiles natively here (respects -XX:MaxVectorSize). */
    public static int preferredBitSize() {
        return VectorShape.preferredShape().vectorBitSize();
    }

    /** The vector kernel; its width is {@link KernelProvider#vectorBits()}, fixed when the class loads. */
    static TernaryKernel kernel() {
        return new VectorKernel();
    }

    /** The vector matrix kernel, at the same width. */
    static MatrixKernel matrixKernel() {
        return new VectorMatrixKernel();
    }

    /** The vector lane decoder, at the same width. */
    static LaneDecoder decoder() {
        return new VectorLaneDecoder();
    }
}
