package dev.rotor;

/** The contract for the Vector API kernel at the width its subclass's {@link VectorWidth} names. */
abstract class VectorKernelContract extends ConversionContract {
    private final ConversionApi api =
            ConversionApi.of(new VectorKernel(getClass().getAnnotation(VectorWidth.class).value()));

    @Override
    ConversionApi api() {
        return api;
    }
}
