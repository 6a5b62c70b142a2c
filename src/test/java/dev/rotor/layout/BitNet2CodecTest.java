package dev.rotor.layout;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rotor.InvalidCodePolicy;

class BitNet2CodecTest extends CodecContract {
    @Override
    SourceLayout layout() {
        return SourceLayout.BITNET2;
    }

    @Override
    List<Shape> shapes() {
        return List.of(new Shape(1, 1), new Shape(3, 5), new Shape(2, 63), new Shape(5, 64), new Shape(7, 131),
                new Shape(2, 260), new Shape(0, 7), new Shape(3, 0));
    }

    @Override
    List<Shape> unsupportedShapes() {
        return List.of();
    }

    @Override
    long expectedDataSize(Shape s) {
        return s.rows() * ((s.cols() + 3L) / 4);
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
        return new Shape(3, 70);
    }

    @Test
    void readsTheFormatsExample() {
        // FORMATS.md section 2: 0x12 holds [+1, 0, -1, 0]; the second byte holds 0 three times and +1.
        Shape shape = new Shape(1, 8);
        Planes planes = decode(chosen(), new byte[] {0x12, (byte) 0b10_00_00_00}, shape, InvalidCodePolicy.STRICT);
        Planes.of(shape, new int[] {0, 7}, new int[] {2}).assertSameBits(planes, "0x12 0x80");
    }

    @Test
    void namesTheFirstInvalidCodeAndIgnoresUnusedCodes() {
        // 2x6: two bytes per row. Byte 3 holds columns 4 and 5 of row 1; column 5 is 11, the unused codes too.
        assertFirstInvalid(new byte[] {0, 0, 0, (byte) 0b11_11_11_00}, new Shape(2, 6), 1, 5, 3, 1);
    }
}
