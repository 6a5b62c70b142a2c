package dev.rotor.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.rotor.kernel.FloatKernel;
import dev.rotor.safetensors.SafetensorsDType;

/**
 * What every float kernel must do, directly and through {@link FloatMatrix}: sums within rounding of the exact
 * (double) sum at every length around the vector widths, F16 and BF16 elements widened exactly (all 65,536 bit
 * patterns of each), and the same bits whatever the thread split. Subclasses say which kernel runs (the vector
 * kernel's at each width in its own JVM).
 */
abstract class FloatKernelContract {
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** The kernel under test. */
    abstract FloatKernel kernel();

    /** Lengths 0 to 80 (every tail of 4, 8 and 16 lanes) and a few larger ones. */
    private static int[] lengths() {
        int[] lengths = new int[81 + 5];
        for (int i = 0; i <= 80; i++) {
            lengths[i] = i;
        }
        System.arraycopy(new int[] {127, 128, 129, 2560, 6912}, 0, lengths, 81, 5);
        return lengths;
    }

    private static float[] random(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble(-2, 2) * Math.pow(2, random.nextInt(-6, 7)));
        }
        return v;
    }

    /** |got - exact| within n ulps of the sum of magnitudes (any order of float additions stays inside). */
    private static void assertClose(double exact, double magnitude, int n, float got, String what) {
        double bound = (n + 2) * Math.ulp((float) magnitude) + Float.MIN_NORMAL;
        assertTrue(Math.abs(got - exact) <= bound, what + ": got " + got + ", exact " + exact + ", bound " + bound);
    }

    @Test
    void dotIsTheSumOfProductsToRounding() {
        SplittableRandom random = new SplittableRandom(11);
        for (int n : lengths()) {
            float[] a = random(random, n + 3);
            float[] b = random(random, n + 5);
            double exact = 0, magnitude = 0;
            for (int i = 0; i < n; i++) {
                exact += (double) a[3 + i] * b[5 + i];
                magnitude += Math.abs((double) a[3 + i] * b[5 + i]);
            }
            assertClose(exact, magnitude, n, kernel().dot(a, 3, b, 5, n), "dot of " + n);
        }
    }

    @Test
    void addScaledTouchesOnlyItsRange() {
        SplittableRandom random = new SplittableRandom(12);
        for (int n : lengths()) {
            float[] x = random(random, n + 2);
            float[] y = random(random, n + 4);
            float[] before = y.clone();
            kernel().addScaled(0.75f, x, 2, y, 1, n);
            assertEquals(before[0], y[0]);
            for (int i = 0; i < n; i++) {
                double exact = before[1 + i] + 0.75 * x[2 + i];
                assertClose(exact, Math.abs(before[1 + i]) + Math.abs(0.75 * x[2 + i]), 1, y[1 + i], "y[" + i + "]");
            }
            for (int i = n + 1; i < y.length; i++) {
                assertEquals(before[i], y[i], "past the range");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = SafetensorsDType.class, names = {"F32", "F16", "BF16"})
    void matrixRowsAreSumsOfWidenedProducts(SafetensorsDType dtype) {
        SplittableRandom random = new SplittableRandom(13);
        for (int cols : new int[] {0, 1, 3, 15, 16, 17, 31, 33, 64, 100, 257}) {
            for (int rows : new int[] {1, 3, 4, 5, 9}) {
                float[] values = random(random, rows * cols);
                MemorySegment data = store(values, dtype);
                FloatMatrix m = FloatMatrix.of("w", rows, cols, data, dtype).withKernel(kernel());
                float[] x = random(random, cols);
                float[] y = new float[rows];
                m.gemv(x, y);
                for (int r = 0; r < rows; r++) {
                    double exact = 0, magnitude = 0;
                    for (int c = 0; c < cols; c++) {
                        double p = (double) m.get(r, c) * x[c];
                        exact += p;
                        magnitude += Math.abs(p);
                    }
                    assertClose(exact, magnitude, cols, y[r], dtype + " " + rows + "x" + cols + " row " + r);
                }
            }
        }
    }

    /** Each row holds one bit pattern and zeros; times all ones it must come out as the pattern widened. */
    @ParameterizedTest
    @EnumSource(value = SafetensorsDType.class, names = {"F16", "BF16"})
    void everyHalfWidthPatternWidensExactly(SafetensorsDType dtype) {
        int rows = 1 << 16;
        int cols = 64;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate((long) rows * cols * 2);
            for (int r = 0; r < rows; r++) {
                data.setAtIndex(SHORT, (long) r * cols + r % cols, (short) r);
            }
            FloatMatrix m = FloatMatrix.of("patterns", rows, cols, data, dtype).withKernel(kernel());
            float[] ones = new float[cols];
            java.util.Arrays.fill(ones, 1f);
            float[] y = new float[rows];
            m.gemv(ones, y);
            for (int r = 0; r < rows; r++) {
                float expected = dtype == SafetensorsDType.F16 ? Float.float16ToFloat((short) r)
                        : Float.intBitsToFloat(r << 16);
                if (Float.isNaN(expected)) {
                    assertTrue(Float.isNaN(y[r]), "pattern 0x" + Integer.toHexString(r) + " gave " + y[r]);
                } else {
                    assertEquals(expected == 0 ? 0f : expected, y[r] == 0 ? 0f : y[r],
                            "pattern 0x" + Integer.toHexString(r));
                }
            }
        }
    }

    @Test
    void threadsGiveTheSameBits() throws Exception {
        SplittableRandom random = new SplittableRandom(14);
        int rows = 1000, cols = 130;
        float[] values = random(random, rows * cols);
        FloatMatrix m = FloatMatrix.of("w", rows, cols, store(values, SafetensorsDType.BF16), SafetensorsDType.BF16)
                .withKernel(kernel());
        float[] x = random(random, cols);
        float[] one = new float[rows];
        float[] two = new float[rows];
        m.gemv(x, one);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            m.gemv(x, two, pool);
        } finally {
            pool.shutdown();
        }
        assertArrayEquals(one, two);
    }

    @Test
    void badArgumentsNameWhatIsWrong() {
        MemorySegment data = MemorySegment.ofArray(new float[6]);
        IllegalArgumentException shortData = assertThrows(IllegalArgumentException.class,
                () -> FloatMatrix.of("head", 4, 2, data, SafetensorsDType.F32));
        assertTrue(shortData.getMessage().contains("head") && shortData.getMessage().contains("32 bytes"),
                shortData.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FloatMatrix.of("head", 3, 2, data, SafetensorsDType.U8));
        FloatMatrix m = FloatMatrix.of("head", 3, 2, data, SafetensorsDType.F32).withKernel(kernel());
        IllegalArgumentException shortX = assertThrows(IllegalArgumentException.class,
                () -> m.gemv(new float[1], new float[3]));
        assertTrue(shortX.getMessage().contains("x has 1 floats, expected 2"), shortX.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.row(3, new float[2], 0));
        assertThrows(IllegalArgumentException.class, () -> m.row(0, new float[2], 1));
    }

    private static MemorySegment store(float[] values, SafetensorsDType dtype) {
        MemorySegment data = MemorySegment.ofArray(new byte[values.length * (dtype == SafetensorsDType.F32 ? 4 : 2)]);
        for (int i = 0; i < values.length; i++) {
            switch (dtype) {
                case F32 -> data.setAtIndex(FLOAT, i, values[i]);
                case F16 -> data.setAtIndex(SHORT, i, Float.floatToFloat16(values[i]));
                default -> data.setAtIndex(SHORT, i, (short) (Float.floatToRawIntBits(values[i]) >>> 16));
            }
        }
        return data;
    }
}
