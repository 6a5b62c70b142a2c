package dev.rotor.compute;

import dev.rotor.kernel.FloatKernel;
import dev.rotor.kernel.KernelProvider;

/**
 * The contract on the float kernel this JVM chose, as {@link FloatMatrix} uses it; pom.xml also runs it in the JVM
 * without jdk.incubator.vector (scalar kernel) and the forced-scalar one.
 */
class ChosenFloatKernelTest extends FloatKernelContract {
    @Override
    FloatKernel kernel() {
        return KernelProvider.choice().floats();
    }
}
