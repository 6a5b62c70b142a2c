package dev.rotor.kernel;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API matrix kernel, written once for any width: the bit-serial product of {@link MatrixKernels} on
 * {@code LongVector}s, one vector of plane words (512 weights at 512 bits) per step, two rows per pass. Per bit
 * plane k of the activations a step costs one bitwise select ({@code BITWISE_BLEND}: VPTERNLOGQ), one
 * {@code BIT_COUNT} (VPOPCNTQ with AVX-512 VPOPCNTDQ) and one add per row; plus one popcount of the neg plane:
 * 26 vector operations per 512 weights and row (3.25 per 64 weights), and 4 plane loads and 8 activation loads
 * per two rows. Batches of tokens below 512 bits go to {@link VectorGroupTables}.
 *
 * <p>Candidates for GEMV, counted per 64 weights before writing them (issue 12), and measured (in-process probes,
 * 2560x2560, one thread, best of 50-300 calls, machine shared with other jobs; figures in G weights/s):
 * <ul>
 *   <li><b>bit-serial popcount, two rows a pass</b> (this kernel): 3.25 vector operations. 95-99 at 512 bits
 *       (ggml's TQ2_0 {@code vec_dot}: 75 here). What it took: the row, token and block loops in one method (a
 *       call per row cost ~40 cycles: 52 -> 80); two rows sharing each activation load (80 -> 95); the activation
 *       planes interleaved by vector (8 plane pointers had spilled into vector registers, and the moves back took
 *       the vector ports: +5%). Without AVX-512 there is no VPOPCNTQ: C2 expands {@code BIT_COUNT} to a nibble
 *       VPSHUFB lookup and VPSADBW (7 instructions), and with 16 registers the 18 accumulators of two rows spill:
 *       23-25 under {@code -XX:UseAVX=2}, one row a pass the same.</li>
 *   <li>the same with the neg plane's popcount precomputed per row: 3 operations; within noise of the above
 *       (73 vs 72 one row a pass), not worth derived data per matrix.</li>
 *   <li>Harley-Seal carry-save adders: a CSA (2 VPTERNLOG) replaces a popcount and an add (2 operations), so it
 *       only moves work off the popcount port, which is not the bottleneck (the 8 popcounts of 26 operations fit
 *       port 5). Not written.</li>
 *   <li>masked 16-bit adds on activations widened once per call: 4 {@code VectorMask.fromLong} (KMOV) and 4
 *       masked VPADDW/VPSUBW on 32-lane shorts: 8 operations, 2.5x this kernel's. Not written.</li>
 *   <li>VNNI byte dot products after expanding the planes (the C: 2 masked byte moves and one VPDPBUSD,
 *       3 operations): the Vector API has no byte or short dot product. C2's auto-vectorizer does turn
 *       {@code out[i] += a[2i] * b[2i] + a[2i+1] * b[2i+1]} over shorts into VPDPWSSD (checked in the assembly),
 *       but not the reduction {@code sum += ...}, and a GEMV over weights expanded to 16 bits reads 8x the
 *       bytes of the planes. Not written.</li>
 *   <li>lookup tables over column groups with VPERMB (64 one-byte entries, 3 weights an index): needs a layout
 *       with rows in the lanes (a transposition of the planes, 2.67 bits a weight, more than the planes), and the
 *       10-bit sums of three int8 values split into two 4-bit halves, widened to 16 bits every few lookups: about
 *       22 operations per 512 weights, no better than 26, for a layout that makes the memory-bound whole-model
 *       pass read a third more. Not written. With the tokens in the lanes instead, lookup tables win for batches
 *       below 512 bits ({@link VectorGroupTables}).</li>
 * </ul>
 * Blocks narrower than a vector (256-column TQ blocks at 512 bits) take a whole vector each: their activations
 * are padded with zeros ({@link #prepare}), at twice the work per weight. Row tails at the end of the planes'
 * segments run through the scalar code.
 */
public final class VectorMatrixKernel implements MatrixKernel {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** The width, fixed for the life of the JVM (see {@link VectorKernel#BITS}). */
    public static final int BITS = VectorKernel.BITS;
    private static final VectorShape SHAPE = VectorShape.forBitSize(BITS);
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_MAX.withShape(SHAPE);
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_MAX.withShape(SHAPE);
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_MAX.withShape(SHAPE);
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_MAX.withShape(SHAPE);
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /**
     * 1.5 * 2^23: adding it to a float of magnitude below 2^22 leaves no fraction bits, so the sum is rounded to an
     * integer, half to even (IEEE round to nearest even), and subtracting it again is exact: {@code Math.rint}.
     */
    private static final float ROUNDING = 0x1.8p23f;
    private static final VectorOperators.Ternary BLEND = VectorOperators.BITWISE_BLEND;
    private static final VectorOperators.Unary COUNT = VectorOperators.BIT_COUNT;
    private static final VectorOperators.Binary SHL = VectorOperators.LSHL;
    private static final VectorOperators.Conversion<Float, Byte> F2B = VectorOperators.F2B;
    private static final VectorOperators.Conversion<Integer, Float> I2F = VectorOperators.I2F;
    /** Plane words per vector. */
    private static final int LANES = LONGS.length();
    /** Rows computed for every token of a batch before the next rows: their planes stay in L1. */
    private static final int ROW_TILE = 16;

    @Override
    public String name() {
        return "vector";
    }

    /**
     * Packs bit plane k of 64 values at a time by testing bit k of every byte lane: the lane mask is the
     * plane word ({@code toLong()} is a KMOV from the VPTESTMB mask on AVX-512, VPMOVMSKB on AVX2). Blocks narrower
     * than a vector (256-column TQ blocks at 512 bits) each start a vector of their own, zero past them, so that a
     * whole vector serves one block ({@link #rows}).
     */
    @Override
    public void prepare(Activations x, int blockCols) {
        int cols = x.cols();
        int wordsPerBlock = blockCols / Long.SIZE;
        boolean narrow = MatrixKernels.blocks(cols, blockCols) > 1 && wordsPerBlock % LANES != 0;
        x.layout(LANES, narrow ? wordsPerBlock : 0);
        int wholeWords = cols / Long.SIZE;
        byte[] values = x.values();
        long[] bits = x.bits();
        int step = BYTES.length();
        for (int t = 0; t < x.tokens(); t++) {
            x.clearBits(t);
            int base = t * cols;
            for (int w = 0; w < wholeWords; w++) {
                int at = x.tokenStart(t) + x.wordOffset(w);
                for (int k = 0; k < Activations.BITS; k++) {
                    byte bit = (byte) (1 << k);
                    long word = 0;
                    for (int sub = 0; sub < Long.SIZE; sub += step) {
                        ByteVector v = ByteVector.fromArray(BYTES, values, base + w * Long.SIZE + sub);
                        word |= v.and(bit).compare(VectorOperators.NE, 0).toLong() << sub;
                    }
                    bits[at + k * LANES] = word;
                }
            }
            x.packWords(t, wholeWords);
        }
    }

    @Override
    public void multiply(PlaneMatrix w, int rowFrom, int rowTo, int blockCols, Activations x, int tokenFrom,
                         int tokenTo, int[] out, int offset, int rowStride, int tokenStride) {
        int cols = w.cols();
        int blocks = MatrixKernels.blocks(cols, blockCols);
        int usedWords = MatrixKernels.usedWords(cols);
        int wordsPerBlock = blocks == 1 ? usedWords : blockCols / Long.SIZE;
        int tableTokens = blocks == 1 ? tableTokens(tokenTo - tokenFrom) : 0;
        if (tableTokens > 0) {
            VectorGroupTables.multiply(w, rowFrom, rowTo, x, tokenFrom, tokenFrom + tableTokens, out, offset,
                    rowStride, tokenStride);
            tokenFrom += tableTokens;
            offset += tableTokens * tokenStride;
        }
        // A tile of rows is read for every token while it is still in L1.
        int tile = tokenTo - tokenFrom > 1 ? ROW_TILE : rowTo - rowFrom;
        for (int r0 = rowFrom; r0 < rowTo; r0 += tile) {
            int r1 = Math.min(rowTo, r0 + tile);
            for (int t = tokenFrom; t < tokenTo; t++) {
                int at = offset + (r0 - rowFrom) * rowStride + (t - tokenFrom) * tokenStride;
                for (int b = 0; b < blocks; b++) {
                    int from = b * wordsPerBlock;
                    rows(w, r0, r1, x, x.tokenStart(t), from, Math.min(usedWords, from + wordsPerBlock), out, at + b,
                            rowStride);
                }
            }
        }
    }

    /**
     * How many of {@code tokens} tokens go to the group tables ({@link VectorGroupTables}) rather than the bit-serial
     * product. Below 512 bits there is no vector popcount and the tables are 3-4x faster (85 against 23 G
     * products/s at 2560x2560 under {@code -XX:UseAVX=2}): every whole tile, and a last part tile from a quarter
     * of a tile on. At 512 bits with VPOPCNTDQ the bit-serial product is as fast (95 against 88; the tables' loop
     * is bound by the L1 misses of its streamed sums), so it keeps every batch. (AVX-512 CPUs without VPOPCNTDQ,
     * where the tables would win at 512 bits too, are not told apart.)
     */
    static int tableTokens(int tokens) {
        if (BITS >= 512) {
            return 0;
        }
        int tile = VectorGroupTables.TILE;
        int rest = tokens % tile;
        return tokens - rest + (rest >= tile / 4 ? rest : 0);
    }

    /**
     * The bit-serial product of plane words {@code [from, to)} of rows {@code [rowFrom, rowTo)} with the token whose
     * bit planes start at {@code bits[token]}, into {@code out[at + (r - rowFrom) * rowStride]}; two rows per pass, so
     * that each load of an activation bit plane serves both. Everything is written out in one method: C2 stops
     * inlining a helper called many times in this loop (NodeCountInliningCutoff) and then boxes the vectors, 10x
     * slower; the Vector API's own methods are force-inlined.
     */
    private static void rows(PlaneMatrix w, int rowFrom, int rowTo, Activations x, int token, int from, int to,
                             int[] out, int at, int rowStride) {
        long[] bits = x.bits();
        int activations = token + Activations.BITS * (x.wordIndex(from) - from);   // + 8i: word i's planes
        MemorySegment pos = w.pos();
        MemorySegment neg = w.neg();
        long stride = w.stride();
        // Whole vectors may run past the last word (into the next block or row): those columns have zero activations
        // (the activations' padding), so they add popcount(n) to every T_k and to popcount(n) alike and cancel
        // (MatrixKernels). Only the end of the segments bounds them; rows from lastWhole on would read past it and
        // take the scalar code for the tail.
        int vectorEnd = from + (to - from + LANES - 1) / LANES * LANES;
        long room = Math.min(pos.byteSize(), neg.byteSize()) - (long) vectorEnd * Long.BYTES;
        long lastWhole = room < 0 ? 0 : stride == 0 ? Long.MAX_VALUE : room / stride + 1;
        int shortEnd = from + Math.max(0, Math.min(to, (int) (stride / Long.BYTES)) - from) / LANES * LANES;
        for (int r = rowFrom; r < rowTo; r += 2) {
            int r2 = Math.min(r + 1, rowTo - 1);                 // an odd last row is computed twice, written once
            long rowA = w.rowOffset(r);
            long rowB = w.rowOffset(r2);
            int end = r2 < lastWhole ? vectorEnd : shortEnd;
            LongVector a0 = LongVector.zero(LONGS), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            LongVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
            LongVector negA = a0, negB = a0;
            for (int i = from; i < end; i += LANES) {
                LongVector pA = load(pos, rowA + (long) i * Long.BYTES);
                LongVector nA = load(neg, rowA + (long) i * Long.BYTES);
                LongVector pB = load(pos, rowB + (long) i * Long.BYTES);
                LongVector nB = load(neg, rowB + (long) i * Long.BYTES);
                int k0 = activations + Activations.BITS * i;   // wordOffset(i): whole groups from the block start
                LongVector x0 = LongVector.fromArray(LONGS, bits, k0);
                a0 = a0.add(nA.lanewise(BLEND, pA, x0).lanewise(COUNT));
                b0 = b0.add(nB.lanewise(BLEND, pB, x0).lanewise(COUNT));
                LongVector x1 = LongVector.fromArray(LONGS, bits, k0 + LANES);
                a1 = a1.add(nA.lanewise(BLEND, pA, x1).lanewise(COUNT));
                b1 = b1.add(nB.lanewise(BLEND, pB, x1).lanewise(COUNT));
                LongVector x2 = LongVector.fromArray(LONGS, bits, k0 + 2 * LANES);
                a2 = a2.add(nA.lanewise(BLEND, pA, x2).lanewise(COUNT));
                b2 = b2.add(nB.lanewise(BLEND, pB, x2).lanewise(COUNT));
                LongVector x3 = LongVector.fromArray(LONGS, bits, k0 + 3 * LANES);
                a3 = a3.add(nA.lanewise(BLEND, pA, x3).lanewise(COUNT));
                b3 = b3.add(nB.lanewise(BLEND, pB, x3).lanewise(COUNT));
                LongVector x4 = LongVector.fromArray(LONGS, bits, k0 + 4 * LANES);
                a4 = a4.add(nA.lanewise(BLEND, pA, x4).lanewise(COUNT));
                b4 = b4.add(nB.lanewise(BLEND, pB, x4).lanewise(COUNT));
                LongVector x5 = LongVector.fromArray(LONGS, bits, k0 + 5 * LANES);
                a5 = a5.add(nA.lanewise(BLEND, pA, x5).lanewise(COUNT));
                b5 = b5.add(nB.lanewise(BLEND, pB, x5).lanewise(COUNT));
                LongVector x6 = LongVector.fromArray(LONGS, bits, k0 + 6 * LANES);
                a6 = a6.add(nA.lanewise(BLEND, pA, x6).lanewise(COUNT));
                b6 = b6.add(nB.lanewise(BLEND, pB, x6).lanewise(COUNT));
                LongVector x7 = LongVector.fromArray(LONGS, bits, k0 + 7 * LANES);
                a7 = a7.add(nA.lanewise(BLEND, pA, x7).lanewise(COUNT));
                b7 = b7.add(nB.lanewise(BLEND, pB, x7).lanewise(COUNT));
                negA = negA.add(nA.lanewise(COUNT));
                negB = negB.add(nB.lanewise(COUNT));
            }
            // sum_k c_k T_k + popcount(n), lane by lane, then across lanes; the scalar code takes any tail.
            LongVector sumA = a0.add(a1.lanewise(SHL, 1)).add(a2.lanewise(SHL, 2)).add(a3.lanewise(SHL, 3))
                    .add(a4.lanewise(SHL, 4)).add(a5.lanewise(SHL, 5)).add(a6.lanewise(SHL, 6))
                    .sub(a7.lanewise(SHL, 7)).add(negA);
            LongVector sumB = b0.add(b1.lanewise(SHL, 1)).add(b2.lanewise(SHL, 2)).add(b3.lanewise(SHL, 3))
                    .add(b4.lanewise(SHL, 4)).add(b5.lanewise(SHL, 5)).add(b6.lanewise(SHL, 6))
                    .sub(b7.lanewise(SHL, 7)).add(negB);
            int tail = Math.min(end, to);
            out[at + (r2 - rowFrom) * rowStride] = (int) sumB.reduceLanes(VectorOperators.ADD)
                    + (tail == to ? 0 : MatrixKernels.dotWords(pos, neg, rowB, stride, x, token, tail, to));
            out[at + (r - rowFrom) * rowStride] = (int) sumA.reduceLanes(VectorOperators.ADD)
                    + (tail == to ? 0 : MatrixKernels.dotWords(pos, neg, rowA, stride, x, token, tail, to));
        }
    }

    /**
     * A vector of plane words from {@code offset}. Measured on JDK 25: {@code LongVector.fromMemorySegment} on a
     * segment over a {@code byte[]} is not intrinsified (8x slower), and a byte load reinterpreted as longs is
     * 1.7x slower than a long load on native segments; so each kind gets its fast load.
     */
    private static LongVector load(MemorySegment plane, long offset) {
        return plane.isNative() ? LongVector.fromMemorySegment(LONGS, plane, offset, LE)
                : ByteVector.fromMemorySegment(BYTES, plane, offset, LE).reinterpretAsLongs();
    }

    @Override
    public void ternary(PlaneMatrix w, int rowFrom, int rowTo, PlaneMatrix v, int[] out, int offset) {
        int usedWords = MatrixKernels.usedWords(w.cols());
        int vectorEnd = (int) (w.stride() / Long.BYTES) / LANES * LANES;
        for (int r = rowFrom; r < rowTo; r++) {
            long rowOffset = w.rowOffset(r);
            LongVector sum = LongVector.zero(LONGS);
            for (int i = 0; i < vectorEnd; i += LANES) {
                long at = (long) i * Long.BYTES;
                LongVector p = load(w.pos(), rowOffset + at);
                LongVector n = load(w.neg(), rowOffset + at);
                LongVector vp = load(v.pos(), at);
                LongVector vn = load(v.neg(), at);
                sum = sum.add(p.and(vp).lanewise(COUNT))
                        .add(n.and(vn).lanewise(COUNT))
                        .sub(p.and(vn).lanewise(COUNT))
                        .sub(n.and(vp).lanewise(COUNT));
            }
            out[offset + r - rowFrom] = (int) sum.reduceLanes(VectorOperators.ADD)
                    + MatrixKernels.ternaryWords(w, rowOffset, v, Math.min(vectorEnd, usedWords), usedWords);
        }
    }

    @Override
    public float absMax(MemorySegment x, long offset, int length) {
        float[] array = floatArray(x);
        long base = index(array, x, offset);
        FloatVector max = FloatVector.zero(FLOATS);
        int c = 0;
        for (; c <= length - FLOATS.length(); c += FLOATS.length()) {
            max = max.lanewise(VectorOperators.MAX, floats(array, x, base + c).abs());   // Math.max: NaN stays
        }
        return Math.max(max.reduceLanes(VectorOperators.MAX), MatrixKernels.absMax(x, offset + c, length - c));
    }

    /**
     * Rounds four vectors of floats at a time and narrows them into one vector of bytes: each conversion fills one
     * quarter of the byte lanes (part 0, -1, -2, -3) and zeroes the rest. Clamping before rounding gives the same
     * as after (the bounds are integers) and keeps the rounding trick in its range.
     */
    @Override
    public void quantize(MemorySegment x, long offset, int length, float s, byte[] q, int qOffset) {
        float[] array = floatArray(x);
        long base = index(array, x, offset);
        int step = FLOATS.length();
        int c = 0;
        for (; c <= length - 4 * step; c += 4 * step) {
            ByteVector b0 = (ByteVector) rounded(array, x, base + c, s).convertShape(F2B, BYTES, 0);
            ByteVector b1 = (ByteVector) rounded(array, x, base + c + step, s).convertShape(F2B, BYTES, -1);
            ByteVector b2 = (ByteVector) rounded(array, x, base + c + 2 * step, s).convertShape(F2B, BYTES, -2);
            ByteVector b3 = (ByteVector) rounded(array, x, base + c + 3 * step, s).convertShape(F2B, BYTES, -3);
            b0.or(b1).or(b2).or(b3).intoArray(q, qOffset + c);
        }
        MatrixKernels.quantize(x, offset + c, length - c, s, q, qOffset + c);
    }

    private static FloatVector rounded(float[] array, MemorySegment x, long index, float s) {
        return floats(array, x, index).mul(s).max(-128f).min(127f).add(ROUNDING).sub(ROUNDING);
    }

    @Override
    public void scale(int[] sums, int at, int n, float c, float m, MemorySegment y, long yIndex) {
        float[] array = floatArray(y);
        long base = index(array, y, yIndex);
        int step = FLOATS.length();
        int i = 0;
        for (; i <= n - step; i += step) {
            FloatVector v = ((FloatVector) IntVector.fromArray(INTS, sums, at + i).convert(I2F, 0)).div(c).mul(m);
            if (array != null) {
                v.intoArray(array, (int) (base + i));
            } else {
                v.intoMemorySegment(y, (base + i) * Float.BYTES, NATIVE);
            }
        }
        MatrixKernels.scale(sums, at + i, n - i, c, m, y, yIndex + i);
    }

    /**
     * The {@code float[]} behind a heap segment, else null. Measured on JDK 25: vector loads and stores through a
     * segment over a {@code float[]} are not intrinsified (4-5x slower than through the array, or than native
     * segments), so heap floats go through their array.
     */
    private static float[] floatArray(MemorySegment segment) {
        return segment.isNative() ? null : segment.heapBase().orElse(null) instanceof float[] a ? a : null;
    }

    /** Index of float {@code i} of {@code segment} in {@code array} (its backing array), or {@code i} itself. */
    private static long index(float[] array, MemorySegment segment, long i) {
        return array == null ? i : segment.address() / Float.BYTES + i;
    }

    private static FloatVector floats(float[] array, MemorySegment x, long index) {
        return array != null ? FloatVector.fromArray(FLOATS, array, (int) index)
                : FloatVector.fromMemorySegment(FLOATS, x, index * Float.BYTES, NATIVE);
    }
}
