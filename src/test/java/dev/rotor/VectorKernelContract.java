package dev.rotor;

import dev.rotor.kernel.VectorKernel;

/**
 * The contract for the Vector API kernel; a subclass's {@link VectorWidth} says which width it covers, and
 * it runs only in a JVM whose kernel has that width.
 */
abstract class VectorKernelContract extends ConversionContract {
    private final ConversionApi api = ConversionApi.of(new VectorKernel());

    @Override
    ConversionApi api() {
        return api;
    }
}
