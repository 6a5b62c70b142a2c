package dev.rotor.compute;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.Executor;

import dev.rotor.kernel.Activations;
import dev.rotor.kernel.KernelProvider;
import dev.rotor.kernel.MatrixKernel;
import dev.rotor.layout.ScaleConvention;

/**
 * The BitNet b1.58 linear layer, float in and float out, over a {@link TernaryMatrix}: per token, the activations
 * are quantised to int8, multiplied exactly with the ternary weights, and the weight scale(s) and the activation
 * scale applied, as transformers' {@code integrations/bitnet.py} defines it in float32:
 * <pre>
 *   s    = 127 * (1 / max(max_c |x_c|, 1e-5))       float32; torch evaluates 127 / m as m.reciprocal() * 127
 *   q_c  = clamp(round_half_even(x_c * s), -128, 127)
 *   i_r  = sum_c w[r][c] * q_c                      exact (int32)
 *   y_r  = i_r / (d * s)                            divide convention: BitLinear, post_quant_process
 *   y_r  = (i_r / s) * d                            multiply convention: AutoBitLinear (ActQuant, then * weight_scale)
 * </pre>
 * With block scales (TQ2_0 / TQ1_0) the integer sum is split at the 256-column blocks and the terms above, one per
 * block with its scale {@code d_b}, are added in float in block order.
 *
 * <p>Agreement with transformers, float32 models: the divide convention is {@code BitLinear} bit for bit (the
 * integer sum is exact in float32 up to 2^24, e.g. 127 * 132,000 columns). {@code AutoBitLinear} sums the
 * dequantised activations {@code q_c / s} in float, in an order its BLAS chooses, so it matches the formula above
 * to a few ulp, not bit for bit. Models run in bfloat16 (the published checkpoints' dtype) round the activations'
 * product, the sum and the division to bfloat16 as well, and differ from float32 by bfloat16's precision.
 *
 * <p>Calls write into the caller's arrays or segments and allocate nothing once the {@link Workspace} has grown
 * to the call's size. Non-finite activations are rejected.
 */
public final class BitLinear {
    /** Output rows per integer tile with block scales: one tile of block sums is made and turned into floats at a time. */
    static final int TILE_ROWS = 16;
    /** Tokens per kernel call with one scale per tensor (every row of the call's share at once). */
    static final int BATCH_TOKENS = 32;
    /** Tokens per integer tile with block scales. */
    static final int TILE_TOKENS = 16;
    /** The smallest max |x| the activation scale uses (transformers' {@code clamp(min=1e-5)}). */
    static final float MIN_MAX = 1e-5f;
    /** The largest int8 value: activations are scaled so that max |x| maps to it. */
    static final float QP = 127f;

    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final TernaryMatrix weights;

    private BitLinear(TernaryMatrix weights) {
        this.weights = weights;
    }

    /** The layer with the weights and scales of {@code weights}. */
    public static BitLinear of(TernaryMatrix weights) {
        if (weights == null) {
            throw new IllegalArgumentException("weights is null");
        }
        return new BitLinear(weights);
    }

    /** The weights. */
    public TernaryMatrix weights() {
        return weights;
    }

    /** Input features: the matrix's columns. */
    public int inFeatures() {
        return weights.cols();
    }

    /** Output features: the matrix's rows. */
    public int outFeatures() {
        return weights.rows();
    }

    /**
     * One token (decoding): {@code y = layer(x)}.
     *
     * @param x  {@link #inFeatures()} activations
     * @param y  {@link #outFeatures()} outputs, overwritten
     * @param ws scratch memory, used by this call only
     * @throws IllegalArgumentException for lengths that do not fit, or a NaN or infinite activation
     */
    public void forward(float[] x, float[] y, Workspace ws) {
        forward(x, y, 1, ws);
    }

    /**
     * A batch of tokens (prompt processing): {@code x} holds {@code tokens} rows of {@link #inFeatures()}
     * activations, {@code y} gets {@code tokens} rows of {@link #outFeatures()} outputs. The weights are read once
     * per batch of up to {@value #BATCH_TOKENS} tokens ({@value #TILE_TOKENS} with block scales).
     */
    public void forward(float[] x, float[] y, int tokens, Workspace ws) {
        forward(x, y, tokens, ws, null);
    }

