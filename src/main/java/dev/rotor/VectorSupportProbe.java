package dev.rotor;

import jdk.incubator.vector.VectorShape;

/** The only class besides {@link VectorKernel} that touches jdk.incubator.vector; loaded after the module check. */
final class VectorSupportProbe {
    private VectorSupportProbe() { }

    /** Widest vector the JIT compiles natively here (respects -XX:MaxVectorSize). */
    static int preferredBitSize() {
        return VectorShape.preferredShape().vectorBitSize();
    }

    /** The vector kernel; its width is {@link KernelProvider#vectorBits()}, fixed when the class loads. */
    static TernaryKernel kernel() {
        return new VectorKernel();
    }
}
