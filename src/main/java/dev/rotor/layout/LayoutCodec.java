package dev.rotor.layout;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;

import dev.rotor.InvalidCodePolicy;
import dev.rotor.InvalidTernaryCodeException;
import dev.rotor.kernel.ChunkMap;

/**
 * What every codec shares: argument checks, the invalid-code policy, scales and error reports. A codec
 * describes its layout twice: <em>literally</em>, weight by weight as FORMATS.md words it
 * ({@link #referenceWeight}, {@link #byteOffset}: the oracle the tests hold the fast paths to, and the scan
 * that counts and locates invalid codes), and as fast bulk code ({@link #decodeCodes}, {@link #encodeCodes})
 * that only reports <em>whether</em> something was wrong, so the hot loops carry no counters.
 *
 * <p>"The first invalid weight" is the first in row-major order (row, then column), whatever the byte order.
 */
abstract class LayoutCodec implements TernaryCodec {
    /** {@link #referenceWeight}'s answer for a weight whose code is invalid. */
    static final int INVALID = Integer.MIN_VALUE;

    private final SourceLayout layout;
    private final ScaleFormat scaleFormat;

    LayoutCodec(SourceLayout layout, ScaleFormat scaleFormat) {
        this.layout = layout;
        this.scaleFormat = scaleFormat;
    }

    // ---- what a layout supplies; shapes are checked before any of these is called ----

    /** Null if the layout holds a {@code rows x cols} matrix (both non-negative), else what it requires. */
    abstract String shapeProblem(int rows, int cols);

    /** {@link #dataSize} of a checked shape. */
    abstract long size(int rows, int cols);

    /** {@link #scaleCount} of a checked shape: none unless the layout stores scales. */
    long scales(int rows, int cols) {
        return 0;
    }

    /** Where scale {@code i} is stored in the data; only called by layouts that store scales, which override it. */
    long scaleOffset(int rows, int cols, long i) {
        throw new IllegalStateException(layout.id() + " stores no scales");
    }

    /** Fast decode of the codes into the planes; invalid codes decode as 0. Returns non-zero if there were any. */
    abstract long decodeCodes(MemorySegment data, int rows, int cols, MemorySegment pos, MemorySegment neg);

    /** Fast encode of everything but the scales. Returns non-zero if a weight had both plane bits set. */
    abstract long encodeCodes(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment data);

    /** The offset, from the data start, of the byte holding weight (r, c). */
    abstract long byteOffset(int rows, int cols, long r, long c);

    /** Weight (r, c) read literally from FORMATS.md: -1, 0, +1, or {@link #INVALID}. */
    abstract int referenceWeight(MemorySegment data, int rows, int cols, long r, long c);

    // ---- TernaryCodec ----

    @Override
    public final SourceLayout layout() {
        return layout;
    }

    @Override
    public final long dataSize(int rows, int cols) {
        requireShape(rows, cols);
        return size(rows, cols);
    }

