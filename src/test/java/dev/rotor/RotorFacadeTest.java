package dev.rotor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The contract through the public {@link Rotor} facade, on whatever kernel this JVM chose. Also run in
 * the forked JVMs of pom.xml (128-bit, 256-bit, no vector module), so it must never touch
 * jdk.incubator.vector itself.
 */
class RotorFacadeTest extends ConversionContract {
    @Override
    ConversionApi api() {
        return ConversionApi.facade();
    }

    @Test
    void fromBitNetWithoutAPolicyIsStrict() {
        byte[] packed = {(byte) 0b11_00_10_01};
        InvalidTernaryCodeException e = assertThrows(InvalidTernaryCodeException.class,
                () -> Rotor.fromBitNet(packed, 1, 4));
        assertEquals(3, e.column());
    }

    @Test
    void fromBitNetWithoutAPolicyDecodes() {
        LiteralExamples.Example e = LiteralExamples.FORMATS_BYTE;
        assertEquals(RotorPlanes.of(1, 4, e.pos(), e.neg()), Rotor.fromBitNet(e.packed(), 1, 4));
    }
}
