package dev.rotor.compute;

import dev.rotor.kernel.KernelProvider;
import dev.rotor.kernel.MatrixKernel;

/**
 * The contract on the kernel this JVM chose, as {@link TernaryMatrix} uses it; pom.xml also runs it in the JVM
 * without jdk.incubator.vector (scalar kernel) and the forced-scalar one.
 */
class ChosenMatrixKernelTest extends MatrixContract {
    @Override
    MatrixKernel kernel() {
        return KernelProvider.choice().matrix();
    }
}
