package dev.rotor;

/**
 * Thrown under {@link InvalidCodePolicy#STRICT} when packed ternary input holds a code that is not
 * -1, 0 or +1. Names the first offending weight and counts every invalid code of the input.
 */
public final class InvalidTernaryCodeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final long row;
    private final long column;
    private final long byteOffset;
    private final long invalidCount;

    /**
     * @param what         the input being decoded (layout, tensor or file name), for the message
     * @param row          row of the first invalid weight
     * @param column       column of the first invalid weight
     * @param byteOffset   offset of the byte holding it, relative to the start of the packed input
     * @param invalidCount how many invalid codes the whole input holds
     */
    public InvalidTernaryCodeException(String what, long row, long column, long byteOffset, long invalidCount) {
        super(String.format("%s: invalid ternary code at row %d, column %d (byte offset %d); %d invalid code%s in total"
                        + " (use InvalidCodePolicy.LENIENT to decode them as 0)",
                what, row, column, byteOffset, invalidCount, invalidCount == 1 ? "" : "s"));
        this.row = row;
        this.column = column;
        this.byteOffset = byteOffset;
        this.invalidCount = invalidCount;
    }

    /** Row of the first invalid weight. */
    public long row() { return row; }

    /** Column of the first invalid weight. */
    public long column() { return column; }

    /** Offset of the byte holding the first invalid code, from the start of the packed input. */
    public long byteOffset() { return byteOffset; }

    /** Number of invalid codes in the whole input. */
    public long invalidCount() { return invalidCount; }
}
