package dev.rotor.kernel;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.nio.ByteOrder;
import java.util.Arrays;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Exact int8 GEMM for a batch of tokens by group tables, the tokens in the lanes (the vector kernel's path for
 * prompt processing). Columns are taken four at a time (a group). For a tile of {@link #TILE} tokens
 * (one vector of 16-bit lanes) and a group of columns {@code c .. c + 3}, the table holds, for every ternary
 * pattern of four weights, the sums {@code sum_i w_i x[t][c + i]} of all the tokens at once: 81 vectors of shorts,
 * indexed directly by the planes' bits {@code p | n << 4} (the group's nibble of the pos and of the neg plane,
 * 256 slots of which the 81 valid ones are built). A row then costs one vector add per group, whatever its weights:
 * <pre>  acc[t] += table_g[p_g | n_g << 4][t]     4 weights x TILE tokens per add</pre>
 * Tables are built for {@value #TABLE_GROUPS} groups at a time (80 adds each; 41 KB at 512 bits, inside L1) and
 * used by every row before the next ones; a table entry is at most 4 * 128 in size, so the 16-bit sums move to
 * 32-bit ones every {@value #FLUSH_GROUPS} groups, long before they could overflow.
 *
 * <p>Per group and row: the load of the entry's offset (computed once per call from the planes), the bounds check
 * and the add, about 4 instructions for 4 x TILE products, against the bit-serial kernel's 3 vector operations per
 * 64 products and token. Measured at 2560x2560 on one thread (in-process probe, best of 200): 83 G products/s under
 * {@code -XX:UseAVX=2} (16 tokens a tile) against 23 for the bit-serial kernel, which has no vector popcount there;
 * at 512 bits 88 against 95 (32 tokens a tile): the loop is not bound by its instructions but by the L1 misses of
 * the 16-bit sums it streams per row and group block, so {@link VectorMatrixKernel#tableTokens} keeps it for
 * narrower vectors.
 *
 * <p>Scratch memory (the index stream of the rows, transposed activations, tables, sums) is kept per thread and
 * grows to the largest call; calls allocate nothing after that.
 */
final class VectorGroupTables {
    private static final VectorShape SHAPE = VectorShape.forBitSize(VectorKernel.BITS);
    private static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_MAX.withShape(SHAPE);
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_MAX.withShape(SHAPE);
    /** Half a vector of bytes: their slots widen into one vector of shorts. */
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_MAX.withShape(SHAPE);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Tokens per tile: the lanes of a vector of shorts. */
    static final int TILE = SHORTS.length();
    /** Columns per group: four weights index one table entry. */
    static final int GROUP = 4;
    /** Table slots per group: every value of {@code p | n << 4}. */
    private static final int SLOTS = 256;
    /** Shorts per group table. */
    private static final int TABLE = SLOTS * TILE;
    /** Groups whose tables are built and used at a time (written out in {@link #addGroups}). */
    static final int TABLE_GROUPS = 8;
    /** Groups between moves of the 16-bit sums to 32 bits: 32 * 4 * 128 = 16384 < 2^15. */
    static final int FLUSH_GROUPS = 32;
    /** log2 of {@link #TILE}: slot to offset. */
    private static final int TILE_SHIFT = Integer.numberOfTrailingZeros(TILE);
    /** Lane i of a vector of even groups' slots belongs to table {@code 2i % TABLE_GROUPS}; odd: one more. */
    private static final ShortVector EVEN_TABLES = tablesOfLanes(0);
    private static final ShortVector ODD_TABLES = tablesOfLanes(1);
    /** Low nibble of a byte. */
    private static final int LOW = 0x0F;
    /** High nibble of a byte. */
    private static final int HIGH = 0xF0;

    /**
     * The order tables are built in: entry {@code TO[k]} is entry {@code FROM[k]} plus ({@code SIGN[k] > 0}) or
     * minus the activations of column {@code COLUMN[k]} of the group, each from an earlier one (entry 0 is zero).
     */
    private static final int[] FROM = new int[80];
    private static final int[] TO = new int[80];
    private static final int[] COLUMN = new int[80];
    private static final boolean[] PLUS = new boolean[80];

    static {
        int[] built = {0};                          // slots made so far, in build order
        int k = 0;
        for (int column = 0; column < GROUP; column++) {
            int[] next = Arrays.copyOf(built, 3 * built.length);
            int made = built.length;
            for (int from : built) {
                for (boolean plus : new boolean[] {true, false}) {
                    FROM[k] = from;
                    TO[k] = from | (plus ? 1 : 16) << column;            // +1 sets the pos bit, -1 the neg bit
                    COLUMN[k] = column;
                    PLUS[k] = plus;
                    next[made++] = TO[k++];
                }
            }
            built = next;
        }
    }

    /** Lane i: the offset of table {@code (2i + odd) % TABLE_GROUPS}, as an unsigned 16-bit value. */
    private static ShortVector tablesOfLanes(int odd) {
        short[] lanes = new short[SHORTS.length()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = (short) ((2 * i + odd) % TABLE_GROUPS * TABLE);
        }
        return ShortVector.fromArray(SHORTS, lanes, 0);
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private VectorGroupTables() { }

    /** Per-thread working memory, grown on demand. */
    private static final class Scratch {
        short[] index = new short[0];
        short[] columns = new short[0];
        short[] tables = new short[TABLE_GROUPS * TABLE];
        short[] sums16 = new short[0];
        int[] sums32 = new int[0];

        void ensure(int rows, int groups) {
            if (index.length < rows * groups) {
                index = new short[rows * groups];
            }
            if (columns.length < groups * GROUP * TILE) {
                columns = new short[groups * GROUP * TILE];
            }
            if (sums16.length < rows * TILE) {
                sums16 = new short[rows * TILE];
                sums32 = new int[rows * TILE];
            }
        }
    }

    /** Groups per row, padded to whole {@link #TABLE_GROUPS}: two per plane byte. */
    static int groups(PlaneMatrix w) {
        int groups = (int) (2 * w.stride());
        return (groups + TABLE_GROUPS - 1) / TABLE_GROUPS * TABLE_GROUPS;
    }

    /**
     * Whole-row products of rows {@code [rowFrom, rowTo)} with tokens {@code [tokenFrom, tokenTo)}, written like
     * {@link MatrixKernel#multiply} with one block; a tile with fewer than {@link #TILE} tokens leaves lanes unused.
     */
    static void multiply(PlaneMatrix w, int rowFrom, int rowTo, Activations x, int tokenFrom, int tokenTo, int[] out,
                         int offset, int rowStride, int tokenStride) {
        int rows = rowTo - rowFrom;
        int groups = groups(w);
        Scratch s = SCRATCH.get();
        s.ensure(rows, groups);
        indexRows(w, rowFrom, rowTo, groups, s.index);
        for (int t0 = tokenFrom; t0 < tokenTo; t0 += TILE) {
            int tokens = Math.min(TILE, tokenTo - t0);
            transpose(x, t0, tokens, groups * GROUP, s.columns);
            Arrays.fill(s.sums16, 0, rows * TILE, (short) 0);
            Arrays.fill(s.sums32, 0, rows * TILE, 0);
            for (int g0 = 0; g0 < groups; g0 += TABLE_GROUPS) {
                build(s.columns, g0, s.tables);
                addGroups(s.index, rows, groups, g0, s.tables, s.sums16);
                if ((g0 + TABLE_GROUPS) % FLUSH_GROUPS == 0 || g0 + TABLE_GROUPS == groups) {
                    flush(s.sums16, s.sums32, rows);
                }
            }
            for (int r = 0; r < rows; r++) {
                int at = offset + r * rowStride + (t0 - tokenFrom) * tokenStride;
                for (int t = 0; t < tokens; t++) {
                    out[at + t * tokenStride] = s.sums32[r * TILE + t];
                }
            }
        }
    }

    /**
     * Where each group of each row finds its table entry: the offset in the tables of slot {@code p | n << 4} of the
     * table of group g (its place among the {@link #TABLE_GROUPS} built at a time), as an unsigned 16-bit value (at
     * most 7 * 8192 + 255 * 32 < 2^16 at 512 bits), so that a lookup is one load and one add. Row r's offsets start
     * at {@code index[r * groups]}: the even groups (the low nibbles of the planes' bytes) in the first half, the
     * odd ones (high nibbles) in the second. Groups past the row get slot 0 (all-zero weights).
     */
    private static void indexRows(PlaneMatrix w, int rowFrom, int rowTo, int groups, short[] index) {
        int stride = (int) w.stride();
        int half = groups / 2;
        int step = BYTES.length();
        for (int r = rowFrom; r < rowTo; r++) {
            long row = w.rowOffset(r);
            int at = (r - rowFrom) * groups;
            int b = 0;
            for (; b <= stride - step; b += step) {
                ByteVector p = ByteVector.fromMemorySegment(BYTES, w.pos(), row + b, LE);
                ByteVector n = ByteVector.fromMemorySegment(BYTES, w.neg(), row + b, LE);
                offsets(p.and((byte) LOW).or(n.lanewise(VectorOperators.LSHL, 4)), EVEN_TABLES, index, at + b);
                offsets(p.lanewise(VectorOperators.LSHR, 4).or(n.and((byte) HIGH)), ODD_TABLES, index, at + half + b);
            }
            for (; b < half; b++) {
                int p = b < stride ? w.pos().get(JAVA_BYTE, row + b) & 0xFF : 0;
                int n = b < stride ? w.neg().get(JAVA_BYTE, row + b) & 0xFF : 0;
                index[at + b] = (short) (2 * b % TABLE_GROUPS * TABLE + ((p & LOW) | (n & LOW) << 4) * TILE);
                index[at + half + b] = (short) ((2 * b + 1) % TABLE_GROUPS * TABLE + (p >>> 4 | (n & HIGH)) * TILE);
            }
        }
    }

    /** Slots (one per byte lane) scaled to table offsets, each lane's table added, stored as two vectors of shorts. */
    private static void offsets(ByteVector slots, ShortVector tables, short[] index, int at) {
        for (int part = 0; part < 2; part++) {
            ShortVector s = (ShortVector) slots.convertShape(VectorOperators.B2S, SHORTS, part);
            s.and((short) 0xFF).lanewise(VectorOperators.LSHL, TILE_SHIFT).add(tables)
                    .intoArray(index, at + part * SHORTS.length());
        }
    }

    /**
     * The activations of tokens {@code [t0, t0 + tokens)} as 16-bit columns: {@code columns[c * TILE + t]}, zero
     * for columns past the row and lanes past the tokens.
     */
    private static void transpose(Activations x, int t0, int tokens, int paddedCols, short[] columns) {
        int cols = x.cols();
        byte[] values = x.values();
        Arrays.fill(columns, 0, paddedCols * TILE, (short) 0);
        for (int t = 0; t < tokens; t++) {
            int from = (t0 + t) * cols;
            for (int c = 0; c < cols; c++) {
                columns[c * TILE + t] = values[from + c];
            }
        }
    }

    /** The tables of groups {@code [g0, g0 + TABLE_GROUPS)} (class comment), slot 0 zero, invalid slots unset. */
    private static void build(short[] columns, int g0, short[] tables) {
        for (int j = 0; j < TABLE_GROUPS; j++) {
            int table = j * TABLE;
            int column = (g0 + j) * GROUP * TILE;
            ShortVector.zero(SHORTS).intoArray(tables, table);
            for (int k = 0; k < FROM.length; k++) {
                ShortVector from = ShortVector.fromArray(SHORTS, tables, table + FROM[k] * TILE);
                ShortVector x = ShortVector.fromArray(SHORTS, columns, column + COLUMN[k] * TILE);
                (PLUS[k] ? from.add(x) : from.sub(x)).intoArray(tables, table + TO[k] * TILE);
            }
        }
    }

    /**
     * {@code sums16[r * TILE ..] +=} the table entries of groups {@code [g0, g0 + 8)} of each row (four even, four
     * odd: {@link #indexRows}), written out so that the vectors stay in registers.
     */
    private static void addGroups(short[] index, int rows, int groups, int g0, short[] tables, short[] sums16) {
        int half = groups / 2;
        for (int r = 0; r < rows; r++) {
            int even = r * groups + g0 / 2;
            int odd = even + half;
            ShortVector e0 = ShortVector.fromArray(SHORTS, tables, index[even] & 0xFFFF);
            ShortVector e1 = ShortVector.fromArray(SHORTS, tables, index[odd] & 0xFFFF);
            ShortVector e2 = ShortVector.fromArray(SHORTS, tables, index[even + 1] & 0xFFFF);
            ShortVector e3 = ShortVector.fromArray(SHORTS, tables, index[odd + 1] & 0xFFFF);
            ShortVector e4 = ShortVector.fromArray(SHORTS, tables, index[even + 2] & 0xFFFF);
            ShortVector e5 = ShortVector.fromArray(SHORTS, tables, index[odd + 2] & 0xFFFF);
            ShortVector e6 = ShortVector.fromArray(SHORTS, tables, index[even + 3] & 0xFFFF);
            ShortVector e7 = ShortVector.fromArray(SHORTS, tables, index[odd + 3] & 0xFFFF);
            ShortVector.fromArray(SHORTS, sums16, r * TILE).add(e0.add(e1).add(e2.add(e3)))
                    .add(e4.add(e5).add(e6.add(e7))).intoArray(sums16, r * TILE);
        }
    }

    /** {@code sums32 += sums16}, widened, and {@code sums16 = 0}. */
    private static void flush(short[] sums16, int[] sums32, int rows) {
        int half = INTS.length();
        for (int r = 0; r < rows; r++) {
            int at = r * TILE;
            ShortVector sum = ShortVector.fromArray(SHORTS, sums16, at);
            IntVector low = (IntVector) sum.convertShape(VectorOperators.S2I, INTS, 0);
            IntVector high = (IntVector) sum.convertShape(VectorOperators.S2I, INTS, 1);
            IntVector.fromArray(INTS, sums32, at).add(low).intoArray(sums32, at);
            IntVector.fromArray(INTS, sums32, at + half).add(high).intoArray(sums32, at + half);
            ShortVector.zero(SHORTS).intoArray(sums16, at);
        }
    }
}
