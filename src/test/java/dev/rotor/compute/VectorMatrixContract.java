package dev.rotor.compute;

import dev.rotor.kernel.MatrixKernel;
import dev.rotor.kernel.VectorMatrixKernel;

/** The contract for the Vector API matrix kernel; a subclass's {@code VectorWidth} says which width it covers. */
abstract class VectorMatrixContract extends MatrixContract {
    private final MatrixKernel kernel = new VectorMatrixKernel();

    @Override
    MatrixKernel kernel() {
        return kernel;
    }
}
