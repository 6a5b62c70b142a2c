package dev.rotor.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.rotor.container.ModelFormatException;

/**
 * A bounds-checked little-endian reader over a file's memory segment. Every read checks the remaining bytes
 * first and reports a {@link ModelFormatException} naming the file, the current tensor (if set), the field and
 * the byte offset; counts read from the file are checked against the remaining bytes before anyone allocates.
 */
public final class SegmentCursor {
    /** Little-endian unaligned words, as both container formats store them; shared by the package. */
    public static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Longest string accepted (256 MiB): far above any real key, name or chat template, far below the heap. */
    static final long MAX_STRING_BYTES = 1L << 28;

    private final Path path;
    private final MemorySegment segment;
    private long position;
    private String tensor;

    public SegmentCursor(Path path, MemorySegment segment) {
        this.path = path;
        this.segment = segment;
    }

    public Path path() {
        return path;
    }

    public long position() {
        return position;
    }

    public long remaining() {
        return segment.byteSize() - position;
    }

    public long size() {
        return segment.byteSize();
    }

    /** Names the tensor whose fields are being read, for error messages; {@code null} clears it. */
    public void tensor(String name) {
        this.tensor = name;
    }

    public ModelFormatException error(long offset, String problem) {
        return new ModelFormatException(path, tensor, offset, problem);
    }

    public int u8(String what) {
        return Byte.toUnsignedInt(segment.get(ValueLayout.JAVA_BYTE, advance(1, what)));
    }

    public int u16(String what) {
        return Short.toUnsignedInt(segment.get(U16, advance(2, what)));
    }

    public short i16(String what) {
        return segment.get(U16, advance(2, what));
    }

    public long u32(String what) {
        return Integer.toUnsignedLong(segment.get(U32, advance(4, what)));
    }

    public int i32(String what) {
        return segment.get(U32, advance(4, what));
    }

    /** A uint64 as raw bits (values above 2^63 - 1 come back negative). */
    public long u64(String what) {
        return segment.get(U64, advance(8, what));
    }

    public float f32(String what) {
        return segment.get(F32, advance(4, what));
    }

    public double f64(String what) {
        return segment.get(F64, advance(8, what));
    }

    /**
     * Reads a uint64 count of items that each take at least {@code minBytesPerItem} bytes further on, and checks
     * that they can fit in the rest of the file, so a hostile count fails here instead of in an allocation.
     */
    public long count(String what, long minBytesPerItem) {
        long at = position;
        long count = u64(what);
        if (count < 0 || count > remaining() / minBytesPerItem) {
            throw error(at, what + " " + Long.toUnsignedString(count) + " cannot fit in the remaining "
                    + remaining() + " bytes of the file (at least " + minBytesPerItem + " bytes each)");
        }
        return count;
    }

    /** A string stored as a uint64 byte length followed by that many bytes of strict UTF-8. */
    public String string(String what) {
        long at = position;
        long length = u64(what + " length");
        if (length < 0 || length > remaining()) {
            throw error(at, what + " length " + Long.toUnsignedString(length) + " exceeds the remaining "
                    + remaining() + " bytes of the file");
        }
        if (length > MAX_STRING_BYTES) {
            throw error(at, what + " length " + length + " exceeds the supported maximum " + MAX_STRING_BYTES);
        }
        long start = advance(length, what);
        return utf8(path, tensor, segment, start, length, what);
    }

    private long advance(long n, String what) {
        require(n, what);
        long at = position;
        position += n;
        return at;
    }

    private void require(long n, String what) {
        if (n > remaining()) {
            throw error(position, "truncated file: " + what + " needs " + n + " bytes but only " + remaining()
                    + " remain (file size " + segment.byteSize() + ")");
        }
    }

    /**
     * Decodes {@code length} bytes at {@code offset} of {@code segment} as strict UTF-8 (malformed or unmappable
     * input is an error naming the offending byte's file offset). {@code length} must be below 2^31.
     */
    public static String utf8(Path path, String tensor, MemorySegment segment, long offset, long length, String what) {
        ByteBuffer in = segment.asSlice(offset, length).asByteBuffer();
        CharBuffer out = CharBuffer.allocate((int) length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new ModelFormatException(path, tensor, offset + in.position(), what + " is not valid UTF-8");
        }
        return out.flip().toString();
    }
}
