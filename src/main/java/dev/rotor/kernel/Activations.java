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
 * The planes are interleaved by groups of {@link #group()} words (a kernel's vector of words, chosen by its
 * {@code prepare}): word i of plane k of token t is
 * <pre>  bits[tokenStart(t) + wordOffset(i) + k * group()]</pre>
 * so the 8 planes of a vector of columns lie together, and a kernel stepping i by whole groups addresses all 8 from
 * one index ({@code 8 * i}) with constant displacements instead of keeping 8 plane pointers in registers.
 *
 * <p>Reused across calls: {@link #load} only allocates when the activations outgrow the arrays. Not thread-safe;
 * any number of threads may read it once it is prepared.
 */
public final class Activations {
    /** Bits per int8 value: the number of bit planes. */
    public static final int BITS = 8;
    /** Plane words are padded to a multiple of this many longs (one 512-bit vector). */
    public static final int PAD = 8;

    private byte[] values = new byte[0];
    private long[] bits = new long[0];
    private int tokens;
    private int cols;
    private int words;
    private int group = 1;

    /** Empty; arrays grow on first use. */
    public Activations() { }

    /** With room for {@code tokens} tokens of {@code cols} columns, so that loading them never allocates. */
    public Activations(int tokens, int cols) {
        ensure(tokens, cols);
    }

    /** Words per bit plane for {@code cols} columns, padded to {@link #PAD}. */
    public static int wordsFor(int cols) {
        int used = (cols + 63) >>> 6;
        return (used + PAD - 1) / PAD * PAD;
    }

    private void ensure(int tokens, int cols) {
        long valueCount = (long) tokens * cols;
        long bitCount = (long) tokens * BITS * wordsFor(cols);
        if (valueCount > Integer.MAX_VALUE - 8 || bitCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(tokens + " tokens of " + cols + " activations do not fit in arrays");
        }
        if (values.length < valueCount) {
            values = new byte[(int) valueCount];
        }
        if (bits.length < bitCount) {
            bits = new long[(int) bitCount];
        }
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
        this.words = wordsFor(cols);
    }

    public int tokens() {
        return tokens;
    }

    public int cols() {
        return cols;
    }

    /** Words per bit plane (padded). */
    public int words() {
        return words;
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

    /** Sets {@link #group()} for the bit planes packed next; a power of two up to {@link #PAD}. */
    public void interleave(int words) {
        if (words < 1 || words > PAD || Integer.bitCount(words) != 1) {
            throw new IllegalArgumentException("interleave " + words + " words");
        }
        group = words;
    }

    /**
     * Offset from a token's start of word {@code i} of bit plane 0; plane k's word is {@code k * group()} further
     * (class comment).
     */
    public int wordOffset(int i) {
        return (i & -group) * BITS + (i & (group - 1));
    }

    /**
     * Fills the bit planes from the values, 8 columns at a time: a long of 8 values is an 8x8 bit matrix, and
     * {@link Long#compress} (PEXT) gathers bit k of its 8 bytes into one byte of plane k. The portable way; the
     * vector kernel has a faster one. Columns past {@link #cols()} stay zero.
     */
    void packBitsScalar() {
        for (int t = 0; t < tokens; t++) {
            packWords(t, 0);
        }
    }

    /**
     * Packs the bit planes of token {@code t} from word {@code from} to the end of the (padded) planes, by
     * {@link #packBitsScalar}'s method; the vector kernel packs the words before {@code from}.
     */
    void packWords(int t, int from) {
        int token = tokenStart(t);
        for (int i = from; i < words; i++) {
            for (int k = 0; k < BITS; k++) {
                bits[token + wordOffset(i) + k * group] = 0;
            }
        }
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
