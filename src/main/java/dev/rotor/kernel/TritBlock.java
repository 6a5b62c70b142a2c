package dev.rotor.kernel;

import dev.rotor.layout.TqCodec;

/**
 * The GGUF TQ1_0 block (FORMATS.md section 6): 256 weights in 54 bytes, {@code qs[48]}, {@code qh[4]},
 * fp16 {@code d}. The 52 code bytes are numbered as <em>lanes</em> 0..51. A byte holds trits t0..t4
 * (each {@code w + 1}) as the base-3 fixed-point fraction {@code ceil(v * 256 / 243)},
 * {@code v = t0*81 + t1*27 + t2*9 + t3*3 + t4}; a {@code qh} byte uses only t0..t3 and has t4 = 0.
 *
 * <p>Validity: a byte is valid only if it is exactly the canonical encoding of the trits it decodes to
 * (13 of the 256 byte values are not, and of the 243 that are, only the 81 with t4 = 0 are valid
 * {@code qh} bytes). Every weight held by an invalid byte counts as one invalid code and decodes as 0.
 */
public final class TritBlock {
    private TritBlock() { }

    public static final int BYTES = 54;
    static final int PLANE_BYTES = TqCodec.BLOCK_PLANE_BYTES;
    /** Lanes 0..31: the first part of qs, weights {@code lane + 32 * n}. */
    static final int QS_LOW_LANES = 32;
    /** Lanes 32..47: the second part of qs, weights {@code 160 + (lane - 32) + 16 * n}. */
    public static final int QS_LANES = 48;
    /** Lanes 48..51: qh, weights {@code 240 + (lane - 48) + 4 * n}. */
    static final int CODE_LANES = 52;
    static final int QH_LANES = CODE_LANES - QS_LANES;
    private static final long QH_LANE_BITS = (1L << QH_LANES) - 1;
    /** Trits per qs byte and per qh byte. */
    static final int TRITS = 5;
    static final int QH_TRITS = 4;
    /** 3^5: byte values v run over 0..242. */
    static final int VALUES = 243;
    /** 3^0 .. 3^5. */
    static final int[] POWERS_OF_3 = {1, 3, 9, 27, 81, VALUES};
    /** Table size: every value a byte can take. */
    private static final int BYTE_VALUES = 1 << Byte.SIZE;
    private static final int QS_HIGH_FIRST_WEIGHT = 160;
    private static final int QH_FIRST_WEIGHT = 240;

    /** The block's weight held by trit {@code n} of code byte {@code lane}. */
    static int weight(int lane, int n) {
        if (lane < QS_LOW_LANES) {
            return lane + QS_LOW_LANES * n;
        }
        if (lane < QS_LANES) {
            return QS_HIGH_FIRST_WEIGHT + (lane - QS_LOW_LANES) + (QS_LANES - QS_LOW_LANES) * n;
        }
        return QH_FIRST_WEIGHT + (lane - QS_LANES) + (CODE_LANES - QS_LANES) * n;
    }

    /** How many weights code byte {@code lane} holds. */
    static int trits(int lane) {
        return lane < QS_LANES ? TRITS : QH_TRITS;
    }

    /**
     * The 16 qh weights' plane bits (block bytes 30 and 31) from their trits, given as byte n = the four
     * qh lanes' bits of trit n: trit n covers weights {@code 240 + 4n .. 240 + 4n + 3}, plane bits 4n..4n+3.
     */
    static short qhPlaneBits(long tritBytes) {
        int bits = 0;
        for (int n = 0; n < QH_TRITS; n++) {
            bits |= (int) ((tritBytes >>> (Byte.SIZE * n)) & QH_LANE_BITS) << (QH_LANES * n);
        }
        return (short) bits;
    }

    /** Trit n (0 = most significant) of byte q, as FORMATS.md reads it: {@code ((uint8)(q * 3^n) * 3) >> 8}. */
    public static int trit(int q, int n) {
        int scaled = (q * POWERS_OF_3[n]) & (BYTE_VALUES - 1);
        return (scaled * 3) >>> Byte.SIZE;
    }

    /** The canonical byte for value {@code v} (0..242): {@code ceil(v * 256 / 243)}. */
    static int encode(int v) {
        return (v * BYTE_VALUES + VALUES - 1) / VALUES;
    }

    /** Whether q is the canonical encoding of its trits, with t4 = 0 required when {@code qh}. */
    public static boolean valid(int q, boolean qh) {
        int v = 0;
        for (int n = 0; n < TRITS; n++) {
            v = v * 3 + trit(q, n);
        }
        return encode(v) == q && !(qh && trit(q, TRITS - 1) != 0);
    }

    // ---- tables for the scalar decoder: one entry per byte value ----

    /**
     * Bit {@code 8 * n} is set where trit n is 2 (+1), resp. 0 (-1); zero for an invalid byte. Putting trit n
     * in byte n lets eight lanes be transposed at once: OR-ing {@code table[q_i] << i} over lanes i = 0..7
     * leaves in byte n the eight plane bits of trit n.
     */
    static final long[] QS_PLUS = tritTable(false, 2);
    static final long[] QS_MINUS = tritTable(false, 0);
    static final long[] QH_PLUS = tritTable(true, 2);
    static final long[] QH_MINUS = tritTable(true, 0);
    /** 1 where the byte value is invalid in qs, resp. qh. */
    static final byte[] QS_INVALID = invalidTable(false);
    static final byte[] QH_INVALID = invalidTable(true);

    /** The canonical byte of every value 0..242, for the encoder. */
    static final byte[] ENCODED = encodedTable();

    private static long[] tritTable(boolean qh, int trit) {
        long[] table = new long[BYTE_VALUES];
        for (int q = 0; q < BYTE_VALUES; q++) {
            if (valid(q, qh)) {
                for (int n = 0; n < (qh ? QH_TRITS : TRITS); n++) {
                    table[q] |= (trit(q, n) == trit ? 1L : 0L) << (Byte.SIZE * n);
                }
            }
        }
        return table;
    }

    private static byte[] invalidTable(boolean qh) {
        byte[] table = new byte[BYTE_VALUES];
        for (int q = 0; q < BYTE_VALUES; q++) {
            table[q] = (byte) (valid(q, qh) ? 0 : 1);
        }
        return table;
    }

    private static byte[] encodedTable() {
        byte[] table = new byte[VALUES];
        for (int v = 0; v < VALUES; v++) {
            table[v] = (byte) encode(v);
        }
        return table;
    }
}
