package dev.rotor.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.rotor.InvalidCodePolicy;

class I2sCodecTest extends CodecContract {
    @Override
    SourceLayout layout() {
        return SourceLayout.GGUF_I2_S;
    }

    @Override
    List<Shape> shapes() {
        return List.of(new Shape(1, 128), new Shape(2, 64), new Shape(4, 32), new Shape(3, 128), new Shape(16, 24),
                new Shape(1, 640), new Shape(7, 384), new Shape(0, 8),
                // rows that start mid-byte in the planes
                new Shape(128, 3), new Shape(32, 12), new Shape(64, 6), new Shape(256, 5), new Shape(384, 1));
    }

    @Override
    List<Shape> unsupportedShapes() {
        return List.of(new Shape(1, 1), new Shape(3, 100), new Shape(1, 127));
    }

    @Override
    long expectedDataSize(Shape s) {
        return (long) s.rows() * s.cols() / 4 + 32;
    }

    @Override
    long expectedScaleCount(Shape s) {
        return 1;
    }

    @Override
    byte invalidByte() {
        return (byte) 0xFF;
    }

    @Override
    Shape exhaustiveShape() {
        return new Shape(2, 320); // five blocks: two whole chunks and a half one
    }

    @Override
    float randomScale(Random rnd) {
        float scale;
        do {
            scale = Float.intBitsToFloat(rnd.nextInt());
        } while (!Float.isFinite(scale));
        return scale;
    }

    @Override
    List<Float> edgeScales() {
        return List.of(Float.MIN_VALUE, Float.MAX_VALUE, -0.0f, 1e-30f);
    }

    @Override
    List<Float> unrepresentableScales() {
        return List.of(); // f32 holds every finite float
    }

    @Test
    void readsOneByteAsFourQuartersOfItsBlock() {
        // 2x64 = one block. Byte 5 holds j = 5, 37, 69, 101 at shifts 6, 4, 2, 0.
        byte[] data = new byte[32 + 32];
        Arrays.fill(data, 0, 32, (byte) 0x55);
        data[5] = (byte) 0b10_00_01_11; // j=5: +1 (row 0, col 5); 37: -1 (0, 37); 69: 0; 101: invalid (1, 37)
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putFloat(32, -2.5f);
        Arrays.fill(data, 36, 64, (byte) 0x77); // padding is ignored
        Shape shape = new Shape(2, 64);
        Planes planes = decode(chosen(), data, shape, InvalidCodePolicy.LENIENT);
        Planes.of(shape, new int[] {5}, new int[] {37}).assertSameBits(planes, "2x64");
        assertSameScales(new float[] {-2.5f}, readScales(chosen(), data, shape));
        assertFirstInvalid(data, shape, 1, 37, 5, 1);
    }

    @Test
    void encodeWritesTheScaleThenZeroPadding() {
        TernaryCodec codec = TernaryCodec.of(layout());
        for (Shape shape : List.of(new Shape(1, 128), new Shape(128, 3))) {
            byte[] data = encode(codec, Planes.random(shape, new Random(9)), new float[] {1.0f}, shape);
            int codes = shape.rows() * shape.cols() / 4;
            assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F}, Arrays.copyOfRange(data, codes, codes + 4));
            assertArrayEquals(new byte[28], Arrays.copyOfRange(data, codes + 4, data.length), "padding " + shape);
        }
    }
}
