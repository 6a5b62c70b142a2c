package dev.rotor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/** Inputs for every conversion test: literal encoders, seeded generators, exhaustive byte patterns, region checks. */
final class TestData {
    /** Fills bytes around a region a call must not write, so a stray write shows. */
    static final byte SENTINEL = 0x5A;
    /** Fills destinations before a call, so a kernel that skips a byte (e.g. padding) shows. */
    static final byte GARBAGE = (byte) 0xA5;
    /** Four 2-bit codes {@code 11}: packed input around a region, so reading past it shows as invalid codes. */
    static final byte INVALID_CODES = (byte) 0xFF;

    static final int CODE_ZERO = 0b00;
    static final int CODE_PLUS = 0b10;
    static final int CODE_MINUS = 0b01;
    static final int CODE_INVALID = 0b11;

    private static final Map<String, Expected> EXPECTED = new ConcurrentHashMap<>();

    private TestData() { }

    /** A matrix as int8 values plus what the reference kernel makes of it. */
    record Expected(Shape shape, byte[] values, RotorPlanes planes, byte[] packed) { }

    /**
     * Seeded random weights and their reference planes and 2-bit form, computed once per JVM (the
     * realistic shapes are large and every implementation's test class compares against them).
     */
    static Expected expected(Shape shape, ValueMix mix, long seed) {
        return EXPECTED.computeIfAbsent(shape + "/" + mix + "/" + seed, key -> {
            byte[] values = randomValues(shape, mix, seed);
            RotorPlanes planes = ConversionApi.REFERENCE.fromInt8(values, shape.rows(), shape.cols());
            return new Expected(shape, values, planes, ConversionApi.REFERENCE.toBitNet(planes));
        });
    }

    static byte[] randomValues(Shape shape, ValueMix mix, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] values = new byte[shape.weights()];
        for (int i = 0; i < values.length; i++) {
            values[i] = mix.next(random);
        }
        return values;
    }

    static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    // ---- the BitNet 2-bit layout, literally (FORMATS.md section 2) ----

    static int codeOf(int weight) {
        return switch (weight) {
            case 0 -> CODE_ZERO;
            case 1 -> CODE_PLUS;
            case -1 -> CODE_MINUS;
            default -> throw new IllegalArgumentException("not ternary: " + weight);
        };
    }

    /** Packs int8 weights; the unused codes at the end of each row are {@code 00}. */
    static byte[] packBitNet(Shape shape, byte[] values) {
        byte[] packed = new byte[shape.packedBytes()];
        for (int r = 0; r < shape.rows(); r++) {
            for (int c = 0; c < shape.cols(); c++) {
                setCode(packed, shape, r, c, codeOf(values[shape.index(r, c)]));
            }
        }
        return packed;
    }

    /**
     * Overwrites the 2-bit code of weight (r, c); {@code c} may lie past the last column, up to the
     * end of the row's last byte (the unused codes).
     */
    static void setCode(byte[] packed, Shape shape, int r, int c, int code) {
        int index = r * shape.packedStride() + c / 4;
        int shift = 2 * (c % 4);
        packed[index] = (byte) (packed[index] & ~(0b11 << shift) | code << shift);
    }

    /** Sets every unused code (past the last column in each row's last byte) to {@code code}. */
    static void setUnusedCodes(byte[] packed, Shape shape, int code) {
        for (int r = 0; r < shape.rows(); r++) {
            for (int c = shape.cols(); c < 4 * shape.packedStride(); c++) {
                setCode(packed, shape, r, c, code);
            }
        }
    }

    /** Sets bit (r, c) of a plane; {@code c} may lie in the padding past the last column. */
    static void setBit(byte[] plane, Shape shape, int r, int c) {
        plane[r * shape.planeStride() + c / 8] |= (byte) (1 << (c % 8));
    }

    /** Sets every padding bit (past the last column in each row's last byte) of a plane. */
    static void setPaddingBits(byte[] plane, Shape shape) {
        for (int r = 0; r < shape.rows(); r++) {
            for (int c = shape.cols(); c < 8 * shape.planeStride(); c++) {
                setBit(plane, shape, r, c);
            }
        }
    }

    // ---- exhaustive byte patterns ----

    /** Number of patterns after which every byte position has held every byte value exactly once. */
    static final int PATTERNS = 256;

    /**
     * Pattern {@code k} of {@code length} bytes: byte i is {@code k + salt * i} (mod 256), so as k runs
     * over 0..255 each position takes every value once while its neighbours take other values.
     */
    static byte[] everyValuePattern(int length, int k, int salt) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (k + salt * i);
        }
        return bytes;
    }

    /** {@code pattern} with every bit cleared that is set in {@code other}: a plane disjoint from {@code other}. */
    static byte[] without(byte[] pattern, byte[] other) {
        byte[] bytes = pattern.clone();
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] &= (byte) ~other[i];
        }
        return bytes;
    }

    // ---- regions ----

    /** {@code data} at {@code offset} in an array of {@code offset + data.length + after} bytes, the rest {@code fill}. */
    static byte[] embed(byte[] data, int offset, int after, byte fill) {
        byte[] array = filled(offset + data.length + after, fill);
        System.arraycopy(data, 0, array, offset, data.length);
        return array;
    }

    /** Checks that {@code array} holds {@code expected} at {@code offset} and {@code fill} everywhere else. */
    static void assertRegion(byte[] expected, byte[] array, int offset, byte fill, String what) {
        assertArrayEquals(expected, Arrays.copyOfRange(array, offset, offset + expected.length), what);
        for (int i = 0; i < array.length; i++) {
            if (i < offset || i >= offset + expected.length) {
                int index = i;
                assertEquals(fill, array[i], () -> what + ": byte " + index + " outside the region changed");
            }
        }
    }
}
