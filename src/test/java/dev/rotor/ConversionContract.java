package dev.rotor;

import static dev.rotor.InvalidCodePolicy.LENIENT;
import static dev.rotor.InvalidCodePolicy.STRICT;
import static dev.rotor.TestData.GARBAGE;
import static dev.rotor.TestData.INVALID_CODES;
import static dev.rotor.TestData.PATTERNS;
import static dev.rotor.TestData.SENTINEL;
import static dev.rotor.TestData.everyValuePattern;
import static dev.rotor.TestData.expected;
import static dev.rotor.TestData.filled;
import static dev.rotor.TestData.without;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rotor.BadArguments.BadCall;
import dev.rotor.LiteralExamples.Example;
import dev.rotor.TestData.Expected;
import dev.rotor.TernaryArbitraries.Matrix;
import dev.rotor.TernaryArbitraries.Packed;
import dev.rotor.TernaryArbitraries.Planes;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * What every implementation of the conversions must do, checked in all four directions (2-bit to
 * planes, planes to 2-bit, planes to int8, int8 to planes) against the reference kernel, which is
 * itself checked against hand-written examples in {@link ReferenceKernelTest}. Subclasses only say
 * which implementation runs: a kernel behind {@link Conversions}, or the {@link Rotor} facade.
 */
abstract class ConversionContract {
    static final ConversionApi REFERENCE = ConversionApi.REFERENCE;
    static final long SEED = 0x5EED_B17EL;

    /** The implementation under test. */
    abstract ConversionApi api();

    /** Weight (row, col) of a matrix. */
    record Spot(int row, int col) {
        static Spot first(List<Spot> spots) {
            return spots.stream().min(Comparator.comparingInt(Spot::row).thenComparingInt(Spot::col)).orElseThrow();
        }

        @Override
        public String toString() {
            return "(" + row + ", " + col + ")";
        }
    }

    private static Spot at(int row, int col) {
        return new Spot(row, col);
    }

    // ---- hand-written examples and empty matrices ----

