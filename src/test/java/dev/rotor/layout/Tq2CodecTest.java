package dev.rotor.layout;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rotor.InvalidCodePolicy;

class Tq2CodecTest extends CodecContract {
    @Override
    SourceLayout layout() {
        return SourceLayout.GGUF_TQ2_0;
    }

    @Override
    List<Shape> shapes() {
        return List.of(new Shape(1, 256), new Shape(3, 512), new Shape(2, 1024), new Shape(5, 768),
                new Shape(0, 256), new Shape(2, 0));
    }

    @Override
    List<Shape> unsupportedShapes() {
        return List.of(new Shape(256, 1), new Shape(1, 128), new Shape(2, 300));
    }

    @Override
    long expectedDataSize(Shape s) {
        return (long) s.rows() * s.cols() / 256 * 66;
    }

    @Override
    long expectedScaleCount(Shape s) {
        return (long) s.rows() * s.cols() / 256;
    }

    @Override
    byte invalidByte() {
        return (byte) 0xFF;
    }

    @Override
    Shape exhaustiveShape() {
        return new Shape(1, 512);
    }

    @Test
    void readsOneByteAsFourWeightsOfItsHalfAndTheScales() {
        // Two blocks. qs[32 + 3] of block 0 holds weights 128 + 3 + 32l at bits 2l.
        byte[] data = new byte[2 * 66];
        Arrays.fill(data, (byte) 0x55);
        data[35] = (byte) 0b11_00_10_01; // 131: 0, 163: +1, 195: -1, 227: invalid
        data[64] = 0x01; // block 0: d = 0x0001, the smallest fp16 subnormal
        data[65] = 0x00;
        data[130] = 0x00; // block 1: d = 0xBC00 = -1
        data[131] = (byte) 0xBC;
        Shape shape = new Shape(1, 512);
        Planes planes = decode(chosen(), data, shape, InvalidCodePolicy.LENIENT);
        Planes.of(shape, new int[] {163}, new int[] {195}).assertSameBits(planes, "1x512");
        assertSameScales(new float[] {0x1p-24f, -1f}, readScales(chosen(), data, shape));
        assertFirstInvalid(data, shape, 0, 227, 35, 1);
    }
}
