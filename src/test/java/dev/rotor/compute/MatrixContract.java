package dev.rotor.compute;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rotor.RotorPlanes;
import dev.rotor.kernel.Activations;
import dev.rotor.kernel.MatrixKernel;
import dev.rotor.kernel.ReferenceMatrixKernel;
import dev.rotor.layout.ScaleConvention;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * What every matrix kernel must do, through the public {@link TernaryMatrix} and {@link BitLinear} methods bound to
 * it: the same integers as the products written out weight by weight ({@link ComputeData}), and the same floats as
 * the reference kernel. Subclasses say which kernel runs (the vector kernel's at each width in its own JVM).
 */
abstract class MatrixContract {
    static final MatrixKernel REFERENCE = new ReferenceMatrixKernel();

    /** The kernel under test. */
    abstract MatrixKernel kernel();

    TernaryMatrix matrix(RotorPlanes planes) {
        return TernaryMatrix.of(planes).withKernel(kernel());
    }

    // ---- int8 GEMV / GEMM, exact ----

    /** Every column count to 130 (tails of bytes, words and vectors) and a few around 512-bit vectors. */
    @Test
    void gemvMatchesTheLiteralProductForEverySmallShape() {
        SplittableRandom random = new SplittableRandom(1);
        for (int rows : new int[] {1, 2, 5}) {
            for (int cols = 0; cols <= 130; cols++) {
                assertGemv(ComputeData.planes(rows, cols, random), random);
            }
        }
        for (int cols : new int[] {448, 511, 512, 513, 575, 576, 1023, 1024, 1088, 1600, 2560}) {
            assertGemv(ComputeData.planes(3, cols, random), random);
        }
    }

    private void assertGemv(RotorPlanes planes, SplittableRandom random) {
        byte[] x = ComputeData.int8(planes.cols(), random);
        int[] y = new int[planes.rows()];
        matrix(planes).gemv(x, y);
        assertArrayEquals(ComputeData.literalGemm(planes, x, 1), y, planes + " " + kernel().name());
    }

    @Test
    void extremesDoNotOverflow() {
        int cols = 6912;
        byte[] weights = new byte[2 * cols];
        java.util.Arrays.fill(weights, 0, cols, (byte) 1);
        java.util.Arrays.fill(weights, cols, 2 * cols, (byte) -1);
        RotorPlanes planes = dev.rotor.Rotor.fromInt8(weights, 2, cols);
        byte[] x = new byte[cols];
        java.util.Arrays.fill(x, (byte) -128);
        int[] y = new int[2];
        matrix(planes).gemv(x, y);
        assertArrayEquals(new int[] {-128 * cols, 128 * cols}, y);
    }

    /** Batches as big as the group tables' tiles at every width: all -128 against all -1, 6912 columns. */
    @Test
    void gemmExtremesDoNotOverflow() {
        int cols = 6912;
        int tokens = 70;
        byte[] weights = new byte[3 * cols];
        java.util.Arrays.fill(weights, 0, cols, (byte) 1);
        java.util.Arrays.fill(weights, cols, 2 * cols, (byte) -1);
        RotorPlanes planes = dev.rotor.Rotor.fromInt8(weights, 3, cols);
        byte[] x = new byte[tokens * cols];
        java.util.Arrays.fill(x, (byte) -128);
        java.util.Arrays.fill(x, 5 * cols, 6 * cols, (byte) 127);
        int[] y = new int[tokens * 3];
        matrix(planes).gemm(x, tokens, y);
        for (int t = 0; t < tokens; t++) {
            int v = t == 5 ? 127 : -128;
            assertArrayEquals(new int[] {v * cols, -v * cols, 0}, java.util.Arrays.copyOfRange(y, 3 * t, 3 * t + 3),
                    "token " + t);
        }
    }

    @Property(tries = 60)
    void bigBatchesMatchTheLiteralProduct(@ForAll @IntRange(min = 1, max = 40) int rows,
                                          @ForAll @IntRange(max = 700) int cols,
                                          @ForAll @IntRange(min = 1, max = 70) int tokens, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        RotorPlanes planes = ComputeData.planes(rows, cols, random);
        byte[] x = ComputeData.int8(tokens * cols, random);
        int[] y = new int[tokens * rows];
        matrix(planes).gemm(x, tokens, y);
        assertArrayEquals(ComputeData.literalGemm(planes, x, tokens), y);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 16, 17, 40})
    void gemmIsGemvPerToken(int tokens) {
        SplittableRandom random = new SplittableRandom(tokens);
        RotorPlanes planes = ComputeData.planes(37, 700, random);
        byte[] x = ComputeData.int8(tokens * 700, random);
        int[] y = new int[tokens * 37];
        matrix(planes).gemm(x, tokens, y);
        assertArrayEquals(ComputeData.literalGemm(planes, x, tokens), y);
    }

    @Test
    void segmentsOnAndOffHeapGiveTheSameResults() {
        SplittableRandom random = new SplittableRandom(7);
        RotorPlanes planes = ComputeData.planes(21, 1000, random);
        byte[] x = ComputeData.int8(2 * 1000, random);
        int[] expected = ComputeData.literalGemm(planes, x, 2);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pos = arena.allocate(planes.pos().length + 3).asSlice(3);
            MemorySegment neg = arena.allocate(planes.neg().length);
            pos.copyFrom(MemorySegment.ofArray(planes.pos()));
            neg.copyFrom(MemorySegment.ofArray(planes.neg()));
            TernaryMatrix offHeap = TernaryMatrix.of(21, 1000, pos, neg, WeightScales.none()).withKernel(kernel());
            MemorySegment xs = arena.allocate(x.length);
            xs.copyFrom(MemorySegment.ofArray(x));
            int[] y = new int[42];
            offHeap.gemm(xs, 2, y);
            assertArrayEquals(expected, y);
        }
    }

    @Test
    void executorGivesTheSameResultsAsOneThread() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        RotorPlanes planes = ComputeData.planes(333, 520, random);
        byte[] x = ComputeData.int8(3 * 520, random);
        int[] one = new int[3 * 333];
        TernaryMatrix w = matrix(planes);
        w.gemm(x, 3, one);
        ExecutorService three = Executors.newFixedThreadPool(3);
        try (WorkerTeam team = WorkerTeam.of(3)) {
            int[] split = new int[3 * 333];
            w.gemm(x, 3, split, three);
            int[] pooled = new int[3 * 333];
            w.gemm(x, 3, pooled, ForkJoinPool.commonPool());
            int[] teamed = new int[3 * 333];
            w.gemm(x, 3, teamed, team);
            assertAll(() -> assertArrayEquals(one, split), () -> assertArrayEquals(one, pooled),
                    () -> assertArrayEquals(one, teamed),
                    () -> assertArrayEquals(ComputeData.literalGemm(planes, x, 3), one));
        } finally {
            three.shutdown();
        }
    }

    /** Block sums (per-block scales) straight from the kernel, against the reference kernel. */
    @ParameterizedTest
    @ValueSource(ints = {64, 256, 512})
    void blockSumsMatchTheReference(int blockCols) {
        SplittableRandom random = new SplittableRandom(blockCols);
        for (int cols : new int[] {blockCols, 3 * blockCols, 2560, 2600}) {
            RotorPlanes planes = ComputeData.planes(9, cols, random);
            TernaryMatrix w = matrix(planes);
            Activations acts = new Activations();
            acts.load(ComputeData.int8(3 * cols, random), 3, cols);
            int blocks = (cols + blockCols - 1) / blockCols;
            int[] expected = blockSums(REFERENCE, w, acts, blockCols, blocks);
            assertArrayEquals(expected, blockSums(kernel(), w, acts, blockCols, blocks), cols + " columns");
        }
    }

    private static int[] blockSums(MatrixKernel k, TernaryMatrix w, Activations acts, int blockCols, int blocks) {
        k.prepare(acts, blockCols);
        int[] out = new int[w.rows() * 3 * blocks + 5];
        // rows 2..8, tokens 1..2, with an offset: the strides and ranges are honoured.
        k.multiply(w.planes(), 2, 9, blockCols, acts, 1, 3, out, 5, 2 * blocks, blocks);
        return out;
    }

    @Property(tries = 150)
    void gemmMatchesTheLiteralProduct(@ForAll @IntRange(max = 9) int rows, @ForAll @IntRange(max = 1200) int cols,
                                      @ForAll @IntRange(max = 3) int tokens, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        RotorPlanes planes = ComputeData.planes(rows, cols, random);
        byte[] x = ComputeData.int8(tokens * cols, random);
        int[] y = new int[tokens * rows];
        matrix(planes).gemm(x, tokens, y);
        assertArrayEquals(ComputeData.literalGemm(planes, x, tokens), y);
    }

    // ---- ternary x ternary ----

    @Property(tries = 150)
    void ternaryProductsMatchTheLiteralOnes(@ForAll @IntRange(max = 9) int rows,
                                            @ForAll @IntRange(max = 1200) int cols, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        RotorPlanes planes = ComputeData.planes(rows, cols, random);
        byte[] v = ComputeData.ternary(cols, random);
        int[] y = new int[rows];
        TernaryMatrix w = matrix(planes);
        w.multiply(TernaryVector.of(v), y);
        int[] expected = ComputeData.literalTernary(planes, v);
        assertArrayEquals(expected, y);
        for (int r = 0; r < rows; r++) {
            assertEquals(expected[r], w.dot(r, TernaryVector.of(v)));
        }
    }

    @Test
    void topKReturnsTheBestRowsInOrder() {
        SplittableRandom random = new SplittableRandom(3);
        RotorPlanes planes = ComputeData.planes(500, 300, random);
        byte[] q = ComputeData.ternary(300, random);
        int[] scores = ComputeData.literalTernary(planes, q);
        List<Match> expected = java.util.stream.IntStream.range(0, 500).mapToObj(r -> new Match(r, scores[r]))
                .sorted(Match.BEST_FIRST).limit(10).toList();
        TernaryMatrix w = matrix(planes);
        assertAll(
                () -> assertEquals(expected, w.topK(TernaryVector.of(q), 10)),
                () -> assertEquals(0, w.topK(TernaryVector.of(q), 0).size()),
                () -> assertEquals(500, w.topK(TernaryVector.of(q), 900).size()));
    }

    // ---- the float layer: identical floats on every kernel ----

    @ParameterizedTest
    @ValueSource(strings = {"tensor-divide", "tensor-multiply", "blocks-multiply", "blocks-divide",
        "one-block-multiply"})
    void bitLinearGivesTheReferenceFloats(String scaling) {
        SplittableRandom random = new SplittableRandom(scaling.hashCode());
        int rows = 40;
        int cols = scaling.startsWith("one-block") ? WeightScales.BLOCK : 768;   // one block, a scale per row
        RotorPlanes planes = ComputeData.planes(rows, cols, random);
        ScaleConvention convention = scaling.endsWith("divide") ? ScaleConvention.DIVIDE : ScaleConvention.MULTIPLY;
        WeightScales scales;
        if (scaling.startsWith("tensor")) {
            scales = WeightScales.perTensor(0.37f, convention);
        } else {
            float[] blocks = new float[rows * cols / WeightScales.BLOCK];
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = 0.01f + random.nextInt(1000) / 997f;
            }
            scales = WeightScales.perBlock(rows, cols, blocks, convention);
        }
        int tokens = 19;
        float[] x = new float[tokens * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 3);
        }
        TernaryMatrix reference = TernaryMatrix.of(planes, scales).withKernel(REFERENCE);
        float[] expected = new float[tokens * rows];
        BitLinear.of(reference).forward(x, expected, tokens, new Workspace());
        float[] y = new float[tokens * rows];
        BitLinear layer = BitLinear.of(reference.withKernel(kernel()));
        layer.forward(x, y, tokens, new Workspace());
        float[] split = new float[tokens * rows];
        layer.forward(x, split, tokens, new Workspace(), ForkJoinPool.commonPool());
        assertAll(() -> assertArrayEquals(expected, y), () -> assertArrayEquals(expected, split),
                () -> assertArrayEquals(BitLinearReference.forward(planes, scales, x, tokens), expected));
    }

    // ---- the float steps: identical to the reference kernel, bit for bit ----

    /** Every length to 200 (vector tails), values with rounding ties, at an offset into a float[] and off heap. */
    @Test
    void quantisationMatchesTheReference() {
        SplittableRandom random = new SplittableRandom(17);
        try (Arena arena = Arena.ofConfined()) {
            for (int length = 0; length <= 200; length++) {
                float[] x = new float[length + 3];
                for (int i = 0; i < x.length; i++) {
                    // halves and quarters give ties at s = 1 and s = 2; large ones are clamped
                    x[i] = random.nextInt(4) == 0 ? (float) random.nextGaussian() * 50 : random.nextInt(-600, 600) / 4f;
                }
                MemorySegment heap = MemorySegment.ofArray(x).asSlice(3L * Float.BYTES);
                MemorySegment offHeap = arena.allocate(heap.byteSize() + 4).asSlice(4);
                offHeap.copyFrom(heap);
                for (float s : new float[] {1f, 2f, 0.37f, 127f / 3.9f}) {
                    byte[] expected = new byte[length + 5];
                    REFERENCE.quantize(heap, 0, length, s, expected, 5);
                    for (MemorySegment segment : new MemorySegment[] {heap, offHeap}) {
                        byte[] q = new byte[length + 5];
                        kernel().quantize(segment, 0, length, s, q, 5);
                        assertArrayEquals(expected, q, length + " values, s = " + s + ", " + segment);
                    }
                }
                assertEquals(REFERENCE.absMax(heap, 0, length), kernel().absMax(offHeap, 0, length));
                assertEquals(REFERENCE.absMax(heap, 0, length), kernel().absMax(heap, 0, length));
            }
        }
    }

    @Test
    void aNonFiniteValueAnywhereMakesTheMaximumNonFinite() {
        for (int length : new int[] {1, 7, 16, 33, 64, 100}) {
            for (int at = 0; at < length; at++) {
                for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                    float[] x = new float[length];
                    java.util.Arrays.fill(x, 1.5f);
                    x[at] = bad;
                    float max = kernel().absMax(MemorySegment.ofArray(x), 0, length);
                    assertEquals(Float.isNaN(bad) ? Float.NaN : Float.POSITIVE_INFINITY, max, length + " values, " + at);
                }
            }
        }
    }

    @Test
    void scalingMatchesTheReference() {
        SplittableRandom random = new SplittableRandom(23);
        try (Arena arena = Arena.ofConfined()) {
            for (int n = 0; n <= 70; n++) {
                int[] sums = new int[n + 2];
                for (int i = 0; i < sums.length; i++) {
                    sums[i] = random.nextInt(-200_000, 200_000);
                }
                float c = 0.37f * 41.3f;
                float m = 0.81f;
                float[] expected = new float[n + 1];
                REFERENCE.scale(sums, 2, n, c, m, MemorySegment.ofArray(expected), 1);
                float[] y = new float[n + 1];
                kernel().scale(sums, 2, n, c, m, MemorySegment.ofArray(y), 1);
                MemorySegment offHeap = arena.allocate(4L * (n + 1));
                kernel().scale(sums, 2, n, c, m, offHeap, 1);
                assertArrayEquals(expected, y, n + " sums");
                assertArrayEquals(expected, offHeap.toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT), n + " sums");
            }
        }
    }

    // ---- bad input ----

    @Test
    void badArgumentsAreIllegalArgumentsNamingWhat() {
        TernaryMatrix w = matrix(ComputeData.planes(4, 10, new SplittableRandom(1)));
        BitLinear layer = BitLinear.of(w);
        float[] nan = new float[10];
        nan[7] = Float.NaN;
        assertAll(
                () -> assertMessage("x has 9 int8 values, expected 10", () -> w.gemv(new byte[9], new int[4])),
                () -> assertMessage("y has 5 elements, expected 4", () -> w.gemv(new byte[10], new int[5])),
                () -> assertMessage("x is null", () -> w.gemv((byte[]) null, new int[4])),
                () -> assertMessage("y is null", () -> w.gemv(new byte[10], null)),
                () -> assertMessage("tokens is -1", () -> w.gemm(new byte[10], -1, new int[4])),
                () -> assertMessage("vector has 3 weights, expected 10",
                        () -> w.multiply(TernaryVector.of(new byte[3]), new int[4])),
                () -> assertMessage("row 4 outside the 4 rows", () -> w.dot(4, TernaryVector.of(new byte[10]))),
                () -> assertMessage("k is -1", () -> w.topK(TernaryVector.of(new byte[10]), -1)),
                () -> assertMessage("x has 9 floats, expected 10",
                        () -> layer.forward(new float[9], new float[4], new Workspace())),
                () -> assertMessage("y has 3 floats, expected 4",
                        () -> layer.forward(new float[10], new float[3], new Workspace())),
                () -> assertMessage("activation 7 of token 0 is NaN",
                        () -> layer.forward(nan, new float[4], new Workspace())),
                () -> assertMessage("workspace is null", () -> layer.forward(new float[10], new float[4], null)));
    }

    static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), () -> "message \"" + e.getMessage() + "\" lacks \"" + fragment + "\"");
    }
}
