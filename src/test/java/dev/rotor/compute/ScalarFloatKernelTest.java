package dev.rotor.compute;

import dev.rotor.kernel.FloatKernel;
import dev.rotor.kernel.ScalarFloatKernel;

class ScalarFloatKernelTest extends FloatKernelContract {
    private final FloatKernel kernel = new ScalarFloatKernel();

    @Override
    FloatKernel kernel() {
        return kernel;
    }
}
