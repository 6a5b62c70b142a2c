package dev.rotor.compute;

import dev.rotor.kernel.FloatKernel;
import dev.rotor.kernel.ReferenceFloatKernel;

class ReferenceFloatKernelTest extends FloatKernelContract {
    private final FloatKernel kernel = new ReferenceFloatKernel();

    @Override
    FloatKernel kernel() {
        return kernel;
    }
}
