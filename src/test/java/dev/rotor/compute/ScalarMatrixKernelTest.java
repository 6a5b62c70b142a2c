package dev.rotor.compute;

import dev.rotor.kernel.MatrixKernel;
import dev.rotor.kernel.ScalarMatrixKernel;

class ScalarMatrixKernelTest extends MatrixContract {
    private final MatrixKernel kernel = new ScalarMatrixKernel();

    @Override
    MatrixKernel kernel() {
        return kernel;
    }
}
