package dev.rotor;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

import dev.rotor.LiteralExamples.Example;

class RotorPlanesTest {
    private static void assertRejected(String messagePart, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(messagePart),
                () -> "message \"" + e.getMessage() + "\" should contain \"" + messagePart + "\"");
    }

    @ParameterizedTest
    @FieldSource("dev.rotor.LiteralExamples#ALL")
    void getReadsEveryWeightOfTheExamples(Example e) {
        RotorPlanes planes = RotorPlanes.of(e.shape().rows(), e.shape().cols(), e.pos(), e.neg());
        for (int r = 0; r < e.shape().rows(); r++) {
            for (int c = 0; c < e.shape().cols(); c++) {
                assertEquals(e.values()[e.shape().index(r, c)], planes.get(r, c), "weight (" + r + ", " + c + ")");
            }
        }
    }

    @Test
    void getRejectsPositionsOutsideTheMatrix() {
        RotorPlanes planes = RotorPlanes.zeros(2, 5);
        assertAll(
                () -> assertThrows(IndexOutOfBoundsException.class, () -> planes.get(-1, 0)),
                () -> assertThrows(IndexOutOfBoundsException.class, () -> planes.get(2, 0)),
                () -> assertThrows(IndexOutOfBoundsException.class, () -> planes.get(0, -1)),
                // Column 5 lies in the padding of the row's plane byte: still outside the matrix.
                () -> assertThrows(IndexOutOfBoundsException.class, () -> planes.get(0, 5)));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1", "7, 1", "8, 1", "9, 2", "16, 2", "2560, 320", "6912, 864"})
    void strideIsCeilColsOverEight(int cols, int stride) {
        assertEquals(stride, RotorPlanes.strideOf(cols));
        assertEquals(stride, RotorPlanes.zeros(3, cols).stride());
    }

    @Test
    void zerosHasTheShapeAndOnlyZeroWeights() {
        RotorPlanes planes = RotorPlanes.zeros(3, 11);
        assertAll(
                () -> assertEquals(3, planes.rows()),
                () -> assertEquals(11, planes.cols()),
                () -> assertEquals(6, planes.pos().length),
                () -> assertEquals(6, planes.neg().length),
                () -> assertEquals(0, planes.get(2, 10)),
                () -> assertEquals(0, planes.invalidCodes()));
    }

    @Test
    void ofSharesTheCallersArrays() {
        byte[] pos = {1};
        byte[] neg = {2};
        RotorPlanes planes = RotorPlanes.of(1, 2, pos, neg);
        assertSame(pos, planes.pos());
        assertSame(neg, planes.neg());
    }

    @Test
    void ofRejectsAWeightBothPlusAndMinus() {
        byte[] pos = new byte[6];
        byte[] neg = new byte[6];
        pos[5] = 0b0000_0100; // row 2, column 10
        neg[5] = 0b0000_0110;
        assertRejected("weight (row 2, column 10) is both +1 and -1", () -> RotorPlanes.of(3, 11, pos, neg));
    }

    @Test
    void ofRejectsSetPaddingBits() {
        byte[] pos = new byte[6];
        byte[] neg = new byte[6];
        neg[3] = 0b0000_1000; // row 1, bit 11 of a row of 11 columns
        assertRejected("padding bits past column 10 are set in row 1", () -> RotorPlanes.of(3, 11, pos, neg));
    }

    @Test
    void ofRejectsWrongSizesAndNulls() {
        assertAll(
                () -> assertRejected("pos plane has 5 bytes, expected 6", () -> RotorPlanes.of(3, 11, new byte[5], new byte[6])),
                () -> assertRejected("neg plane has 7 bytes, expected 6", () -> RotorPlanes.of(3, 11, new byte[6], new byte[7])),
                () -> assertRejected("pos plane is null", () -> RotorPlanes.of(3, 11, null, new byte[6])),
                () -> assertRejected("neg plane is null", () -> RotorPlanes.of(3, 11, new byte[6], null)),
                () -> assertRejected("negative matrix size", () -> RotorPlanes.of(-3, 11, new byte[6], new byte[6])),
                () -> assertRejected("negative matrix size", () -> RotorPlanes.zeros(3, -1)),
                () -> assertRejected("more than a Java array holds", () -> RotorPlanes.zeros(Integer.MAX_VALUE, 64)));
    }

    @Test
    void equalPlanesHaveTheSameShapeAndBits() {
        RotorPlanes a = RotorPlanes.of(2, 5, new byte[] {0x11, 0x08}, new byte[] {0x02, 0x14});
        RotorPlanes same = RotorPlanes.of(2, 5, new byte[] {0x11, 0x08}, new byte[] {0x02, 0x14});
        assertAll(
                () -> assertEquals(a, same),
                () -> assertEquals(a.hashCode(), same.hashCode()),
                () -> assertNotEquals(a, RotorPlanes.of(2, 5, new byte[] {0x11, 0x08}, new byte[] {0x02, 0x04})),
                () -> assertNotEquals(a, RotorPlanes.of(2, 5, new byte[] {0x11, 0x00}, new byte[] {0x02, 0x14})),
                // Same bytes, other shape: 2x8 and 1x16 both have 2 plane bytes.
                () -> assertNotEquals(RotorPlanes.zeros(2, 8), RotorPlanes.zeros(1, 16)),
                () -> assertNotEquals(RotorPlanes.zeros(2, 7), RotorPlanes.zeros(2, 8)),
                () -> assertNotEquals(a, "RotorPlanes[2x5]"));
    }

    @Test
    void invalidCodeCountIsReportedButNotCompared() {
        byte[] packed = {(byte) 0b11_11_00_10};
        RotorPlanes lenient = ConversionApi.REFERENCE.fromBitNet(packed, 1, 4, InvalidCodePolicy.LENIENT);
        RotorPlanes clean = ConversionApi.REFERENCE.fromBitNet(new byte[] {0b10}, 1, 4, InvalidCodePolicy.STRICT);
        assertAll(
                () -> assertEquals(2, lenient.invalidCodes()),
                () -> assertEquals(clean, lenient),
                () -> assertEquals("RotorPlanes[1x4, 2 invalid codes read as 0]", lenient.toString()),
                () -> assertEquals("RotorPlanes[1x4]", clean.toString()));
    }
}
