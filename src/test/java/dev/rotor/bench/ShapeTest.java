package dev.rotor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.rotor.kernel.Direction;

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
        assertEquals(64 * MIB, twoBit.bytes(Direction.Form.PACKED));
        assertEquals(64 * MIB, twoBit.bytes(Direction.Form.PLANES));
        assertEquals(64 * MIB, int8.bytes(Direction.Form.INT8));
        assertEquals(64 * MIB, int8.largerSideBytes(Direction.INT8_TO_PLANES));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Shape.of("big", Direction.PLANES_TO_INT8));
        assertThrows(IllegalArgumentException.class, () -> Shape.of("0x8", Direction.PLANES_TO_INT8));
    }
}
