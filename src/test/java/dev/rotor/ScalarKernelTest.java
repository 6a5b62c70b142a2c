package dev.rotor;

class ScalarKernelTest extends ConversionContract {
    private final ConversionApi api = ConversionApi.of(new ScalarKernel());

    @Override
    ConversionApi api() {
        return api;
    }
}
