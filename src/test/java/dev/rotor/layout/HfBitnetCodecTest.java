package dev.rotor.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rotor.InvalidCodePolicy;

class HfBitnetCodecTest extends CodecContract {
    @Override
    SourceLayout layout() {
        return SourceLayout.HF_BITNET;
    }

    @Override
    List<Shape> shapes() {
        return List.of(new Shape(4, 1), new Shape(8, 7), new Shape(12, 64), new Shape(16, 65), new Shape(4, 200),
                new Shape(8, 333), new Shape(0, 5));
    }

    @Override
    List<Shape> unsupportedShapes() {
        return List.of(new Shape(1, 8), new Shape(6, 3), new Shape(3, 64));
    }

    @Override
    long expectedDataSize(Shape s) {
        return (long) s.rows() / 4 * s.cols();
    }

    @Override
    long expectedScaleCount(Shape s) {
        return 0;
    }

    @Override
    byte invalidByte() {
        return (byte) 0xFF;
    }

    @Override
    Shape exhaustiveShape() {
        return new Shape(12, 130); // three packed rows of two whole chunks and a 2-byte tail
    }

    @Test
    void readsOneByteAsFourRowsOfOneColumn() {
        // 8x3, so R = 2: byte [1, 2] (offset 1*3 + 2 = 5) holds rows 1, 3, 5, 7 of column 2, lowest bits first.
        byte[] data = new byte[6];
        Arrays.fill(data, (byte) 0x55); // code 1 everywhere: all zero
        data[5] = (byte) 0b11_10_01_00; // row 1: code 0 = -1, row 3: 1 = 0, row 5: 2 = +1, row 7: 3 invalid
        Shape shape = new Shape(8, 3);
        Planes planes = decode(chosen(), data, shape, InvalidCodePolicy.LENIENT);
        Planes.of(shape, new int[] {5 * 3 + 2}, new int[] {1 * 3 + 2}).assertSameBits(planes, "8x3");
        assertFirstInvalid(data, shape, 7, 2, 5, 1);
    }

    @Test
    void scaleDividesAndLivesElsewhere() {
        assertEquals(ScaleConvention.DIVIDE, layout().scaleConvention());
        assertEquals(0, TernaryCodec.of(layout()).scaleCount(2560, 2560));
    }
}
