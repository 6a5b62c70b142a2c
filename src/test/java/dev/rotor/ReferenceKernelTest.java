package dev.rotor;

import static dev.rotor.TestData.GARBAGE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

import dev.rotor.LiteralExamples.Example;
import dev.rotor.kernel.ReferenceKernel;

/** The oracle itself, checked against hand-written examples of FORMATS.md; every other kernel is checked against it. */
class ReferenceKernelTest {
    private final ReferenceKernel kernel = new ReferenceKernel();

    private static MemorySegment segment(byte[] bytes) {
        return MemorySegment.ofArray(bytes);
    }

    @ParameterizedTest
    @FieldSource("dev.rotor.LiteralExamples#ALL")
    void decodesBitNetExamples(Example e) {
        byte[] pos = TestData.filled(e.pos().length, GARBAGE);
        byte[] neg = TestData.filled(e.neg().length, GARBAGE);
        long invalid = kernel.bitnetToPlanes(segment(e.packed()), segment(pos), segment(neg), e.shape().rows(),
                e.shape().cols());
        assertEquals(0, invalid);
        assertArrayEquals(e.pos(), pos, "pos");
        assertArrayEquals(e.neg(), neg, "neg");
    }

    @ParameterizedTest
    @FieldSource("dev.rotor.LiteralExamples#ALL")
    void encodesBitNetExamples(Example e) {
        byte[] packed = TestData.filled(e.packed().length, GARBAGE);
        long both = kernel.planesToBitnet(segment(e.pos()), segment(e.neg()), segment(packed), e.shape().rows(),
                e.shape().cols());
        assertEquals(0, both);
        assertArrayEquals(e.packed(), packed);
    }

    @ParameterizedTest
    @FieldSource("dev.rotor.LiteralExamples#ALL")
    void encodesInt8Examples(Example e) {
        byte[] values = TestData.filled(e.values().length, GARBAGE);
        assertEquals(0, kernel.planesToInt8(segment(e.pos()), segment(e.neg()), segment(values), e.shape().rows(),
                e.shape().cols()));
        assertArrayEquals(e.values(), values);
    }

    @ParameterizedTest
    @FieldSource("dev.rotor.LiteralExamples#ALL")
    void decodesInt8Examples(Example e) {
        byte[] pos = TestData.filled(e.pos().length, GARBAGE);
        byte[] neg = TestData.filled(e.neg().length, GARBAGE);
        assertEquals(0, kernel.int8ToPlanes(segment(e.values()), segment(pos), segment(neg), e.shape().rows(),
                e.shape().cols()));
        assertArrayEquals(e.pos(), pos, "pos");
        assertArrayEquals(e.neg(), neg, "neg");
    }

    /** Weight (r, c) is bit c % 8 of byte r * ceil(cols / 8) + c / 8, in pos for +1 and in neg for -1. */
    @Test
    void eachWeightLandsOnItsOwnPlaneBit() {
        Shape shape = Shape.of(3, 11);
        for (int r = 0; r < shape.rows(); r++) {
            for (int c = 0; c < shape.cols(); c++) {
                byte[] values = new byte[shape.weights()];
                values[shape.index(r, c)] = (byte) (c % 2 == 0 ? 1 : -1);
                byte[] expectedSet = new byte[shape.planeBytes()];
                expectedSet[r * shape.planeStride() + c / 8] = (byte) (1 << (c % 8));
                byte[] pos = new byte[shape.planeBytes()];
                byte[] neg = new byte[shape.planeBytes()];
                kernel.int8ToPlanes(segment(values), segment(pos), segment(neg), shape.rows(), shape.cols());
                String at = "weight (" + r + ", " + c + ")";
                assertArrayEquals(c % 2 == 0 ? expectedSet : new byte[shape.planeBytes()], pos, at + " pos");
                assertArrayEquals(c % 2 == 0 ? new byte[shape.planeBytes()] : expectedSet, neg, at + " neg");
            }
        }
    }

    /** On random matrices, every weight sits where FORMATS.md puts it in the planes and in the 2-bit form. */
    @ParameterizedTest
    @CsvSource({"1, 1", "3, 13", "5, 64", "7, 1001"})
    void randomMatricesFollowTheLiteralLayouts(int rows, int cols) {
        Shape shape = Shape.of(rows, cols);
        byte[] values = TestData.randomValues(shape, ValueMix.UNIFORM_THIRDS, rows * 1000L + cols);
        byte[] pos = TestData.filled(shape.planeBytes(), GARBAGE);
        byte[] neg = TestData.filled(shape.planeBytes(), GARBAGE);
        kernel.int8ToPlanes(segment(values), segment(pos), segment(neg), rows, cols);
        byte[] expectedPos = new byte[shape.planeBytes()];
        byte[] expectedNeg = new byte[shape.planeBytes()];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                byte w = values[shape.index(r, c)];
                if (w != 0) {
                    TestData.setBit(w > 0 ? expectedPos : expectedNeg, shape, r, c);
                }
            }
        }
        assertArrayEquals(expectedPos, pos, "pos");
        assertArrayEquals(expectedNeg, neg, "neg");
        byte[] packed = TestData.filled(shape.packedBytes(), GARBAGE);
        kernel.planesToBitnet(segment(pos), segment(neg), segment(packed), rows, cols);
        assertArrayEquals(TestData.packBitNet(shape, values), packed, "2-bit");
    }

    /** Code 11 counts as invalid and decodes as 0; the unused codes after the last column are not read. */
    @Test
    void invalidCodesAreCountedAndDecodedAsZero() {
        // 1x6: codes (c0..c3) 11 10 11 01 = 0b01_11_10_11, (c4, c5) 11 00, unused 11 11 = 0b11_11_00_11.
        byte[] packed = {(byte) 0b01_11_10_11, (byte) 0b11_11_00_11};
        byte[] pos = new byte[1];
        byte[] neg = new byte[1];
        assertEquals(3, kernel.bitnetToPlanes(segment(packed), segment(pos), segment(neg), 1, 6));
        assertEquals(0b0000_0010, pos[0]);
        assertEquals(0b0000_1000, neg[0]);
    }

    /** Padding bits of the planes are never read; unused 2-bit codes are written as 00. */
    @Test
    void paddingIsIgnoredOnReadAndZeroOnWrite() {
        // 1x3 = [+1, -1, 0]; every padding bit set in both planes.
        byte[] pos = {(byte) 0b1111_1001};
        byte[] neg = {(byte) 0b1111_1010};
        byte[] packed = {GARBAGE};
        assertEquals(0, kernel.planesToBitnet(segment(pos), segment(neg), segment(packed), 1, 3));
        assertEquals(0b00_01_10, packed[0]);
        byte[] values = new byte[3];
        assertEquals(0, kernel.planesToInt8(segment(pos), segment(neg), segment(values), 1, 3));
        assertArrayEquals(new byte[] {1, -1, 0}, values);
    }

    @Test
    void countsWeightsWithBothPlaneBitsSet() {
        byte[] pos = {(byte) 0b0000_0111};
        byte[] neg = {(byte) 0b0000_0110};
        assertEquals(2, kernel.planesToBitnet(segment(pos), segment(neg), segment(new byte[2]), 1, 8));
        assertEquals(2, kernel.planesToInt8(segment(pos), segment(neg), segment(new byte[8]), 1, 8));
    }

    @Test
    void countsInt8ValuesOutsideMinusOneToOne() {
        byte[] values = {2, 0, -2, 1, 127, -128, -1, 0, 3};
        assertEquals(5, kernel.int8ToPlanes(segment(values), segment(new byte[2]), segment(new byte[2]), 1, 9));
    }
}
