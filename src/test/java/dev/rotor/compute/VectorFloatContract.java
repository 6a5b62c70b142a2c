package dev.rotor.compute;

import dev.rotor.kernel.FloatKernel;
import dev.rotor.kernel.VectorFloatKernel;

/** The contract for the Vector API float kernel; a subclass's {@code VectorWidth} says which width it covers. */
abstract class VectorFloatContract extends FloatKernelContract {
    private final FloatKernel kernel = new VectorFloatKernel();

    @Override
    FloatKernel kernel() {
        return kernel;
    }
}
