package dev.rotor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ShapeTest {
    private static final long MIB = 1L << 20;

    @Test
    void parsesWeightCountsAndRowsByCols() {
        assertEquals(new Shape(1, 8), Shape.of(Shape.ONE_GROUP, Direction.INT8_TO_PLANES));
        assertEquals(new Shape(6912, 2560), Shape.of(Shape.MLP, Direction.BITNET_TO_PLANES));
    }

    @Test
    void sizesByBytesMakeEachDirectionsLargerSideThatBig() {
        Shape twoBit = Shape.of(Shape.OUT_OF_CACHE, Direction.PLANES_TO_BITNET);
        Shape int8 = Shape.of(Shape.OUT_OF_CACHE, Direction.PLANES_TO_INT8);
        assertEquals(64 * MIB, Format.PACKED.bytes(twoBit));
        assertEquals(64 * MIB, Format.PLANES.bytes(twoBit));
        assertEquals(64 * MIB, Format.INT8.bytes(int8));
        assertEquals(64 * MIB, Direction.INT8_TO_PLANES.largerSideBytes(int8));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Shape.of("big", Direction.PLANES_TO_INT8));
        assertThrows(IllegalArgumentException.class, () -> Shape.of("0x8", Direction.PLANES_TO_INT8));
    }
}
