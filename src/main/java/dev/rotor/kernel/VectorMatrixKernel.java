package dev.rotor.kernel;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API matrix kernel, written once for any width: the bit-serial product of {@link MatrixKernels} on
 * {@code LongVector}s, one vector of plane words (512 weights at 512 bits) per step. Per bit plane k of the
 * activations a step costs one bitwise select ({@code BITWISE_BLEND}: VPTERNLOGQ), one {@code BIT_COUNT}
 * (VPOPCNTQ with AVX-512 VPOPCNTDQ) and one add; plus one popcount of the neg plane: 26 vector operations per
 * 512 weights and row, about 3.3 per 64 weights, and 10 loads (the activations' bit planes stay in L1).
 * Row and block tails shorter than a vector run through the scalar code.
 *
 * <p>Candidates, counted per 64 weights before writing them (issue 12; measurements in the README):
 * <ul>
 *   <li><b>bit-serial popcount</b> (this kernel): 3.3 vector operations at 512 bits. 55 G weights/s at 2560x2560
 *       on one thread of the AVX-512 machine here. On AVX2 there is no VPOPCNTQ: C2 expands {@code BIT_COUNT}
 *       into a nibble lookup (2 VPSHUFB, shifts, ANDs, VPSADBW; about 7 instructions), about 3x slower.</li>
 *   <li>masked 16-bit adds on activations widened once per call: 4 {@code VectorMask.fromLong} (KMOV from a
 *       general register, port 5 only) and 4 masked VPADDW/VPSUBW on 32-lane shorts: 8 vector operations, 2.5x
 *       this kernel's; without k-masks (AVX2) each mask costs a broadcast, AND and compare more.</li>
 *   <li>VNNI byte dot products after expanding the planes (the hand-written C of the issue: 2 masked byte moves
 *       and one VPDPBUSD, 3 operations): the Vector API has no byte or short dot-product operation, so C2 never
 *       emits VPDPBUSD / VPMADDUBSW / VPMADDWD for it; the widening multiply-adds it would need cost more than
 *       this kernel.</li>
 *   <li>T-MAC style lookup tables: one in-lane byte shuffle serving 16 rows needs the 16-entry table in every
 *       128-bit lane; Vector API rearranges are whole-vector (VPERMB, or several instructions on AVX2), and the
 *       exact sums of 4 int8 values need 10 bits, so two tables: 11 operations at 128 bits. Not written.</li>
 * </ul>
 */
public final class VectorMatrixKernel implements MatrixKernel {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** The width, fixed for the life of the JVM (see {@link VectorKernel#BITS}). */
    public static final int BITS = VectorKernel.BITS;
    private static final VectorShape SHAPE = VectorShape.forBitSize(BITS);
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_MAX.withShape(SHAPE);
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_MAX.withShape(SHAPE);
    private static final VectorOperators.Ternary BLEND = VectorOperators.BITWISE_BLEND;
    private static final VectorOperators.Unary COUNT = VectorOperators.BIT_COUNT;
    private static final VectorOperators.Binary SHL = VectorOperators.LSHL;
    /** Plane words per vector. */
    private static final int LANES = LONGS.length();

    @Override
    public String name() {
        return "vector";
    }

    /**
     * Packs bit plane k of 64 values at a time by testing bit k of every byte lane: the lane mask is the
     * plane word ({@code toLong()} is a KMOV from the VPTESTMB mask on AVX-512, VPMOVMSKB on AVX2).
     */
    @Override
    public void prepare(Activations x) {
        int cols = x.cols();
        int wholeWords = cols / Long.SIZE;
        byte[] values = x.values();
        long[] bits = x.bits();
        int step = BYTES.length();
        for (int t = 0; t < x.tokens(); t++) {
            int base = t * cols;
            for (int w = 0; w < wholeWords; w++) {
                for (int k = 0; k < Activations.BITS; k++) {
                    byte bit = (byte) (1 << k);
                    long word = 0;
                    for (int sub = 0; sub < Long.SIZE; sub += step) {
                        ByteVector v = ByteVector.fromArray(BYTES, values, base + w * Long.SIZE + sub);
                        word |= v.and(bit).compare(VectorOperators.NE, 0).toLong() << sub;
                    }
                    bits[x.planeStart(t, k) + w] = word;
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
        long stride = w.stride();
        int wholeWords = (int) (stride / Long.BYTES);   // words that lie entirely inside a row
        for (int r = rowFrom; r < rowTo; r++) {
            long rowOffset = w.rowOffset(r);
            for (int t = tokenFrom; t < tokenTo; t++) {
                int at = offset + (r - rowFrom) * rowStride + (t - tokenFrom) * tokenStride;
                int plane0 = x.planeStart(t, 0);
                for (int b = 0; b < blocks; b++) {
                    int from = b * wordsPerBlock;
                    int to = Math.min(usedWords, from + wordsPerBlock);
                    int vectorEnd = from + Math.max(0, Math.min(to, wholeWords) - from) / LANES * LANES;
                    out[at + b] = dotVectors(w.pos(), w.neg(), rowOffset, x.bits(), plane0, x.words(), from, vectorEnd)
                            + MatrixKernels.dotWords(w.pos(), w.neg(), rowOffset, stride, x.bits(), plane0, x.words(),
                                    vectorEnd, to);
                }
            }
        }
    }

    /**
     * The bit-serial product of whole vectors of plane words {@code [from, to)}. The selects are written out: C2
     * stops inlining a helper method eight times in this loop (NodeCountInliningCutoff) and then boxes the
     * vectors, 10x slower; the Vector API's own methods are force-inlined.
     */
    private static int dotVectors(MemorySegment pos, MemorySegment neg, long rowOffset, long[] bits, int plane0,
                                  int words, int from, int to) {
        LongVector t0 = LongVector.zero(LONGS), t1 = t0, t2 = t0, t3 = t0, t4 = t0, t5 = t0, t6 = t0, t7 = t0;
        LongVector negatives = t0;
        for (int i = from; i < to; i += LANES) {
            LongVector p = load(pos, rowOffset + (long) i * Long.BYTES);
            LongVector n = load(neg, rowOffset + (long) i * Long.BYTES);
            int at = plane0 + i;
            t0 = t0.add(n.lanewise(BLEND, p, LongVector.fromArray(LONGS, bits, at)).lanewise(COUNT));
            t1 = t1.add(n.lanewise(BLEND, p, LongVector.fromArray(LONGS, bits, at + words)).lanewise(COUNT));
            t2 = t2.add(n.lanewise(BLEND, p, LongVector.fromArray(LONGS, bits, at + 2 * words)).lanewise(COUNT));
            t3 = t3.add(n.lanewise(BLEND, p, LongVector.fromArray(LONGS, bits, at + 3 * words)).lanewise(COUNT));
            t4 = t4.add(n.lanewise(BLEND, p, LongVector.fromArray(LONGS, bits, at + 4 * words)).lanewise(COUNT));
            t5 = t5.add(n.lanewise(BLEND, p, LongVector.fromArray(LONGS, bits, at + 5 * words)).lanewise(COUNT));
            t6 = t6.add(n.lanewise(BLEND, p, LongVector.fromArray(LONGS, bits, at + 6 * words)).lanewise(COUNT));
            t7 = t7.add(n.lanewise(BLEND, p, LongVector.fromArray(LONGS, bits, at + 7 * words)).lanewise(COUNT));
            negatives = negatives.add(n.lanewise(COUNT));
        }
        // sum_k c_k T_k + popcount(n), lane by lane, then across lanes.
        LongVector sum = t0.add(t1.lanewise(SHL, 1)).add(t2.lanewise(SHL, 2)).add(t3.lanewise(SHL, 3))
                .add(t4.lanewise(SHL, 4)).add(t5.lanewise(SHL, 5)).add(t6.lanewise(SHL, 6))
                .sub(t7.lanewise(SHL, 7)).add(negatives);
        return (int) sum.reduceLanes(VectorOperators.ADD);
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
}
