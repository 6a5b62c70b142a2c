package dev.rotor.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.rotor.InvalidCodePolicy;
import dev.rotor.InvalidTernaryCodeException;
import dev.rotor.kernel.LaneDecoder;

/**
 * The checks every codec must pass, run once per layout by its subclass and, where a decoder is involved,
 * once per decoder (scalar, and Vector API at each width this machine runs natively). The oracle is the
 * codec's literal weight-by-weight reading ({@link LayoutCodec#referenceWeight}); each subclass pins that
 * reading to FORMATS.md with hand-worked bytes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CodecContract {
    /** A matrix shape. */
    public record Shape(int rows, int cols) {
        long planeBytes() {
            return rows * LayoutCodec.stride(cols);
        }

        boolean empty() {
            return rows == 0 || cols == 0;
        }

        @Override
        public String toString() {
            return rows + "x" + cols;
        }
    }

    /** Planes as arrays, plus the invalid-code count they were decoded with. */
    public record Planes(byte[] pos, byte[] neg, long invalid) {
        /** Planes filled with a pattern, to catch bytes a decoder forgets to write. */
        static Planes garbage(Shape shape) {
            byte[] pos = new byte[(int) shape.planeBytes()];
            byte[] neg = new byte[pos.length];
            Arrays.fill(pos, GARBAGE);
            Arrays.fill(neg, GARBAGE);
            return new Planes(pos, neg, 0);
        }

        /** About a third each of -1, 0 and +1; padding bits zero. */
        static Planes random(Shape shape, Random rnd) {
            long stride = LayoutCodec.stride(shape.cols());
            byte[] pos = new byte[(int) shape.planeBytes()];
            byte[] neg = new byte[pos.length];
            for (int r = 0; r < shape.rows(); r++) {
                for (int c = 0; c < shape.cols(); c++) {
                    int at = (int) (r * stride + c / 8);
                    switch (rnd.nextInt(3)) {
                        case 0 -> pos[at] |= (byte) (1 << (c % 8));
                        case 1 -> neg[at] |= (byte) (1 << (c % 8));
                        default -> { }
                    }
                }
            }
            return new Planes(pos, neg, 0);
        }

        /** Planes holding +1 and -1 at the given row-major weight indices {@code r * cols + c}, else 0. */
        static Planes of(Shape shape, int[] plus, int[] minus) {
            byte[] pos = new byte[(int) shape.planeBytes()];
            byte[] neg = new byte[pos.length];
            for (int i : plus) {
                set(pos, shape, i);
            }
            for (int i : minus) {
                set(neg, shape, i);
            }
            return new Planes(pos, neg, 0);
        }

        private static void set(byte[] plane, Shape shape, int i) {
            int c = i % shape.cols();
            plane[(int) (i / shape.cols() * LayoutCodec.stride(shape.cols()) + c / 8)] |= (byte) (1 << (c % 8));
        }

        void assertSameBits(Planes other, String what) {
            assertArrayEquals(pos, other.pos, what + ": pos plane");
            assertArrayEquals(neg, other.neg, what + ": neg plane");
        }
    }

    static final byte GARBAGE = (byte) 0xA5;

    // ---- what each layout's test supplies ----

    abstract SourceLayout layout();

    /** Shapes the layout holds, including awkward ones: row tails, partial chunks, zero sizes. */
    abstract List<Shape> shapes();

    /** Non-negative shapes the layout cannot hold. */
    abstract List<Shape> unsupportedShapes();

    /** {@link TernaryCodec#dataSize}, written out from FORMATS.md. */
    abstract long expectedDataSize(Shape shape);

    /** {@link TernaryCodec#scaleCount}, written out from FORMATS.md. */
    abstract long expectedScaleCount(Shape shape);

    /** A byte value that makes every weight of the code byte it replaces invalid. */
    abstract byte invalidByte();

    /** A shape big enough for every decoder's wide path and its tail, for the every-byte-value test. */
    abstract Shape exhaustiveShape();

    /** A random scale the layout stores exactly. */
    float randomScale(Random rnd) {
        short bits;
        do {
            bits = (short) rnd.nextInt();
        } while (!Float.isFinite(Float.float16ToFloat(bits)));
        return Float.float16ToFloat(bits);
    }

    /** Scales at the edges of what the layout stores exactly. */
    List<Float> edgeScales() {
        return List.of(-0.0f, 0x1p-24f, 0x1p-14f, 65504f, -65504f, 1.5f);
    }

    /** Finite scales the layout cannot store exactly (none if it stores every finite float). */
    List<Float> unrepresentableScales() {
        return List.of(1.0f + 0x1p-20f, 65520f, 0x1p-26f);
    }

    // ---- sources ----

    LayoutCodec codec(LaneDecoder lanes) {
        return Codecs.create(layout(), lanes);
    }

    Stream<Named<LaneDecoder>> decoders() {
        return Decoders.all().stream();
    }

    Stream<Arguments> decodersAndShapes() {
        return decoders().flatMap(d -> shapes().stream().map(s -> Arguments.of(d, s)));
    }

    Stream<Arguments> decodersAndShapesWithWeights() {
        return decodersAndShapes().filter(a -> !((Shape) a.get()[1]).empty());
    }

    /** Shapes whose plane rows end in padding bits. */
    Stream<Shape> paddedShapes() {
        return shapes().stream().filter(s -> s.cols() % 8 != 0 && s.rows() > 0);
    }

    /** Shapes whose data holds scales. */
    Stream<Shape> scaledShapes() {
        return shapes().stream().filter(s -> chosen().scaleCount(s.rows(), s.cols()) > 0);
    }

    TernaryCodec chosen() {
        return TernaryCodec.of(layout());
    }

    private Shape someShape() {
        return shapes().stream().filter(s -> !s.empty()).findFirst().orElseThrow();
    }

    // ---- the oracle ----

    /** Decodes weight by weight with the literal reading: invalid weights become 0 and are counted. */
    static Planes reference(LayoutCodec codec, byte[] data, Shape shape) {
        MemorySegment in = MemorySegment.ofArray(data);
        long stride = LayoutCodec.stride(shape.cols());
        byte[] pos = new byte[(int) shape.planeBytes()];
        byte[] neg = new byte[pos.length];
        long invalid = 0;
        for (int r = 0; r < shape.rows(); r++) {
            for (int c = 0; c < shape.cols(); c++) {
                int w = codec.referenceWeight(in, shape.rows(), shape.cols(), r, c);
                int at = (int) (r * stride + c / 8);
                switch (w) {
                    case 1 -> pos[at] |= (byte) (1 << (c % 8));
                    case -1 -> neg[at] |= (byte) (1 << (c % 8));
                    case 0 -> { }
                    case LayoutCodec.INVALID -> invalid++;
                    default -> throw new AssertionError("reference weight " + w);
                }
            }
        }
        return new Planes(pos, neg, invalid);
    }

    static Planes decode(TernaryCodec codec, byte[] data, Shape shape, InvalidCodePolicy policy) {
        Planes out = Planes.garbage(shape);
        long invalid = codec.decode(MemorySegment.ofArray(data), shape.rows(), shape.cols(),
                MemorySegment.ofArray(out.pos()), MemorySegment.ofArray(out.neg()), policy);
        return new Planes(out.pos(), out.neg(), invalid);
    }

    static byte[] encode(TernaryCodec codec, Planes planes, float[] scales, Shape shape) {
        byte[] data = new byte[(int) codec.dataSize(shape.rows(), shape.cols())];
        Arrays.fill(data, GARBAGE);
        codec.encode(MemorySegment.ofArray(planes.pos()), MemorySegment.ofArray(planes.neg()), scales, shape.rows(),
                shape.cols(), MemorySegment.ofArray(data));
        return data;
    }

    float[] randomScales(TernaryCodec codec, Shape shape, Random rnd) {
        float[] scales = new float[(int) codec.scaleCount(shape.rows(), shape.cols())];
        for (int i = 0; i < scales.length; i++) {
            scales[i] = randomScale(rnd);
        }
        return scales;
    }

    static float[] readScales(TernaryCodec codec, byte[] data, Shape shape) {
        float[] scales = new float[(int) codec.scaleCount(shape.rows(), shape.cols())];
        codec.readScales(MemorySegment.ofArray(data), shape.rows(), shape.cols(), scales);
        return scales;
    }

    static void assertSameScales(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "scale count");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    "scale " + i + ": " + expected[i] + " read back as " + actual[i]);
        }
    }

    /** Valid data: random planes and scales, encoded. */
    byte[] validData(TernaryCodec codec, Shape shape, Random rnd) {
        return encode(codec, Planes.random(shape, rnd), randomScales(codec, shape, rnd), shape);
    }

    // ---- decoding ----

    @ParameterizedTest
    @MethodSource("decodersAndShapes")
    void decodesRandomBytesLikeTheReference(LaneDecoder lanes, Shape shape) {
        LayoutCodec codec = codec(lanes);
        Random rnd = new Random(shape.hashCode());
        byte[] data = new byte[(int) codec.dataSize(shape.rows(), shape.cols())];
        for (int trial = 0; trial < 3; trial++) {
            rnd.nextBytes(data);
            Planes expected = reference(codec, data, shape);
            Planes actual = decode(codec, data, shape, InvalidCodePolicy.LENIENT);
            expected.assertSameBits(actual, shape + " trial " + trial);
            assertEquals(expected.invalid(), actual.invalid(), "invalid codes, " + shape + " trial " + trial);
        }
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void decodesEveryByteValueInEveryPositionLikeTheReference(LaneDecoder lanes) {
        LayoutCodec codec = codec(lanes);
        Shape shape = exhaustiveShape();
        byte[] data = new byte[(int) codec.dataSize(shape.rows(), shape.cols())];
        for (int v = 0; v < 256; v++) {
            for (int p = 0; p < data.length; p++) {
                data[p] = (byte) (v + p * 97); // over all v, every position takes every value once
            }
            Planes expected = reference(codec, data, shape);
            Planes actual = decode(codec, data, shape, InvalidCodePolicy.LENIENT);
            expected.assertSameBits(actual, "pattern " + v);
            assertEquals(expected.invalid(), actual.invalid(), "invalid codes, pattern " + v);
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void thePortableCodecGivesTheChosenCodecsResults(Shape shape) {
        TernaryCodec portable = TernaryCodec.portable(layout());
        assertSame(layout(), portable.layout());
        Random rnd = new Random(17L * shape.hashCode() + 3);
        byte[] data = new byte[(int) chosen().dataSize(shape.rows(), shape.cols())];
        rnd.nextBytes(data);
        Planes expected = decode(chosen(), data, shape, InvalidCodePolicy.LENIENT);
        Planes actual = decode(portable, data, shape, InvalidCodePolicy.LENIENT);
        expected.assertSameBits(actual, "portable decode of random bytes, " + shape);
        assertEquals(expected.invalid(), actual.invalid(), "invalid codes, " + shape);
        Planes planes = Planes.random(shape, rnd);
        float[] scales = randomScales(chosen(), shape, rnd);
        assertArrayEquals(encode(chosen(), planes, scales, shape), encode(portable, planes, scales, shape),
                "portable encode, " + shape);
    }

    // ---- round trips ----

    @ParameterizedTest
    @MethodSource("decodersAndShapes")
    void encodeAndDecodeUndoEachOtherBitForBit(LaneDecoder lanes, Shape shape) {
        LayoutCodec codec = codec(lanes);
        Random rnd = new Random(31L * shape.hashCode() + 7);
        Planes planes = Planes.random(shape, rnd);
        float[] scales = randomScales(codec, shape, rnd);
        byte[] data = encode(codec, planes, scales, shape);

        Planes oracle = reference(codec, data, shape);
        assertEquals(0, oracle.invalid(), "the encoder wrote invalid codes");
        planes.assertSameBits(oracle, "reference decode of the encoder's output");

        Planes decoded = decode(codec, data, shape, InvalidCodePolicy.STRICT);
        assertEquals(0, decoded.invalid());
        planes.assertSameBits(decoded, "fast decode of the encoder's output");
        float[] read = readScales(codec, data, shape);
        assertSameScales(scales, read);

        assertArrayEquals(data, encode(codec, decoded, read, shape), "decode -> encode changed the data");
    }

    @ParameterizedTest(allowZeroInvocations = true)
    @MethodSource("scaledShapes")
    void edgeScalesRoundTrip(Shape shape) {
        TernaryCodec codec = chosen();
        float[] scales = new float[(int) codec.scaleCount(shape.rows(), shape.cols())];
        List<Float> edges = edgeScales();
        for (int i = 0; i < scales.length; i++) {
            scales[i] = edges.get(i % edges.size());
        }
        byte[] data = encode(codec, Planes.random(shape, new Random(5)), scales, shape);
        assertSameScales(scales, readScales(codec, data, shape));
    }

    @ParameterizedTest(allowZeroInvocations = true)
    @MethodSource("paddedShapes")
    void encodeIgnoresPlanePaddingBits(Shape shape) {
        TernaryCodec codec = chosen();
        Random rnd = new Random(11);
        Planes clean = Planes.random(shape, rnd);
        float[] scales = randomScales(codec, shape, rnd);
        Planes padded = new Planes(clean.pos().clone(), clean.neg().clone(), 0);
        long stride = LayoutCodec.stride(shape.cols());
        int paddingBits = 0xFF << (shape.cols() % 8);
        for (int r = 0; r < shape.rows(); r++) {
            int last = (int) (r * stride + stride - 1);
            padded.pos()[last] |= (byte) paddingBits;
            padded.neg()[last] |= (byte) (r % 2 == 0 ? paddingBits : 0);
        }
        assertArrayEquals(encode(codec, clean, scales, shape), encode(codec, padded, scales, shape));
    }

    // ---- invalid codes ----

    @ParameterizedTest
    @MethodSource("decodersAndShapesWithWeights")
    void invalidCodesThrowUnderStrictAndDecodeAsZeroUnderLenient(LaneDecoder lanes, Shape shape) {
        LayoutCodec codec = codec(lanes);
        Random rnd = new Random(shape.hashCode() + 3L);
        byte[] data = validData(codec, shape, rnd);
        TreeSet<Long> codeBytes = new TreeSet<>();
        for (int r = 0; r < shape.rows(); r++) {
            for (int c = 0; c < shape.cols(); c++) {
                codeBytes.add(codec.byteOffset(shape.rows(), shape.cols(), r, c));
            }
        }
        List<Long> candidates = new ArrayList<>(codeBytes);
        TreeSet<Long> corrupted = new TreeSet<>();
        for (int k = 0; k < 3; k++) {
            long offset = candidates.get(rnd.nextInt(candidates.size()));
            corrupted.add(offset);
            data[(int) offset] = invalidByte();
        }

        Planes expected = reference(codec, data, shape);
        assertTrue(expected.invalid() > 0, "corrupting code bytes " + corrupted + " made no code invalid");
        long firstRow = -1;
        long firstCol = -1;
        search:
        for (int r = 0; r < shape.rows(); r++) {
            for (int c = 0; c < shape.cols(); c++) {
                if (codec.referenceWeight(MemorySegment.ofArray(data), shape.rows(), shape.cols(), r, c)
                        == LayoutCodec.INVALID) {
                    firstRow = r;
                    firstCol = c;
                    break search;
                }
            }
        }
        long firstOffset = codec.byteOffset(shape.rows(), shape.cols(), firstRow, firstCol);
        assertTrue(corrupted.contains(firstOffset), "first invalid weight at byte " + firstOffset
                + ", but the corrupted bytes are " + corrupted);

        InvalidTernaryCodeException e = assertThrows(InvalidTernaryCodeException.class,
                () -> decode(codec, data, shape, InvalidCodePolicy.STRICT));
        assertEquals(firstRow, e.row(), "row");
        assertEquals(firstCol, e.column(), "column");
        assertEquals(firstOffset, e.byteOffset(), "byte offset");
        assertEquals(expected.invalid(), e.invalidCount(), "count");
        assertTrue(e.getMessage().startsWith(layout().id()), e.getMessage());

        Planes lenient = decode(codec, data, shape, InvalidCodePolicy.LENIENT);
        assertEquals(expected.invalid(), lenient.invalid(), "count");
        expected.assertSameBits(lenient, "lenient decode");
    }

    // ---- arguments ----

    @Test
    void ofGivesThisLayoutsCodecWithItsSizes() {
        TernaryCodec codec = chosen();
        assertSame(layout(), codec.layout());
        assertSame(codec, TernaryCodec.of(layout()), "codecs are stateless singletons");
        for (Shape shape : shapes()) {
            assertEquals(expectedDataSize(shape), codec.dataSize(shape.rows(), shape.cols()), "data size " + shape);
            assertEquals(expectedScaleCount(shape), codec.scaleCount(shape.rows(), shape.cols()), "scales " + shape);
        }
    }

    @Test
    void rejectsShapesItCannotHold() {
        TernaryCodec codec = chosen();
        List<Shape> bad = new ArrayList<>(unsupportedShapes());
        bad.add(new Shape(-4, 256));
        bad.add(new Shape(256, -1));
        MemorySegment big = MemorySegment.ofArray(new byte[1 << 16]);
        float[] scales = new float[1 << 10];
        for (Shape s : bad) {
            int rows = s.rows();
            int cols = s.cols();
            assertRejected(s.toString(), () -> codec.dataSize(rows, cols));
            assertRejected(s.toString(), () -> codec.scaleCount(rows, cols));
            assertRejected(s.toString(), () -> codec.decode(big, rows, cols, big, big, InvalidCodePolicy.LENIENT));
            assertRejected(s.toString(), () -> codec.readScales(big, rows, cols, scales));
            assertRejected(s.toString(), () -> codec.encode(big, big, scales, rows, cols, big));
        }
    }

    @Test
    void rejectsShortNullAndReadOnlySegments() {
        TernaryCodec codec = chosen();
        Shape s = someShape();
        int rows = s.rows();
        int cols = s.cols();
        Random rnd = new Random(1);
        byte[] data = validData(codec, s, rnd);
        MemorySegment in = MemorySegment.ofArray(data);
        MemorySegment shortIn = in.asSlice(0, data.length - 1);
        MemorySegment plane = MemorySegment.ofArray(new byte[(int) s.planeBytes()]);
        MemorySegment shortPlane = plane.asSlice(0, s.planeBytes() - 1);
        MemorySegment out = MemorySegment.ofArray(new byte[data.length]);
        float[] scales = readScales(codec, data, s);
        InvalidCodePolicy strict = InvalidCodePolicy.STRICT;

        assertRejected("data needs", () -> codec.decode(shortIn, rows, cols, plane, plane, strict));
        assertRejected("pos plane needs", () -> codec.decode(in, rows, cols, shortPlane, plane, strict));
        assertRejected("neg plane needs", () -> codec.decode(in, rows, cols, plane, shortPlane, strict));
        assertRejected("data is null", () -> codec.decode(null, rows, cols, plane, plane, strict));
        assertRejected("pos plane is null", () -> codec.decode(in, rows, cols, null, plane, strict));
        assertRejected("policy is null", () -> codec.decode(in, rows, cols, plane, plane, null));
        assertRejected("pos plane is read-only", () -> codec.decode(in, rows, cols, plane.asReadOnly(), plane, strict));

        assertRejected("data needs", () -> codec.readScales(shortIn, rows, cols, scales));
        assertRejected("pos plane needs", () -> codec.encode(shortPlane, plane, scales, rows, cols, out));
        assertRejected("neg plane needs", () -> codec.encode(plane, shortPlane, scales, rows, cols, out));
        assertRejected("data needs", () -> codec.encode(plane, plane, scales, rows, cols, out.asSlice(1)));
        assertRejected("data is read-only", () -> codec.encode(plane, plane, scales, rows, cols, out.asReadOnly()));
        if (scales.length > 0) {
            float[] fewer = Arrays.copyOf(scales, scales.length - 1);
            assertRejected("scales, got " + fewer.length, () -> codec.readScales(in, rows, cols, fewer));
            assertRejected("scales, got " + fewer.length, () -> codec.encode(plane, plane, fewer, rows, cols, out));
            assertRejected("scales, got null", () -> codec.encode(plane, plane, null, rows, cols, out));
        } else {
            assertDoesNotThrow(() -> codec.encode(plane, plane, null, rows, cols, out));
            assertDoesNotThrow(() -> codec.readScales(in, rows, cols, null));
        }
        // Bigger segments are fine: only the first bytes are used.
        MemorySegment bigger = MemorySegment.ofArray(Arrays.copyOf(data, data.length + 100));
        assertDoesNotThrow(() -> codec.decode(bigger, rows, cols, plane, plane, strict));
    }

    @Test
    void rejectsScalesItCannotStoreNamingTheBlock() {
        TernaryCodec codec = chosen();
        Shape s = someShape();
        Random rnd = new Random(2);
        float[] scales = randomScales(codec, s, rnd);
        assumeTrue(scales.length > 0, "no scales in the data");
        Planes planes = Planes.random(s, rnd);
        int block = scales.length - 1;
        List<Float> bad = new ArrayList<>(unrepresentableScales());
        bad.addAll(List.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY));
        for (float scale : bad) {
            float[] withBad = scales.clone();
            withBad[block] = scale;
            assertRejected("scale of block " + block + " is " + scale, () -> encode(codec, planes, withBad, s));
        }
    }

    @Test
    void rejectsWeightsThatAreBothPlusAndMinus() {
        TernaryCodec codec = chosen();
        Shape s = someShape();
        Random rnd = new Random(4);
        Planes planes = Planes.random(s, rnd);
        float[] scales = randomScales(codec, s, rnd);
        int r = s.rows() - 1;
        int c = s.cols() / 2;
        int at = (int) (r * LayoutCodec.stride(s.cols()) + c / 8);
        planes.pos()[at] |= (byte) (1 << (c % 8));
        planes.neg()[at] |= (byte) (1 << (c % 8));
        planes.pos()[planes.pos().length - 1] |= (byte) (1 << ((s.cols() - 1) % 8)); // the last weight too
        planes.neg()[planes.neg().length - 1] |= (byte) (1 << ((s.cols() - 1) % 8));
        assertRejected("(row " + r + ", column " + c + ") is both +1 and -1",
                () -> encode(codec, planes, scales, s));
    }

    /** Decodes under both policies: STRICT must name exactly this first invalid weight; LENIENT return the count. */
    void assertFirstInvalid(byte[] data, Shape shape, long row, long col, long byteOffset, long count) {
        TernaryCodec codec = chosen();
        InvalidTernaryCodeException e = assertThrows(InvalidTernaryCodeException.class,
                () -> decode(codec, data, shape, InvalidCodePolicy.STRICT));
        assertEquals(List.of(row, col, byteOffset, count),
                List.of(e.row(), e.column(), e.byteOffset(), e.invalidCount()), "row, column, byte offset, count");
        assertEquals(count, decode(codec, data, shape, InvalidCodePolicy.LENIENT).invalid(), "lenient count");
    }

    static void assertRejected(String messagePart, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertNotEquals(InvalidTernaryCodeException.class, e.getClass());
        assertTrue(e.getMessage().contains(messagePart), "message '" + e.getMessage() + "' lacks '" + messagePart
                + "'");
    }
}
