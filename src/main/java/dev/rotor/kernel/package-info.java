/**
 * Internal: every kernel, and the one provider that picks them.
 *
 * <p>{@link dev.rotor.kernel.KernelProvider} chooses once per JVM between the literal reference kernels (tests),
 * the portable scalar kernels (64-bit words, {@link java.lang.Long#compress}/{@link java.lang.Long#expand}) and the
 * Vector API kernels at the JIT's preferred width, logs why, and hands every kernel family the same choice: the
 * conversion kernels ({@link dev.rotor.kernel.TernaryKernel}) and the lane decoders behind the layout codecs
 * ({@link dev.rotor.kernel.LaneDecoder}). Only {@link dev.rotor.kernel.VectorSupportProbe} leads to classes that
 * touch {@code jdk.incubator.vector}, and only after the module check. Kernels take segments already checked by
 * their callers, never allocate per call and never throw for bad data; they report it in their return values.
 * A new kernel family gets an interface here, a reference, scalar and vector implementation, and a field in
 * {@link dev.rotor.kernel.KernelProvider.Choice}.
 */
package dev.rotor.kernel;
