package dev.rotor.compute;

import dev.rotor.kernel.MatrixKernel;

/** The reference kernel against the products written out in the tests. */
class ReferenceMatrixKernelTest extends MatrixContract {
    @Override
    MatrixKernel kernel() {
        return REFERENCE;
    }
}
