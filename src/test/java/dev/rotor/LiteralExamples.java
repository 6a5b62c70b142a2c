package dev.rotor;

import java.util.List;

/** Matrices worked out by hand from FORMATS.md sections 1 and 2, in all three forms. */
final class LiteralExamples {
    private LiteralExamples() { }

    record Example(String name, Shape shape, byte[] values, byte[] packed, byte[] pos, byte[] neg) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** FORMATS.md: the byte 0b00_01_00_10 (0x12) holds [+1, 0, -1, 0]. */
    static final Example FORMATS_BYTE = new Example("0x12 = [+1, 0, -1, 0]", Shape.of(1, 4),
            bytes(1, 0, -1, 0), bytes(0x12), bytes(0b0001), bytes(0b0100));

    static final List<Example> ALL = List.of(
            FORMATS_BYTE,
            // Row 0 = [+1, -1, 0, 0, +1]: codes 10 01 00 00 | 10 -> 0x06 0x02; pos bits 0, 4; neg bit 1.
            // Row 1 = [0, 0, -1, +1, -1]: codes 00 00 01 10 | 01 -> 0x90 0x01; pos bit 3; neg bits 2, 4.
            new Example("2x5, two 2-bit bytes per row, padded planes", Shape.of(2, 5),
                    bytes(1, -1, 0, 0, 1, 0, 0, -1, 1, -1), bytes(0x06, 0x02, 0x90, 0x01),
                    bytes(0x11, 0x08), bytes(0x02, 0x14)),
            // [-1, +1, 0, -1, +1, 0, 0, 0, -1]: codes 01 10 00 01 | 10 00 00 00 | 01 -> 0x49 0x02 0x01;
            // pos bits 1, 4 -> 0x12 0x00; neg bits 0, 3 and 8 (bit 0 of the second byte) -> 0x09 0x01.
            new Example("1x9, a row across two plane bytes", Shape.of(1, 9),
                    bytes(-1, 1, 0, -1, 1, 0, 0, 0, -1), bytes(0x49, 0x02, 0x01),
                    bytes(0x12, 0x00), bytes(0x09, 0x01)),
            // 8 columns: no padding, rows of exactly one plane byte.
            new Example("2x8, all +1 then all -1", Shape.of(2, 8),
                    bytes(1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1, -1),
                    bytes(0xAA, 0xAA, 0x55, 0x55), bytes(0xFF, 0x00), bytes(0x00, 0xFF)));
}