    /** {@link #forward(float[], float[], int, Workspace)} with rows split across {@code executor}; the same results. */
    public void forward(float[] x, float[] y, int tokens, Workspace ws, Executor executor) {
        requireArray("x", x == null ? -1 : x.length, tokens, inFeatures());
        requireArray("y", y == null ? -1 : y.length, tokens, outFeatures());
        run(MemorySegment.ofArray(x), MemorySegment.ofArray(y), tokens, ws, executor);
    }

    /**
     * {@link #forward(float[], float[], int, Workspace, Executor)} on segments of float32 in native byte order
     * (heap, off heap or mapped; {@code executor} may be null for the caller's thread only).
     */
    public void forward(MemorySegment x, MemorySegment y, int tokens, Workspace ws, Executor executor) {
        requireArray("x", x == null ? -1 : x.byteSize() / Float.BYTES, tokens, inFeatures());
        requireArray("y", y == null ? -1 : y.byteSize() / Float.BYTES, tokens, outFeatures());
        run(x, y, tokens, ws, executor);
    }

    private void requireArray(String what, long floats, int tokens, int features) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens is " + tokens + ", must be >= 0");
        }
        if (floats < 0) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (floats < (long) tokens * features) {
            throw new IllegalArgumentException(what + " has " + floats + " floats, expected " + (long) tokens * features
                    + " (" + tokens + " tokens x " + features + " features of " + weights.name() + ")");
        }
    }

    private void run(MemorySegment x, MemorySegment y, int tokens, Workspace ws, Executor executor) {
        if (ws == null) {
            throw new IllegalArgumentException("workspace is null");
        }
        int cols = inFeatures();
        MatrixKernel kernel = weights.kernel();
        Activations acts = ws.activations();
        acts.reshape(tokens, cols);
        float[] scales = ws.scales(tokens);
        for (int t = 0; t < tokens; t++) {
            scales[t] = quantize(kernel, x, (long) t * cols, cols, acts.values(), t * cols, t);
        }
        int blockCols = weights.scales().blockCols(cols);
        kernel.prepare(acts, blockCols);
        int parts = RowParts.parts(outFeatures(), executor);
        ws.reserveTiles(RowParts.slots(parts, executor));
        int blocks = cols <= blockCols ? 1 : cols / blockCols;
        boolean perTensor = weights.scales().isPerTensor();  // else even one block per row has a scale per row
        RowParts.run(outFeatures(), parts, tokens == 1, executor, (slot, from, to) -> {
            if (perTensor) {
                int batch = Math.min(tokens, BATCH_TOKENS);
                rows(from, to, acts, scales, y, blockCols, ws.tile(slot, (to - from) * batch));
            } else {
                blockRows(from, to, acts, scales, y, blockCols, blocks,
                        ws.tile(slot, TILE_ROWS * Math.min(tokens, TILE_TOKENS) * blocks));
            }
        });
    }

    /**
     * Rows {@code [from, to)} of every token with one scale per tensor: all the rows for a batch of up to
     * {@value #BATCH_TOKENS} tokens at a time (the kernel tiles them as it likes), token after token
     * ({@code tile[t * rows + r]}), each token's run of rows turned into floats at once.
     */
    private void rows(int from, int to, Activations acts, float[] scales, MemorySegment y, int blockCols,
                      int[] tile) {
        MatrixKernel kernel = weights.kernel();
        int rows = outFeatures();
        int tokens = acts.tokens();
        int n = to - from;
        float d = weights.scales().scale(0, 0);
        boolean divide = weights.scales().convention() == ScaleConvention.DIVIDE;
        for (int t0 = 0; t0 < tokens; t0 += BATCH_TOKENS) {
            int t1 = Math.min(tokens, t0 + BATCH_TOKENS);
            kernel.multiply(weights.planes(), from, to, blockCols, acts, t0, t1, tile, 0, 1, n);
            for (int t = t0; t < t1; t++) {
                float s = scales[t];
                // term(): sum / (d * s) to divide, sum / s * d to multiply
                kernel.scale(tile, (t - t0) * n, n, divide ? d * s : s, divide ? 1f : d, y, (long) t * rows + from);
            }
        }
    }

    /** Rows {@code [from, to)} of every token with block scales, a tile of block sums at a time. */
    private void blockRows(int from, int to, Activations acts, float[] scales, MemorySegment y, int blockCols,
                           int blocks, int[] tile) {
        int rows = outFeatures();
        int tokens = acts.tokens();
        WeightScales ws = weights.scales();
        for (int r0 = from; r0 < to; r0 += TILE_ROWS) {
            int r1 = Math.min(to, r0 + TILE_ROWS);
            for (int t0 = 0; t0 < tokens; t0 += TILE_TOKENS) {
                int t1 = Math.min(tokens, t0 + TILE_TOKENS);
                int tileTokens = t1 - t0;
                weights.kernel().multiply(weights.planes(), r0, r1, blockCols, acts, t0, t1, tile, 0,
                        tileTokens * blocks, blocks);
                for (int r = r0; r < r1; r++) {
                    for (int t = t0; t < t1; t++) {
                        int at = ((r - r0) * tileTokens + (t - t0)) * blocks;
                        y.setAtIndex(FLOAT, (long) t * rows + r, output(tile, at, blocks, ws, r, scales[t]));
                    }
                }
            }
        }
    }

    /** Output {@code y_r} from the row's block sums at {@code sums[at ..]} (class comment). */
    static float output(int[] sums, int at, int blocks, WeightScales ws, int row, float s) {
        ScaleConvention convention = ws.convention();
        float y = term(sums[at], ws.scale(row, 0), convention, s);
        for (int b = 1; b < blocks; b++) {
            y += term(sums[at + b], ws.scale(row, b), convention, s);
        }
        return y;
    }

    private static float term(int sum, float d, ScaleConvention convention, float s) {
        return convention == ScaleConvention.DIVIDE ? sum / (d * s) : sum / s * d;
    }

    /**
     * BitNet's per-token activation quantisation (class comment): writes {@code length} int8 values for the floats
     * {@code x[offset ..]} to {@code q[qOffset ..]} and returns the scale {@code s} ({@code x ~ q / s}).
     *
     * @throws IllegalArgumentException if a value is NaN or infinite, or the ranges do not fit the arrays
     */
    public static float quantize(float[] x, int offset, int length, byte[] q, int qOffset) {
        if (x == null || q == null || offset < 0 || qOffset < 0 || length < 0 || offset > x.length - length
                || qOffset > q.length - length) {
            throw new IllegalArgumentException("quantize: " + length + " values from offset " + offset + " into offset "
                    + qOffset + " do not fit arrays of " + (x == null ? "null" : x.length) + " and "
                    + (q == null ? "null" : q.length));
        }
        return quantize(KernelProvider.choice().matrix(), MemorySegment.ofArray(x), offset, length, q, qOffset, 0);
    }

    private static float quantize(MatrixKernel kernel, MemorySegment x, long offset, int length, byte[] q, int qOffset,
                                  int token) {
        float max = kernel.absMax(x, offset, length);
        if (!Float.isFinite(max)) {
            throw notFinite(x, offset, length, token);
        }
        float s = 1f / Math.max(max, MIN_MAX) * QP;
        kernel.quantize(x, offset, length, s, q, qOffset);
        return s;
    }

    private static IllegalArgumentException notFinite(MemorySegment x, long offset, int length, int token) {
        for (int c = 0; c < length; c++) {
            float v = x.getAtIndex(FLOAT, offset + c);
            if (!Float.isFinite(v)) {
                return new IllegalArgumentException("x: activation " + c + " of token " + token + " is " + v
                        + " (activations must be finite)");
            }
        }
        throw new IllegalStateException("max |x| is not finite but every activation is");
    }
}
