package dev.rotor.compute;

import dev.rotor.layout.ScaleConvention;

/**
 * The scale(s) of a ternary matrix and how they apply: one scale for the tensor (Hugging Face {@code weight_scale},
 * I2_S, bitnet2) or one per {@value #BLOCK}-weight block of a row (TQ2_0 / TQ1_0), following
 * {@link ScaleConvention#MULTIPLY} (real weight = ternary * scale) or {@link ScaleConvention#DIVIDE}
 * (real weight = ternary / scale).
 *
 * <p>Block scales that are all the same number are one scale for the tensor ({@link #isPerTensor()}): the
 * integer product of a row is then one sum, not split at block boundaries (the exact value is the same; one
 * rounding instead of one per block). Immutable.
 */
public final class WeightScales {
    /** Weights per block of a row for block scales (TQ2_0 / TQ1_0). */
    public static final int BLOCK = 256;

    private static final WeightScales NONE = new WeightScales(new float[] {1f}, 1, ScaleConvention.MULTIPLY);

    private final float[] values;
    private final int blocksPerRow;
    private final ScaleConvention convention;

    private WeightScales(float[] values, int blocksPerRow, ScaleConvention convention) {
        this.values = values;
        this.blocksPerRow = blocksPerRow;
        this.convention = convention;
    }

    /** Scale 1: real weights are the ternary values. */
    public static WeightScales none() {
        return NONE;
    }

    /**
     * One scale for the whole tensor.
     *
     * @throws IllegalArgumentException if the scale is not finite, or 0 under {@link ScaleConvention#DIVIDE}
     */
    public static WeightScales perTensor(float scale, ScaleConvention convention) {
        requireConvention(convention);
        requireUsable(scale, 0, convention);
        return new WeightScales(new float[] {scale}, 1, convention);
    }

    /**
     * One scale per block of {@value #BLOCK} weights of each row: {@code scales[r * cols / 256 + k]} scales
     * weights {@code (r, 256k .. 256k + 255)}, as in a rotor file's {@code NAME.scale} of shape
     * {@code [rows, cols/256]}. Copied.
     *
     * @throws IllegalArgumentException if {@code cols} is not a multiple of 256, the array has not
     *                                  {@code rows * cols / 256} scales, or a scale is unusable
     */
    public static WeightScales perBlock(int rows, int cols, float[] scales, ScaleConvention convention) {
        requireConvention(convention);
        if (rows < 0 || cols < 0 || cols % BLOCK != 0) {
            throw new IllegalArgumentException("block scales need cols a multiple of " + BLOCK + ", got a "
                    + rows + "x" + cols + " matrix");
        }
        if (scales == null || scales.length != (long) rows * (cols / BLOCK)) {
            throw new IllegalArgumentException("scales: expected " + (long) rows * (cols / BLOCK) + " block scales ("
                    + rows + " rows x " + cols / BLOCK + " blocks), got " + (scales == null ? "null" : scales.length));
        }
        for (int i = 0; i < scales.length; i++) {
            requireUsable(scales[i], i, convention);
        }
        if (scales.length > 0 && allSame(scales)) {
            return new WeightScales(new float[] {scales[0]}, 1, convention);
        }
        return new WeightScales(scales.clone(), Math.max(1, cols / BLOCK), convention);
    }

    private static boolean allSame(float[] scales) {
        int first = Float.floatToRawIntBits(scales[0]);
        for (float s : scales) {
            if (Float.floatToRawIntBits(s) != first) {
                return false;
            }
        }
        return true;
    }

    private static void requireConvention(ScaleConvention convention) {
        if (convention == null) {
            throw new IllegalArgumentException("scale convention is null");
        }
    }

    private static void requireUsable(float scale, int index, ScaleConvention convention) {
        if (!Float.isFinite(scale)) {
            throw new IllegalArgumentException("scale " + index + " is " + scale + " (scales must be finite)");
        }
        if (scale == 0 && convention == ScaleConvention.DIVIDE) {
            throw new IllegalArgumentException("scale " + index + " is 0, but weights are divided by it");
        }
    }

    /** Whether one scale applies to the whole tensor. */
    public boolean isPerTensor() {
        return values.length == 1;
    }

    /** How the scales apply. */
    public ScaleConvention convention() {
        return convention;
    }

    /** The scale of block {@code block} of row {@code row} (the tensor's scale if {@link #isPerTensor()}). */
    public float scale(int row, int block) {
        return isPerTensor() ? values[0] : values[row * blocksPerRow + block];
    }

    /** Columns summed into one integer before a scale applies: {@value #BLOCK}, or all of a row's. */
    int blockCols(int cols) {
        return isPerTensor() ? Math.max(1, cols) : BLOCK;
    }

    /** Checks that these scales fit a {@code rows x cols} matrix. */
    void requireFits(int rows, int cols) {
        if (!isPerTensor() && (cols % BLOCK != 0 || values.length != (long) rows * (cols / BLOCK))) {
            throw new IllegalArgumentException("scales: " + values.length + " block scales do not fit a " + rows + "x"
                    + cols + " matrix (expected " + (long) rows * (cols / BLOCK) + ")");
        }
    }

    @Override
    public String toString() {
        return isPerTensor() ? "scale " + values[0] + " (" + convention.id() + ")"
                : values.length + " block scales (" + convention.id() + ")";
    }
}
