package dev.rotor.kernel;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * int8 activations of one or more tokens, as the matrix kernels read them: the values, and (after
 * {@link MatrixKernel#prepare}) their 8 bit planes. Bit plane k of token t holds bit k of every value, one
 * bit per column in 64-bit words like a plane row (bit {@code c % 64} of word {@code c / 64}), padded with zero
 * words to a multiple of {@value #PAD} words so that a kernel may load whole 512-bit vectors past the last column.
 * The kernel's {@code prepare} chooses the layout ({@link #layout}): the planes are interleaved by groups of
 * {@link #group()} words (a kernel's vector of words), and blocks of columns narrower than a group may each start a
 * group of their own, the rest of it zero. Word i of plane k of token t is
 * <pre>  bits[tokenStart(t) + wordOffset(i) + k * group()]</pre>
 * so the 8 planes of a vector of columns lie together, and a kernel stepping by whole groups addresses all 8 from
 * one index with constant displacements instead of keeping 8 plane pointers in registers.
 *
 * <p>Reused across calls: {@link #load} only allocates when the activations outgrow the arrays. Not thread-safe;
 * any number of threads may read it once it is prepared.
 */
public final class Activations {
    /** Bits per int8 value: the number of bit planes. */
    public static final int BITS = 8;
    /** Plane words are padded to a multiple of this many longs (one 512-bit vector). */
    public static final int PAD = 8;
    /** The largest array length every JVM allocates. */
    private static final long ARRAY_LIMIT = Integer.MAX_VALUE - 8;

    private byte[] values = new byte[0];
    private long[] bits = new long[0];
    private int tokens;
    private int cols;
    private int words;
    private int group = 1;
    /** Words of a block that starts a group of its own, 0 if blocks are not padded. */
    private int blockWords;

    /** Empty; arrays grow on first use. */
    public Activations() { }

    /** With room for {@code tokens} tokens of {@code cols} columns, so that loading them never allocates. */
    public Activations(int tokens, int cols) {
        ensure(tokens, cols);
    }

    /** {@code words} rounded up to a multiple of {@link #PAD}. */
    private static int padWords(int words) {
        return (words + PAD - 1) / PAD * PAD;
    }

    private void ensure(int tokens, int cols) {
        long valueCount = (long) tokens * cols;
        if (valueCount > ARRAY_LIMIT) {
            throw tooLarge(tokens, cols);
        }
        ensureBits((long) tokens * BITS * padWords(MatrixKernels.usedWords(cols)), tokens, cols);
        if (values.length < valueCount) {
            values = new byte[(int) valueCount];
        }
    }

    /** Grows the bit planes to {@code count} words, or refuses {@code tokens} x {@code cols} that cannot fit. */
    private void ensureBits(long count, int tokens, int cols) {
        if (count > ARRAY_LIMIT) {
            throw tooLarge(tokens, cols);
        }
        if (bits.length < count) {
            bits = new long[(int) count];
        }
    }

    private static IllegalArgumentException tooLarge(int tokens, int cols) {
        return new IllegalArgumentException(tokens + " tokens of " + cols + " activations do not fit in arrays");
    }

    /** Copies {@code tokens * cols} int8 values (token after token) from {@code x}; then prepare them. */
    public void load(MemorySegment x, int tokens, int cols) {
        ensure(tokens, cols);
        MemorySegment.copy(x, JAVA_BYTE, 0, values, 0, tokens * cols);
        setShape(tokens, cols);
    }

    /** Copies {@code tokens * cols} int8 values (token after token) from {@code x}; then prepare them. */
    public void load(byte[] x, int tokens, int cols) {
        ensure(tokens, cols);
        System.arraycopy(x, 0, values, 0, tokens * cols);
        setShape(tokens, cols);
    }

    /**
     * Makes room for {@code tokens * cols} values for the caller to write into {@link #values()} (the float layer
     * quantises straight into it); then prepare them.
     */
    public void reshape(int tokens, int cols) {
        ensure(tokens, cols);
        setShape(tokens, cols);
    }

    private void setShape(int tokens, int cols) {
        this.tokens = tokens;
        this.cols = cols;
        this.words = padWords(MatrixKernels.usedWords(cols));
        this.group = 1;
        this.blockWords = 0;
    }

    public int tokens() {
        return tokens;
    }

    public int cols() {
        return cols;
    }

    /** The values, token after token ({@code values()[t * cols + c]}); longer than needed. */
    public byte[] values() {
        return values;
    }

    /** The bit planes (see the class comment); longer than needed. */
    public long[] bits() {
        return bits;
    }

    /** Index in {@link #bits()} where token {@code t}'s bit planes start. */
    public int tokenStart(int t) {
        return t * BITS * words;
    }

    /** Words per interleaved group of the bit planes (class comment): 1, 2, 4 or 8. */
    public int group() {
        return group;
    }

    /**
     * Sets the layout of the bit planes packed next (class comment): interleaved by groups of {@code group} words (a
     * power of two up to {@link #PAD}), and, if {@code blockWords > 0}, every block of that many words starting a
     * group of its own. Grows the arrays if the padding needs more words.
     */
    public void layout(int group, int blockWords) {
        if (group < 1 || group > PAD || Integer.bitCount(group) != 1 || blockWords < 0) {
            throw new IllegalArgumentException("layout of groups of " + group + " words, blocks of " + blockWords);
        }
        this.group = group;
        this.blockWords = blockWords;
        int used = MatrixKernels.usedWords(cols);
        words = padWords(blockWords == 0 ? used : (used + blockWords - 1) / blockWords * slot());
        ensureBits((long) tokens * BITS * words, tokens, cols);
    }

    /** Words a padded block takes: its words rounded up to whole groups. */
    private int slot() {
        return (blockWords + group - 1) / group * group;
    }

    /** Where word {@code i} of a plane row lies among the activations' words: {@code i}, or moved by block padding. */
    public int wordIndex(int i) {
        return blockWords == 0 ? i : i / blockWords * slot() + i % blockWords;
    }

    /**
     * Offset from a token's start of word {@code i} (of a plane row) of bit plane 0; plane k's word is
     * {@code k * group()} further (class comment).
     */
    public int wordOffset(int i) {
        int j = wordIndex(i);
        return (j & -group) * BITS + (j & (group - 1));
    }

    /** Zeroes token {@code t}'s bit planes, padding included: packing only sets bits. */
    void clearBits(int t) {
        java.util.Arrays.fill(bits, tokenStart(t), tokenStart(t + 1), 0L);
    }

    /**
     * Fills the bit planes from the values, 8 columns at a time: a long of 8 values is an 8x8 bit matrix, and
     * {@link Long#compress} (PEXT) gathers bit k of its 8 bytes into one byte of plane k. The portable way; the
     * vector kernel has a faster one. Columns past {@link #cols()} stay zero.
     */
    void packBitsScalar() {
        for (int t = 0; t < tokens; t++) {
            clearBits(t);
            packWords(t, 0);
        }
    }

    /**
     * Packs the bit planes of token {@code t}, cleared before ({@link #clearBits}), from word {@code from} on, by
     * {@link #packBitsScalar}'s method; the vector kernel packs the words before {@code from}.
     */
    void packWords(int t, int from) {
        int token = tokenStart(t);
        int base = t * cols;
        for (int c = from * Long.SIZE; c < cols; c += Long.BYTES) {
            long eight = eightValues(base + c, Math.min(Long.BYTES, cols - c));
            int word = token + wordOffset(c >>> 6);
            int shift = c & 63;
            for (int k = 0; k < BITS; k++) {
                bits[word + k * group] |= Long.compress(eight, LOW_BIT_OF_BYTES << k) << shift;
            }
        }
    }

    /** Bit 0 of every byte. */
    private static final long LOW_BIT_OF_BYTES = 0x0101_0101_0101_0101L;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** {@code n <= 8} values from index {@code i} as a little-endian long, zero past them. */
    private long eightValues(int i, int n) {
        if (n == Long.BYTES) {
            return (long) LONG_LE.get(values, i);
        }
        long v = 0;
        for (int j = 0; j < n; j++) {
            v |= (values[i + j] & 0xFFL) << (8 * j);
        }
        return v;
    }
}