    @ParameterizedTest
    @FieldSource("dev.rotor.LiteralExamples#ALL")
    void convertsLiteralExamplesInEveryDirection(Example e) {
        Shape s = e.shape();
        RotorPlanes fromPacked = api().fromBitNet(e.packed(), s.rows(), s.cols(), STRICT);
        RotorPlanes fromValues = api().fromInt8(e.values(), s.rows(), s.cols());
        assertAll(
                () -> assertPlanes(e.pos(), e.neg(), fromPacked, "2-bit -> planes"),
                () -> assertPlanes(e.pos(), e.neg(), fromValues, "int8 -> planes"),
                () -> assertArrayEquals(e.packed(), api().toBitNet(fromValues), "planes -> 2-bit"),
                () -> assertArrayEquals(e.values(), api().toInt8(fromPacked), "planes -> int8"));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "0, 9", "5, 0"})
    void emptyMatricesGiveEmptyOutputs(int rows, int cols) {
        RotorPlanes planes = api().fromBitNet(new byte[0], rows, cols, STRICT);
        assertAll(
                () -> assertEquals(0, planes.pos().length),
                () -> assertEquals(RotorPlanes.zeros(rows, cols), api().fromInt8(new byte[0], rows, cols)),
                () -> assertEquals(0, api().toBitNet(planes).length),
                () -> assertEquals(0, api().toInt8(planes).length),
                // An offset at the very end of an array is fine when nothing is read or written there.
                () -> assertEquals(0, api().fromBitNet(new byte[3], 3, rows, cols, new byte[2], 2, new byte[1], 1,
                        STRICT)));
    }

    // ---- every byte value at every byte position, against the reference ----

    private static void forEachExhaustiveShape(Consumer<Shape> check) {
        for (int rows : new int[] {1, 2, 3, 7}) {
            for (int cols = 1; cols <= 130; cols++) {
                check.accept(Shape.of(rows, cols));
            }
        }
    }

    /** Planes where pos (then neg) holds every byte value at every position, the other plane disjoint from it. */
    private static void forEachPlanePattern(PlaneCheck check) {
        forEachExhaustiveShape(s -> {
            for (int k = 0; k < PATTERNS; k++) {
                byte[] all = everyValuePattern(s.planeBytes(), k, 0x3B);
                byte[] other = without(everyValuePattern(s.planeBytes(), 255 - k, 0x65), all);
                int pattern = k;
                check.accept(s, all, other, () -> s + " pattern " + pattern + " in pos");
                check.accept(s, other, all, () -> s + " pattern " + pattern + " in neg");
            }
        });
    }

    interface PlaneCheck {
        void accept(Shape s, byte[] pos, byte[] neg, Supplier<String> what);
    }

    @Test
    void bitnetToPlanesMatchesReferenceForEveryByteAtEveryPosition() {
        forEachExhaustiveShape(s -> {
            for (int k = 0; k < PATTERNS; k++) {
                byte[] packed = everyValuePattern(s.packedBytes(), k, 0x9D);
                int pattern = k;
                assertSameDecoding(s, packed, () -> s + " pattern " + pattern);
            }
        });
    }

    @Test
    void planesToBitnetMatchesReferenceForEveryByteAtEveryPosition() {
        forEachPlanePattern((s, pos, neg, what) ->
                assertArrayEquals(encodeBitNet(REFERENCE, s, pos, neg), encodeBitNet(api(), s, pos, neg), what));
    }

    @Test
    void planesToInt8MatchesReferenceForEveryByteAtEveryPosition() {
        forEachPlanePattern((s, pos, neg, what) ->
                assertArrayEquals(encodeInt8(REFERENCE, s, pos, neg), encodeInt8(api(), s, pos, neg), what));
    }

    @Test
    void int8ToPlanesMatchesReferenceForEveryByteAtEveryPosition() {
        forEachPlanePattern((s, pos, neg, what) -> {
            byte[] values = encodeInt8(REFERENCE, s, pos, neg);
            assertSameInt8Decoding(s, values, what);
        });
    }

    /** LENIENT decoding into dirty planes: same planes and same invalid-code count as the reference. */
    private void assertSameDecoding(Shape s, byte[] packed, Supplier<String> what) {
        byte[][] expected = {filled(s.planeBytes(), GARBAGE), filled(s.planeBytes(), GARBAGE)};
        byte[][] actual = {filled(s.planeBytes(), GARBAGE), filled(s.planeBytes(), GARBAGE)};
        long expectedInvalid = REFERENCE.fromBitNet(packed, 0, s.rows(), s.cols(), expected[0], 0, expected[1], 0,
                LENIENT);
        long invalid = api().fromBitNet(packed, 0, s.rows(), s.cols(), actual[0], 0, actual[1], 0, LENIENT);
        assertEquals(expectedInvalid, invalid, what);
        assertArrayEquals(expected[0], actual[0], what);
        assertArrayEquals(expected[1], actual[1], what);
    }

    private void assertSameInt8Decoding(Shape s, byte[] values, Supplier<String> what) {
        byte[][] expected = {filled(s.planeBytes(), GARBAGE), filled(s.planeBytes(), GARBAGE)};
        byte[][] actual = {filled(s.planeBytes(), GARBAGE), filled(s.planeBytes(), GARBAGE)};
        REFERENCE.fromInt8(values, 0, s.rows(), s.cols(), expected[0], 0, expected[1], 0);
        api().fromInt8(values, 0, s.rows(), s.cols(), actual[0], 0, actual[1], 0);
        assertArrayEquals(expected[0], actual[0], what);
        assertArrayEquals(expected[1], actual[1], what);
    }

    private static byte[] encodeBitNet(ConversionApi api, Shape s, byte[] pos, byte[] neg) {
        byte[] packed = filled(s.packedBytes(), GARBAGE);
        api.toBitNet(pos, 0, neg, 0, s.rows(), s.cols(), packed, 0);
        return packed;
    }

    private static byte[] encodeInt8(ConversionApi api, Shape s, byte[] pos, byte[] neg) {
        byte[] values = filled(s.weights(), GARBAGE);
        api.toInt8(pos, 0, neg, 0, s.rows(), s.cols(), values, 0);
        return values;
    }

    // ---- seeded random matrices ----

    static Stream<Arguments> awkwardShapesAndMixes() {
        List<Shape> shapes = List.of(Shape.of(1, 1), Shape.of(1, 7), Shape.of(1, 8), Shape.of(1, 9), Shape.of(1, 1000),
                Shape.of(1, 4099), Shape.of(2, 127), Shape.of(3, 131), Shape.of(5, 257), Shape.of(64, 64),
                Shape.of(7, 509), Shape.of(13, 1021), Shape.of(4, 2053), Shape.of(2, 4096));
        return shapes.stream().flatMap(s -> Arrays.stream(ValueMix.values()).map(mix -> arguments(s, mix)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("awkwardShapesAndMixes")
    void randomMatricesAgreeWithReferenceInEveryDirection(Shape shape, ValueMix mix) {
        assertEveryDirection(expected(shape, mix, SEED));
    }

    /** BitNet b1.58 2B4T layer shapes (FORMATS.md section 8) with trained-model value mixes. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"2560, 2560, UNIFORM_THIRDS", "6912, 2560, FORTY_PERCENT_ZEROS"})
    void realisticLayerShapesAgreeWithReferenceInEveryDirection(int rows, int cols, ValueMix mix) {
        assertEveryDirection(expected(Shape.of(rows, cols), mix, SEED));
    }

    private void assertEveryDirection(Expected e) {
        assertEveryDirection(api(), e);
    }

    /** The allocating conversions of {@code api} turn the expected matrix's every form into the others. */
    static void assertEveryDirection(ConversionApi api, Expected e) {
        Shape s = e.shape();
        RotorPlanes planes = api.fromInt8(e.values(), s.rows(), s.cols());
        assertPlanes(e.planes().pos(), e.planes().neg(), planes, "int8 -> planes");
        assertArrayEquals(e.packed(), api.toBitNet(planes), "planes -> 2-bit");
        RotorPlanes decoded = api.fromBitNet(e.packed(), s.rows(), s.cols(), STRICT);
        assertPlanes(e.planes().pos(), e.planes().neg(), decoded, "2-bit -> planes");
        assertEquals(0, decoded.invalidCodes());
        assertArrayEquals(e.values(), api.toInt8(planes), "planes -> int8");
    }

    private static void assertPlanes(byte[] pos, byte[] neg, RotorPlanes actual, String what) {
        assertArrayEquals(pos, actual.pos(), what + ": pos");
        assertArrayEquals(neg, actual.neg(), what + ": neg");
    }

    // ---- properties ----

    @Property(tries = 200)
    void bitnetRoundTripIsIdentityOnValidInput(@ForAll(supplier = TernaryArbitraries.ValidMatrices.class) Matrix m) {
        Shape s = m.shape();
        byte[] packed = TestData.packBitNet(s, m.values());
        RotorPlanes planes = api().fromBitNet(packed, s.rows(), s.cols(), STRICT);
        assertArrayEquals(packed, api().toBitNet(planes));
    }

    @Property(tries = 200)
    void int8RoundTripIsIdentity(@ForAll(supplier = TernaryArbitraries.ValidMatrices.class) Matrix m) {
        Shape s = m.shape();
        assertArrayEquals(m.values(), api().toInt8(api().fromInt8(m.values(), s.rows(), s.cols())));
    }

    @Property(tries = 200)
    void decodingAnyBytesAgreesWithReference(@ForAll(supplier = TernaryArbitraries.AnyPacked.class) Packed p) {
        assertSameDecoding(p.shape(), p.bytes(), p::toString);
    }

    @Property(tries = 200)
    void encodingAnyPlanesAgreesWithReference(@ForAll(supplier = TernaryArbitraries.DisjointPlanes.class) Planes p) {
        Shape s = p.shape();
        assertArrayEquals(encodeBitNet(REFERENCE, s, p.pos(), p.neg()), encodeBitNet(api(), s, p.pos(), p.neg()));
        assertArrayEquals(encodeInt8(REFERENCE, s, p.pos(), p.neg()), encodeInt8(api(), s, p.pos(), p.neg()));
    }

    @Property(tries = 200)
    void decodingInt8AgreesWithReference(@ForAll(supplier = TernaryArbitraries.MostlyTernaryMatrices.class) Matrix m) {
        Shape s = m.shape();
        assertEquals(int8Outcome(REFERENCE, s, m.values()), int8Outcome(api(), s, m.values()));
    }

    /** The planes as text, or the rejection message. */
    private static String int8Outcome(ConversionApi api, Shape s, byte[] values) {
        try {
            RotorPlanes planes = api.fromInt8(values, s.rows(), s.cols());
            return "pos " + Arrays.toString(planes.pos()) + " neg " + Arrays.toString(planes.neg());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    // ---- caller's arrays at offsets, caller's segments ----

    static Stream<Arguments> regionCases() {
        return Stream.of(arguments(Shape.of(1, 1), 3, 0), arguments(Shape.of(3, 13), 1, 5),
                arguments(Shape.of(2, 64), 7, 3), arguments(Shape.of(4, 300), 13, 1), arguments(Shape.of(9, 1024), 2, 9));
    }

    /**
     * Each direction reads only its input region and writes only its output region. Around the regions
     * lie bytes that are invalid if read (codes 11, both plane bits set, int8 90) and that must stay.
     */
    @ParameterizedTest(name = "{0}, input offset {1}, output offset {2}")
    @MethodSource("regionCases")
    void arrayVariantsUseOnlyTheirRegions(Shape s, int in, int out) {
        Expected e = expected(s, ValueMix.FORTY_PERCENT_ZEROS, SEED);
        int r = s.rows();
        int c = s.cols();
        byte[] packed = TestData.embed(e.packed(), in, 5, INVALID_CODES);
        byte[] pos = filled(out + s.planeBytes() + 4, SENTINEL);
        byte[] neg = filled(out + 1 + s.planeBytes() + 4, SENTINEL);
        assertEquals(0, api().fromBitNet(packed, in, r, c, pos, out, neg, out + 1, STRICT));
        TestData.assertRegion(e.planes().pos(), pos, out, SENTINEL, "2-bit -> planes: pos");
        TestData.assertRegion(e.planes().neg(), neg, out + 1, SENTINEL, "2-bit -> planes: neg");
        TestData.assertRegion(e.packed(), packed, in, INVALID_CODES, "2-bit -> planes: input");

        byte[] repacked = filled(in + s.packedBytes() + 6, SENTINEL);
        api().toBitNet(pos, out, neg, out + 1, r, c, repacked, in);
        TestData.assertRegion(e.packed(), repacked, in, SENTINEL, "planes -> 2-bit");

        byte[] values = filled(in + s.weights() + 6, SENTINEL);
        api().toInt8(pos, out, neg, out + 1, r, c, values, in);
        TestData.assertRegion(e.values(), values, in, SENTINEL, "planes -> int8");

        byte[] pos2 = filled(out + 2 + s.planeBytes(), SENTINEL);
        byte[] neg2 = filled(out + s.planeBytes() + 7, SENTINEL);
        api().fromInt8(values, in, r, c, pos2, out + 2, neg2, out);
        TestData.assertRegion(e.planes().pos(), pos2, out + 2, SENTINEL, "int8 -> planes: pos");
        TestData.assertRegion(e.planes().neg(), neg2, out, SENTINEL, "int8 -> planes: neg");
    }

    static Stream<Arguments> segmentCases() {
        return Arrays.stream(SegmentRegion.Kind.values()).flatMap(kind -> Stream.of(Shape.of(1, 1), Shape.of(3, 13),
                Shape.of(4, 300), Shape.of(9, 1024)).map(s -> arguments(kind, s)));
    }

    /** Heap and off-heap segments, at odd offsets and larger than needed: only the first bytes needed are used. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("segmentCases")
    void segmentVariantsUseOnlyTheFirstBytesNeeded(SegmentRegion.Kind kind, Shape s) {
        Expected e = expected(s, ValueMix.UNIFORM_THIRDS, SEED);
        int r = s.rows();
        int c = s.cols();
        try (Arena arena = Arena.ofConfined()) {
            SegmentRegion packed = SegmentRegion.holding(kind, arena, e.packed(), INVALID_CODES);
            SegmentRegion pos = SegmentRegion.empty(kind, arena, s.planeBytes());
            SegmentRegion neg = SegmentRegion.empty(kind, arena, s.planeBytes());
            assertEquals(0, api().fromBitNet(packed.segment(), r, c, pos.segment(), neg.segment(), STRICT));
            pos.assertHolds(e.planes().pos(), "2-bit -> planes: pos");
            neg.assertHolds(e.planes().neg(), "2-bit -> planes: neg");

            SegmentRegion repacked = SegmentRegion.empty(kind, arena, s.packedBytes());
            api().toBitNet(pos.segment(), neg.segment(), r, c, repacked.segment());
            repacked.assertHolds(e.packed(), "planes -> 2-bit");

            SegmentRegion values = SegmentRegion.empty(kind, arena, s.weights());
            api().toInt8(pos.segment(), neg.segment(), r, c, values.segment());
            values.assertHolds(e.values(), "planes -> int8");

            SegmentRegion pos2 = SegmentRegion.empty(kind, arena, s.planeBytes());
            SegmentRegion neg2 = SegmentRegion.empty(kind, arena, s.planeBytes());
            api().fromInt8(values.segment(), r, c, pos2.segment(), neg2.segment());
            pos2.assertHolds(e.planes().pos(), "int8 -> planes: pos");
            neg2.assertHolds(e.planes().neg(), "int8 -> planes: neg");
        }
    }

    // ---- argument errors ----

    @ParameterizedTest(name = "{0}")
    @FieldSource({"dev.rotor.BadArguments#ALLOCATING", "dev.rotor.BadArguments#SEGMENTS"})
    void rejectsBadArgumentsWithAClearMessage(BadCall bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.call().accept(api()));
        assertTrue(e.getMessage().contains(bad.message()),
                () -> "message \"" + e.getMessage() + "\" should contain \"" + bad.message() + "\"");
    }

    // ---- invalid 2-bit codes ----

    static Stream<Arguments> invalidCodeSpots() {
        return Stream.of(
                arguments(Shape.of(1, 1), List.of(at(0, 0))),
                arguments(Shape.of(4, 13), List.of(at(2, 12), at(1, 5), at(3, 0))),
                arguments(Shape.of(3, 16), List.of(at(2, 15))),
                arguments(Shape.of(2, 6), List.of(at(1, 5), at(0, 4))),
                arguments(Shape.of(3, 256), List.of(at(2, 255), at(2, 3))),
                arguments(Shape.of(2, 1001), List.of(at(1, 1000), at(0, 517))),
                arguments(Shape.of(5, 2560), List.of(at(4, 2559))));
    }

    /** Random valid weights with 0 at the given spots, and the 2-bit form with code 11 there and in every unused code. */
    private static Expected withInvalidCodes(Shape s, List<Spot> spots) {
        byte[] values = TestData.randomValues(s, ValueMix.UNIFORM_THIRDS, SEED);
        spots.forEach(spot -> values[s.index(spot.row(), spot.col())] = 0);
        byte[] packed = TestData.packBitNet(s, values);
        spots.forEach(spot -> TestData.setCode(packed, s, spot.row(), spot.col(), TestData.CODE_INVALID));
        TestData.setUnusedCodes(packed, s, TestData.CODE_INVALID);
        return new Expected(s, values, REFERENCE.fromInt8(values, s.rows(), s.cols()), packed);
    }

    /**
     * LENIENT decoding of invalid codes into off-heap planes (which the vector kernel writes differently from
     * heap arrays) decodes them as 0 and counts them, like the reference does into heap arrays.
     */
    @ParameterizedTest(name = "{0} codes 11 at {1}")
    @MethodSource("invalidCodeSpots")
    void lenientDecodesInvalidCodesIntoNativePlanesAsZero(Shape s, List<Spot> spots) {
        Expected e = withInvalidCodes(s, spots);
        try (Arena arena = Arena.ofConfined()) {
            SegmentRegion packed = SegmentRegion.holding(SegmentRegion.Kind.OFF_HEAP, arena, e.packed(), INVALID_CODES);
            SegmentRegion pos = SegmentRegion.empty(SegmentRegion.Kind.OFF_HEAP, arena, s.planeBytes());
            SegmentRegion neg = SegmentRegion.empty(SegmentRegion.Kind.OFF_HEAP, arena, s.planeBytes());
            assertEquals(spots.size(), api().fromBitNet(packed.segment(), s.rows(), s.cols(), pos.segment(),
                    neg.segment(), LENIENT));
            pos.assertHolds(e.planes().pos(), "2-bit -> planes: pos");
            neg.assertHolds(e.planes().neg(), "2-bit -> planes: neg");
        }
    }

    @ParameterizedTest(name = "{0} codes 11 at {1}")
    @MethodSource("invalidCodeSpots")
    void strictRejectsInvalidCodesNamingTheFirstAndCountingAll(Shape s, List<Spot> spots) {
        byte[] packed = withInvalidCodes(s, spots).packed();
        int r = s.rows();
        int c = s.cols();
        Spot first = Spot.first(spots);
        long offset = (long) first.row() * s.packedStride() + first.col() / 4;
        assertInvalidCode(first, offset, spots.size(), () -> api().fromBitNet(packed, r, c, STRICT));
        assertInvalidCode(first, offset, spots.size(), () -> api().fromBitNet(packed, 0, r, c,
                new byte[s.planeBytes()], 0, new byte[s.planeBytes()], 0, STRICT));
        assertInvalidCode(first, offset, spots.size(), () -> api().fromBitNet(MemorySegment.ofArray(packed), r, c,
                MemorySegment.ofArray(new byte[s.planeBytes()]), MemorySegment.ofArray(new byte[s.planeBytes()]), STRICT));
    }

    /** The byte offset counts from the start of the packed input: a slice of an array counts from the slice. */
    @Test
    void strictByteOffsetCountsFromTheInputOffset() {
        Shape s = Shape.of(3, 10);
        byte[] packed = TestData.embed(withInvalidCodes(s, List.of(at(1, 9))).packed(), 17, 0, (byte) 0);
        assertInvalidCode(at(1, 9), 5, 1, () -> api().fromBitNet(packed, 17, 3, 10, new byte[6], 0, new byte[6], 0,
                STRICT));
    }

    private static void assertInvalidCode(Spot first, long byteOffset, long count, Executable call) {
        InvalidTernaryCodeException e = assertThrows(InvalidTernaryCodeException.class, call);
        assertAll(
                () -> assertEquals(first.row(), e.row(), "row"),
                () -> assertEquals(first.col(), e.column(), "column"),
                () -> assertEquals(byteOffset, e.byteOffset(), "byte offset"),
                () -> assertEquals(count, e.invalidCount(), "count"),
                () -> assertTrue(e.getMessage().contains("row " + first.row() + ", column " + first.col()),
                        e.getMessage()),
                () -> assertTrue(e.getMessage().contains("InvalidCodePolicy.LENIENT"), "names the way out: " + e.getMessage()));
    }

    @ParameterizedTest(name = "{0} codes 11 at {1}")
    @MethodSource("invalidCodeSpots")
    void lenientDecodesInvalidCodesAsZeroAndCountsThem(Shape s, List<Spot> spots) {
        Expected e = withInvalidCodes(s, spots);
        int r = s.rows();
        int c = s.cols();
        RotorPlanes planes = api().fromBitNet(e.packed(), r, c, LENIENT);
        assertPlanes(e.planes().pos(), e.planes().neg(), planes, "allocating");
        assertEquals(spots.size(), planes.invalidCodes());

        byte[] pos = filled(s.planeBytes(), GARBAGE);
        byte[] neg = filled(s.planeBytes(), GARBAGE);
        assertEquals(spots.size(), api().fromBitNet(e.packed(), 0, r, c, pos, 0, neg, 0, LENIENT));
        assertPlanes(e.planes().pos(), e.planes().neg(), RotorPlanes.of(r, c, pos, neg), "arrays");

        MemorySegment pos2 = MemorySegment.ofArray(filled(s.planeBytes(), GARBAGE));
        MemorySegment neg2 = MemorySegment.ofArray(filled(s.planeBytes(), GARBAGE));
        assertEquals(spots.size(), api().fromBitNet(MemorySegment.ofArray(e.packed()), r, c, pos2, neg2, LENIENT));
        assertPlanes(e.planes().pos(), e.planes().neg(), RotorPlanes.of(r, c, pos2.toArray(JAVA_BYTE),
                neg2.toArray(JAVA_BYTE)), "segments");
    }

    /** Codes past the last column in a row's last byte are not weights: 11 there is fine, and 00 is written back. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 6, 7, 13, 127, 130, 257, 1023})
    void unusedTrailingCodesAreNotInvalid(int cols) {
        Shape s = Shape.of(3, cols);
        Expected e = withInvalidCodes(s, List.of());
        RotorPlanes planes = api().fromBitNet(e.packed(), s.rows(), cols, STRICT);
        assertPlanes(e.planes().pos(), e.planes().neg(), planes, "decoded");
        assertEquals(0, planes.invalidCodes());
        assertArrayEquals(TestData.packBitNet(s, e.values()), api().toBitNet(planes), "unused codes written as 00");
    }

    // ---- planes and int8 values that are not ternary ----

    static Stream<Arguments> bothSetSpots() {
        return Stream.of(
                arguments(Shape.of(1, 8), List.of(at(0, 0))),
                arguments(Shape.of(3, 21), List.of(at(2, 20))),
                arguments(Shape.of(4, 256), List.of(at(3, 200), at(1, 255))),
                arguments(Shape.of(2, 1000), List.of(at(1, 999), at(1, 998), at(1, 3))));
    }

    @ParameterizedTest(name = "{0} both set at {1}")
    @MethodSource("bothSetSpots")
    void planesWithAWeightBothPlusAndMinusAreRejected(Shape s, List<Spot> spots) {
        Expected e = expected(s, ValueMix.UNIFORM_THIRDS, SEED);
        byte[] pos = e.planes().pos().clone();
        byte[] neg = e.planes().neg().clone();
        spots.forEach(spot -> {
            TestData.setBit(pos, s, spot.row(), spot.col());
            TestData.setBit(neg, s, spot.row(), spot.col());
        });
        Spot first = Spot.first(spots);
        String message = "(row " + first.row() + ", column " + first.col() + ") is both +1 and -1";
        String count = spots.size() + " such weight";
        int r = s.rows();
        int c = s.cols();
        MemorySegment p = MemorySegment.ofArray(pos);
        MemorySegment n = MemorySegment.ofArray(neg);
        assertAll(
                () -> assertRejected(message, count, () -> api().toBitNet(pos, 0, neg, 0, r, c, new byte[s.packedBytes()], 0)),
                () -> assertRejected(message, count, () -> api().toInt8(pos, 0, neg, 0, r, c, new byte[s.weights()], 0)),
                () -> assertRejected(message, count, () -> api().toBitNet(p, n, r, c, MemorySegment.ofArray(new byte[s.packedBytes()]))),
                () -> assertRejected(message, count, () -> api().toInt8(p, n, r, c, MemorySegment.ofArray(new byte[s.weights()]))));
    }

    private static void assertRejected(String messagePart, String otherPart, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(messagePart) && e.getMessage().contains(otherPart),
                () -> "message \"" + e.getMessage() + "\" should contain \"" + messagePart + "\" and \"" + otherPart + "\"");
    }

    /** Padding bits are not weights: set in both planes they are ignored, not rejected. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 9, 15, 130, 1001})
    void paddingBitsAreIgnoredWhenReadingPlanes(int cols) {
        Shape s = Shape.of(3, cols);
        Expected e = expected(s, ValueMix.UNIFORM_THIRDS, SEED);
        byte[] pos = e.planes().pos().clone();
        byte[] neg = e.planes().neg().clone();
        TestData.setPaddingBits(pos, s);
        TestData.setPaddingBits(neg, s);
        assertArrayEquals(e.packed(), encodeBitNet(api(), s, pos, neg), "planes -> 2-bit");
        assertArrayEquals(e.values(), encodeInt8(api(), s, pos, neg), "planes -> int8");
    }

    /** A bad value at every position of a small matrix (group and row tails). */
    @ParameterizedTest
    @ValueSource(ints = {2, -2, 127, -128})
    void int8ValueOutsideMinusOneToOneIsRejectedAtEveryPosition(int bad) {
        Shape s = Shape.of(3, 19);
        for (int i = 0; i < s.weights(); i++) {
            assertInt8Rejected(s, i, bad);
        }
    }

    /** Every bad value at the positions around group and vector edges of longer rows (vector paths). */
    @ParameterizedTest
    @CsvSource({"2, 136", "1, 300"})
    void everyInt8ValueOutsideMinusOneToOneIsRejected(int rows, int cols) {
        Shape s = Shape.of(rows, cols);
        int last = s.weights() - 1;
        for (int i : new int[] {0, 7, 8, 63, 64, 65, 127, 128, 129, 255, 256, last - 1, last}) {
            for (int v = Byte.MIN_VALUE; v <= Byte.MAX_VALUE; v++) {
                if (v < -1 || v > 1) {
                    assertInt8Rejected(s, i, v);
                }
            }
        }
    }

    private void assertInt8Rejected(Shape s, int index, int bad) {
        byte[] values = TestData.randomValues(s, ValueMix.UNIFORM_THIRDS, SEED);
        values[index] = (byte) bad;
        String where = "value " + bad + " at index " + index + " (row " + index / s.cols() + ", column "
                + index % s.cols() + ") is outside -1..1";
        assertRejected(where, "1 such value", () -> api().fromInt8(values, 0, s.rows(), s.cols(),
                new byte[s.planeBytes()], 0, new byte[s.planeBytes()], 0));
    }

    @Test
    void int8RejectionNamesTheFirstBadValueAndCountsAll() {
        Shape s = Shape.of(4, 100);
        byte[] values = TestData.randomValues(s, ValueMix.UNIFORM_THIRDS, SEED);
        values[399] = 2;
        values[250] = -2;
        values[31] = 127;
        String where = "value 127 at index 31 (row 0, column 31)";
        assertRejected(where, "3 such values", () -> api().fromInt8(values, 4, 100));
        assertRejected(where, "3 such values", () -> api().fromInt8(MemorySegment.ofArray(values), 4, 100,
                MemorySegment.ofArray(new byte[s.planeBytes()]), MemorySegment.ofArray(new byte[s.planeBytes()])));
    }
}
