package dev.rotor;

import dev.rotor.kernel.ScalarKernel;

class ScalarKernelTest extends ConversionContract {
    private final ConversionApi api = ConversionApi.of(new ScalarKernel());

    @Override
    ConversionApi api() {
        return api;
    }
}