    @Override
    public final long scaleCount(int rows, int cols) {
        requireShape(rows, cols);
        return scales(rows, cols);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Invalid codes are counted per weight, and the exception names the first in row-major order.
     *
     * @throws IllegalArgumentException if the layout cannot hold the shape, a segment is null, too small or
     *                                  (for the planes) read-only, or the policy is null
     */
    @Override
    public final long decode(MemorySegment data, int rows, int cols, MemorySegment pos, MemorySegment neg,
                             InvalidCodePolicy policy) {
        requireShape(rows, cols);
        if (policy == null) {
            throw new IllegalArgumentException(what() + ": policy is null");
        }
        MemorySegment in = region("data", data, size(rows, cols));
        long planeSize = planeSize(rows, cols);
        MemorySegment p = writable("pos plane", pos, planeSize);
        MemorySegment n = writable("neg plane", neg, planeSize);
        if (decodeCodes(in, rows, cols, p, n) == 0) {
            return 0;
        }
        return invalidCodes(in, rows, cols, policy);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the layout cannot hold the shape, {@code data} is null or too small,
     *                                  or {@code scales} is too short (null is accepted when the layout
     *                                  stores no scales)
     */
    @Override
    public final void readScales(MemorySegment data, int rows, int cols, float[] scales) {
        long count = scaleCount(rows, cols);
        MemorySegment in = region("data", data, size(rows, cols));
        requireScales(scales, count);
        for (int i = 0; i < count; i++) {
            scales[i] = scaleFormat.read(in, scaleOffset(rows, cols, i));
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Padding bits of the plane rows are ignored. {@code scales} may be null when {@link #scaleCount} is 0.
     *
     * @throws IllegalArgumentException if the layout cannot hold the shape, a segment is null, too small or
     *                                  (for the data) read-only, a scale is missing, not finite or not exactly
     *                                  representable (naming its block), or a weight is both +1 and -1
     *                                  (naming its row and column)
     */
    @Override
    public final void encode(MemorySegment pos, MemorySegment neg, float[] scales, int rows, int cols,
                             MemorySegment data) {
        long count = scaleCount(rows, cols);
        long planeSize = planeSize(rows, cols);
        MemorySegment p = region("pos plane", pos, planeSize);
        MemorySegment n = region("neg plane", neg, planeSize);
        MemorySegment out = writable("data", data, size(rows, cols));
        requireScales(scales, count);
        for (int i = 0; i < count; i++) {
            String problem = scaleFormat.problem(scales[i]);
            if (problem != null) {
                throw new IllegalArgumentException(what() + ": scale of block " + i + " " + problem);
            }
        }
        if (encodeCodes(p, n, rows, cols, out) != 0) {
            throw bothSet(p, n, rows, cols);
        }
        for (int i = 0; i < count; i++) {
            scaleFormat.write(out, scaleOffset(rows, cols, i), scales[i]);
        }
    }

    // ---- shared helpers ----

    /**
     * Reference reading of a 2-bit code {@code w + 1} (Hugging Face, I2_S, TQ2_0): the code at bit
     * {@code shift} of byte {@code offset}, 0 = -1, 1 = 0, 2 = +1, 3 = {@link #INVALID}.
     */
    static int plusOneCode(MemorySegment data, long offset, int shift) {
        int code = (data.get(JAVA_BYTE, offset) >>> shift) & ChunkMap.CODE_MASK;
        return code == ChunkMap.CODE_MASK ? INVALID : code - 1;
    }

    /** Bytes per plane row: ceil(cols / 8). */
    static long stride(int cols) {
        return (cols + 7L) >>> 3;
    }

    private static long planeSize(int rows, int cols) {
        return rows * stride(cols);
    }

    private String what() {
        return layout.id() + " data";
    }

    private void requireShape(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(what() + ": negative matrix size " + rows + "x" + cols);
        }
        String problem = shapeProblem(rows, cols);
        if (problem != null) {
            throw new IllegalArgumentException(what() + ": cannot hold a " + rows + "x" + cols + " matrix: "
                    + problem);
        }
    }

    private MemorySegment region(String name, MemorySegment segment, long needed) {
        if (segment == null) {
            throw new IllegalArgumentException(what() + ": " + name + " is null");
        }
        if (segment.byteSize() < needed) {
            throw new IllegalArgumentException(what() + ": " + name + " needs " + needed
                    + " bytes but the segment has " + segment.byteSize());
        }
        return segment.asSlice(0, needed);
    }

    private MemorySegment writable(String name, MemorySegment segment, long needed) {
        MemorySegment region = region(name, segment, needed);
        if (region.isReadOnly()) {
            throw new IllegalArgumentException(what() + ": " + name + " is read-only");
        }
        return region;
    }

    private void requireScales(float[] scales, long count) {
        if (count > 0 && (scales == null || scales.length < count)) {
            throw new IllegalArgumentException(what() + ": need " + count + " scales, got "
                    + (scales == null ? "null" : scales.length));
        }
    }

    /** Counts the invalid codes weight by weight; under STRICT throws naming the first. */
    private long invalidCodes(MemorySegment data, int rows, int cols, InvalidCodePolicy policy) {
        Found invalid = scan(rows, cols, (r, c) -> referenceWeight(data, rows, cols, r, c) == INVALID,
                "invalid codes");
        if (policy == InvalidCodePolicy.STRICT) {
            throw new InvalidTernaryCodeException(what(), invalid.row(), invalid.col(),
                    byteOffset(rows, cols, invalid.row(), invalid.col()), invalid.count());
        }
        return invalid.count();
    }

    /** The error for planes with a weight that is both +1 and -1, naming the first in row-major order. */
    private IllegalArgumentException bothSet(MemorySegment pos, MemorySegment neg, int rows, int cols) {
        long stride = stride(cols);
        Found both = scan(rows, cols, (r, c) -> {
            long at = r * stride + c / Byte.SIZE;
            return (((pos.get(JAVA_BYTE, at) & neg.get(JAVA_BYTE, at)) >>> (c % Byte.SIZE)) & 1) != 0;
        }, "weights both +1 and -1");
        return new IllegalArgumentException("planes for " + what() + ": weight (row " + both.row() + ", column "
                + both.col() + ") is both +1 and -1; " + both.count() + " such weight"
                + (both.count() == 1 ? "" : "s") + " in total");
    }

    private interface WeightTest {
        boolean test(long row, long col);
    }

    /** How many weights pass a test, and the first of them in row-major order. */
    private record Found(long count, long row, long col) { }

    /** Runs only after a fast path raised its flag, so finding nothing is a bug in that path. */
    private Found scan(int rows, int cols, WeightTest test, String what) {
        long count = 0;
        long firstRow = -1;
        long firstCol = -1;
        for (long r = 0; r < rows; r++) {
            for (long c = 0; c < cols; c++) {
                if (test.test(r, c) && count++ == 0) {
                    firstRow = r;
                    firstCol = c;
                }
            }
        }
        if (count == 0) {
            throw new IllegalStateException(what() + ": a fast path reported " + what
                    + " that the weight-by-weight scan does not find");
        }
        return new Found(count, firstRow, firstCol);
    }
}
