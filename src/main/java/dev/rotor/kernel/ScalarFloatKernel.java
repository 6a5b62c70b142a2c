package dev.rotor.kernel;

import java.lang.foreign.MemorySegment;

/**
 * Portable float operations: sums split over {@value #WAYS} independent accumulators (so that consecutive
 * multiply-adds do not wait for each other) and added together at the end; four matrix rows per pass over
 * {@code x}.
 */
public final class ScalarFloatKernel implements FloatKernel {
    /** Independent partial sums per dot product. */
    static final int WAYS = 4;

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dot(float[] a, int aFrom, float[] b, int bFrom, int length) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + WAYS <= length; i += WAYS) {
            s0 = Math.fma(a[aFrom + i], b[bFrom + i], s0);
            s1 = Math.fma(a[aFrom + i + 1], b[bFrom + i + 1], s1);
            s2 = Math.fma(a[aFrom + i + 2], b[bFrom + i + 2], s2);
            s3 = Math.fma(a[aFrom + i + 3], b[bFrom + i + 3], s3);
        }
        for (; i < length; i++) {
            s0 = Math.fma(a[aFrom + i], b[bFrom + i], s0);
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void addScaled(float alpha, float[] x, int xFrom, float[] y, int yFrom, int length) {
        for (int i = 0; i < length; i++) {
            y[yFrom + i] = Math.fma(alpha, x[xFrom + i], y[yFrom + i]);
        }
    }

    @Override
    public void rows(MemorySegment w, FloatFormat format, int cols, int rowFrom, int rowTo, float[] x, float[] y,
                     int yFrom) {
        int r = rowFrom;
        for (; r + WAYS <= rowTo; r += WAYS) {
            long b0 = (long) r * cols, b1 = b0 + cols, b2 = b1 + cols, b3 = b2 + cols;
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int c = 0; c < cols; c++) {
                float xc = x[c];
                s0 = Math.fma(format.get(w, b0 + c), xc, s0);
                s1 = Math.fma(format.get(w, b1 + c), xc, s1);
                s2 = Math.fma(format.get(w, b2 + c), xc, s2);
                s3 = Math.fma(format.get(w, b3 + c), xc, s3);
            }
            int at = yFrom + r - rowFrom;
            y[at] = s0;
            y[at + 1] = s1;
            y[at + 2] = s2;
            y[at + 3] = s3;
        }
        for (; r < rowTo; r++) {
            long base = (long) r * cols;
            float s = 0;
            for (int c = 0; c < cols; c++) {
                s = Math.fma(format.get(w, base + c), x[c], s);
            }
            y[yFrom + r - rowFrom] = s;
        }
    }
}
