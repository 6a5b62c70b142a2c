package dev.rotor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.rotor.kernel.VectorSupportProbe;

/** The skip rule behind {@link VectorWidth}, which JUnit and jqwik apply to whole test classes. */
class VectorWidthConditionTest {
    @VectorWidth(1 << 16)
    static final class WiderThanAnyHardware { }

    @Test
    void skipsClassesWiderThanThePreferredWidth() {
        assertTrue(VectorWidthCondition.unsupported(Optional.of(WiderThanAnyHardware.class)).isPresent());
        assertEquals(512 > VectorSupportProbe.preferredBitSize(),
                VectorWidthCondition.unsupported(Optional.of(Vector512KernelTest.class)).isPresent());
    }

    @Test
    void runsClassesWithoutAWidth() {
        assertTrue(VectorWidthCondition.unsupported(Optional.of(ScalarKernelTest.class)).isEmpty());
        assertTrue(VectorWidthCondition.unsupported(Optional.empty()).isEmpty());
    }
}
