package dev.rotor;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

import dev.rotor.kernel.KernelProvider;
import dev.rotor.kernel.VectorSupportProbe;

/**
 * Which kernel {@link Rotor} runs on. pom.xml reruns this class in forked JVMs with other flags and
 * passes what that JVM must choose as system properties:
 * <ul>
 *   <li>{@code rotor.test.expectedKernel}: {@code vector}, {@code scalar}, or {@code error} when the
 *       flags are a misconfiguration;</li>
 *   <li>{@code rotor.test.expectedBits}: the vector width (0 or absent for scalar);</li>
 *   <li>{@code rotor.test.expectedReason}: a fragment of {@link Backend#reason()} or of the error.</li>
 * </ul>
 * Without them (the default run) the expectation follows from this machine's vector hardware.
 * In forks without jdk.incubator.vector nothing here may touch that module.
 */
class BackendSelectionTest {
    private static final String KERNEL = System.getProperty("rotor.test.expectedKernel");
    private static final int BITS = Integer.getInteger("rotor.test.expectedBits", 0);
    private static final String REASON = System.getProperty("rotor.test.expectedReason", "");

    @Test
    void forkedJvmPicksTheExpectedBackend() {
        assumeTrue(KERNEL != null && !KERNEL.equals("error"), "only in forks that expect a backend");
        Backend backend = Rotor.backend();
        assertAll(backend.toString(),
                () -> assertEquals(KERNEL, backend.kernel()),
                () -> assertEquals(BITS, backend.vectorBits()),
                () -> assertTrue(backend.reason().contains(REASON), "reason should mention " + REASON));
    }

    @Test
    void forkedJvmFailsLoudlyOnMisconfiguration() {
        assumeTrue("error".equals(KERNEL), "only in forks with bad rotor.* properties");
        Throwable cause = rootCause(assertThrows(LinkageError.class, Rotor::backend));
        assertInstanceOf(IllegalStateException.class, cause);
        assertTrue(cause.getMessage().contains(REASON), cause.getMessage());
        // Every later use fails the same way rather than silently picking some kernel.
        Throwable again = rootCause(assertThrows(LinkageError.class, () -> Rotor.fromInt8(new byte[1], 1, 1)));
        assertTrue(again.getMessage().contains(REASON), again.getMessage());
    }

    /** A quick check that the facade converts correctly on whatever this JVM chose (the full contract runs elsewhere). */
    @Test
    void facadeConvertsCorrectlyOnTheChosenBackend() {
        assumeFalse("error".equals(KERNEL), "the facade cannot start in this fork");
        for (Shape shape : new Shape[] {Shape.of(1, 3), Shape.of(4, 256), Shape.of(37, 1001)}) {
            ConversionContract.assertEveryDirection(ConversionApi.facade(),
                    TestData.expected(shape, ValueMix.FORTY_PERCENT_ZEROS, 42));
        }
    }

    private static Throwable rootCause(Throwable t) {
        return t.getCause() == null ? t : rootCause(t.getCause());
    }

    @Test
    void defaultJvmPicksThePreferredWidth() {
        assumeTrue(KERNEL == null, "only in the default run, where pom.xml enables jdk.incubator.vector");
        assertNull(KernelProvider.whyVectorUnusable());
        int preferred = VectorSupportProbe.preferredBitSize();
        Backend backend = Rotor.backend();
        assertAll(backend.toString(),
                () -> assertEquals("vector", backend.kernel()),
                () -> assertEquals(preferred, backend.vectorBits()),
                () -> assertFalse(backend.reason().contains("hardware has"), "the kernel uses the full width"));
    }

    @Test
    void backendDescribesItselfInOneLine() {
        Backend vector = new Backend("vector", 256, "AVX2");
        Backend scalar = new Backend("scalar", 0, "forced by -Drotor.kernel=scalar");
        assertAll(
                () -> assertTrue(vector.isVector()),
                () -> assertFalse(scalar.isVector()),
                () -> assertEquals("vector 256-bit (AVX2)", vector.toString()),
                () -> assertEquals("scalar: forced by -Drotor.kernel=scalar", scalar.toString()));
    }
}
