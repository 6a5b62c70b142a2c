package dev.rotor;

import static dev.rotor.InvalidCodePolicy.LENIENT;
import static dev.rotor.InvalidCodePolicy.STRICT;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.Consumer;

/**
 * Calls every public conversion can receive that are wrong, each with a fragment the
 * IllegalArgumentException's message must contain. The matrix is 2x10: 6 packed bytes, 4 bytes per
 * plane, 20 int8 values.
 */
final class BadArguments {
    private BadArguments() { }

    private static final int R = 2;
    private static final int C = 10;
    private static final int PACKED = 6;
    private static final int PLANE = 4;
    private static final int INT8 = 20;
    /** 65536 x 65536 needs 2^32 int8 bytes and 2^29 bytes per plane: sizes that overflow an int. */
    private static final int HUGE = 65536;

    record BadCall(String name, Consumer<ConversionApi> call, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static BadCall bad(String name, String message, Consumer<ConversionApi> call) {
        return new BadCall(name, call, message);
    }

    private static byte[] b(int length) {
        return new byte[length];
    }

    private static MemorySegment s(int length) {
        return MemorySegment.ofArray(new byte[length]);
    }

    static final List<BadCall> ALLOCATING = List.of(
            bad("fromBitNet: null input", "packed input is null", a -> a.fromBitNet(null, R, C, STRICT)),
            bad("fromBitNet: input too short", "packed input has 5 bytes, expected 6",
                    a -> a.fromBitNet(b(5), R, C, STRICT)),
            bad("fromBitNet: input too long", "packed input has 7 bytes, expected 6",
                    a -> a.fromBitNet(b(7), R, C, STRICT)),
            bad("fromBitNet: negative rows", "negative matrix size: -1x10", a -> a.fromBitNet(b(PACKED), -1, C, STRICT)),
            bad("fromBitNet: negative cols", "negative matrix size: 2x-10", a -> a.fromBitNet(b(PACKED), R, -C, STRICT)),
            bad("fromBitNet: null policy", "policy is null", a -> a.fromBitNet(b(PACKED), R, C, null)),
            bad("fromBitNet: too big for an array", "more than a Java array holds",
                    a -> a.fromBitNet(b(0), HUGE, 16 * HUGE, STRICT)),
            bad("toBitNet: null planes", "planes is null", a -> a.toBitNet(null)),
            bad("toInt8: null planes", "planes is null", a -> a.toInt8(null)),
            bad("fromInt8: null input", "int8 input is null", a -> a.fromInt8(null, R, C)),
            bad("fromInt8: input too short", "int8 input has 19 bytes, expected 20", a -> a.fromInt8(b(19), R, C)),
            bad("fromInt8: negative cols", "negative matrix size: 2x-1", a -> a.fromInt8(b(INT8), R, -1)),
            bad("fromInt8: too big for an array", "more than a Java array holds", a -> a.fromInt8(b(0), HUGE, HUGE)));

    static final List<BadCall> SEGMENTS = List.of(
            bad("fromBitNet: null input", "packed input is null", a -> a.fromBitNet(null, R, C, s(PLANE), s(PLANE), STRICT)),
            bad("fromBitNet: input too short", "packed input: need 6 bytes but the segment has 5",
                    a -> a.fromBitNet(s(5), R, C, s(PLANE), s(PLANE), STRICT)),
            bad("fromBitNet: pos too short", "pos plane: need 4 bytes but the segment has 3",
                    a -> a.fromBitNet(s(PACKED), R, C, s(3), s(PLANE), STRICT)),
            bad("fromBitNet: null neg", "neg plane is null", a -> a.fromBitNet(s(PACKED), R, C, s(PLANE), null, LENIENT)),
            bad("fromBitNet: negative rows", "negative matrix size: -2x10",
                    a -> a.fromBitNet(s(PACKED), -R, C, s(PLANE), s(PLANE), STRICT)),
            bad("fromBitNet: null policy", "policy is null", a -> a.fromBitNet(s(PACKED), R, C, s(PLANE), s(PLANE), null)),
            bad("toBitNet: null pos", "pos plane is null", a -> a.toBitNet(null, s(PLANE), R, C, s(PACKED))),
            bad("toBitNet: output too short", "packed output: need 6 bytes but the segment has 5",
                    a -> a.toBitNet(s(PLANE), s(PLANE), R, C, s(5))),
            bad("toBitNet: negative cols", "negative matrix size: 2x-10",
                    a -> a.toBitNet(s(PLANE), s(PLANE), R, -C, s(PACKED))),
            bad("toInt8: neg too short", "neg plane: need 4 bytes but the segment has 3",
                    a -> a.toInt8(s(PLANE), s(3), R, C, s(INT8))),
            bad("toInt8: output too short", "int8 output: need 20 bytes but the segment has 19",
                    a -> a.toInt8(s(PLANE), s(PLANE), R, C, s(19))),
            bad("toInt8: null output", "int8 output is null", a -> a.toInt8(s(PLANE), s(PLANE), R, C, null)),
            bad("fromInt8: null input", "int8 input is null", a -> a.fromInt8(null, R, C, s(PLANE), s(PLANE))),
            bad("fromInt8: input too short", "int8 input: need 20 bytes but the segment has 19",
                    a -> a.fromInt8(s(19), R, C, s(PLANE), s(PLANE))),
            bad("fromInt8: null pos", "pos plane is null", a -> a.fromInt8(s(INT8), R, C, null, s(PLANE))),
            bad("fromInt8: huge matrix", "int8 input: need 4294967296 bytes but the segment has 20",
                    a -> a.fromInt8(s(INT8), HUGE, HUGE, s(PLANE), s(PLANE))));
}
