package dev.rotor.gguf;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.rotor.io.DataRanges;
import dev.rotor.io.SegmentCursor;
import dev.rotor.io.Shapes;

/** Parses and validates a GGUF header (metadata and tensor infos) against the file it came from. */
public final class GgufHeader {
    static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian int
    static final long DEFAULT_ALIGNMENT = 32;
    public static final String ALIGNMENT_KEY = "general.alignment";
    static final int MAX_DIMS = 4;
    static final int MAX_ARRAY_DEPTH = 16;
    /** Cap on metadata values (array elements included), so hostile metadata cannot exhaust the heap. */
    static final long MAX_METADATA_VALUES = 1L << 22;
    /** Fewest bytes of a tensor info: name length, n_dims, type, offset. */
    private static final long MIN_TENSOR_INFO_BYTES = 8 + 4 + 4 + 8;
    /** Fewest bytes of a key/value: key length, value type, a one-byte value. */
    private static final long MIN_KEY_VALUE_BYTES = 8 + 4 + 1;
    private static final GgufValue[] UINT8 = new GgufValue[256];
    private static final GgufValue[] INT8 = new GgufValue[256];

    static {
        for (int i = 0; i < 256; i++) {
            UINT8[i] = new GgufValue.UInt8(i);
            INT8[i] = new GgufValue.Int8((byte) i);
        }
    }

    /** A validated tensor info; {@code offset} is relative to the data section. */
    record Info(String name, GgmlType type, long[] ne, long offset, long size, long infoAt) {
    }

    /** A validated header; the data section starts at file offset {@code dataStart}. */
    record Parsed(int version, long alignment, long dataStart, Map<String, GgufValue> metadata, List<Info> infos) {
    }

    private final SegmentCursor cursor;
    private final long maxValues;
    private long valueCount;

    private GgufHeader(SegmentCursor cursor, long maxValues) {
        this.cursor = cursor;
        this.maxValues = maxValues;
    }

    static Parsed parse(Path path, MemorySegment file) {
        return parse(path, file, MAX_METADATA_VALUES);
    }

    /** As {@link #parse(Path, MemorySegment)} with another cap on metadata values (for tests). */
    static Parsed parse(Path path, MemorySegment file, long maxValues) {
        return new GgufHeader(new SegmentCursor(path, file), maxValues).parse();
    }

    private Parsed parse() {
        int magic = cursor.i32("magic");
        if (magic != MAGIC) {
            throw cursor.error(0, String.format("not a GGUF file: magic is 0x%08x, expected 0x%08x ('GGUF')",
                    Integer.reverseBytes(magic), Integer.reverseBytes(MAGIC)));
        }
        int version = version(cursor.u32("version"));
        long tensorCount = cursor.count("tensor count", MIN_TENSOR_INFO_BYTES);
        long metadataCount = cursor.count("metadata count", MIN_KEY_VALUE_BYTES);
        Map<String, GgufValue> metadata = metadata(metadataCount);
        long alignment = alignment(metadata);
        List<Info> infos = tensorInfos(tensorCount);
        long dataStart = Shapes.alignUp(cursor.position(), alignment);
        checkData(infos, alignment, dataStart);
        return new Parsed(version, alignment, dataStart, metadata, infos);
    }

    private int version(long version) {
        if (version == 2 || version == 3) {
            return (int) version;
        }
        int swapped = Integer.reverseBytes((int) version);
        String problem = swapped == 2 || swapped == 3 ? "big-endian GGUF files are not supported"
                : "unsupported GGUF version " + version + " (supported: 2, 3)";
        throw cursor.error(4, problem);
    }

    private Map<String, GgufValue> metadata(long count) {
        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        for (long i = 0; i < count; i++) {
            long at = cursor.position();
            String key = cursor.string("metadata key");
            if (metadata.containsKey(key)) {
                throw cursor.error(at, "duplicate metadata key '" + key + "'");
            }
            String what = "metadata '" + key + "'";
            metadata.put(key, value(valueType("value type of " + what), what, 0));
        }
        return Collections.unmodifiableMap(metadata);
    }

    private GgufValueType valueType(String what) {
        long at = cursor.position();
        long id = cursor.u32(what);
        return GgufValueType.fromId(id).orElseThrow(() -> cursor.error(at, "unknown " + what + ": " + id));
    }

    private GgufValue value(GgufValueType type, String what, int depth) {
        if (++valueCount > maxValues) {
            throw cursor.error(cursor.position(), "more than " + maxValues + " metadata values");
        }
        return switch (type) {
            case UINT8 -> UINT8[cursor.u8(what)];
            case INT8 -> INT8[cursor.u8(what)];
            case UINT16 -> new GgufValue.UInt16(cursor.u16(what));
            case INT16 -> new GgufValue.Int16(cursor.i16(what));
            case UINT32 -> new GgufValue.UInt32(cursor.u32(what));
            case INT32 -> new GgufValue.Int32(cursor.i32(what));
            case UINT64 -> new GgufValue.UInt64(cursor.u64(what));
            case INT64 -> new GgufValue.Int64(cursor.u64(what));
            case FLOAT32 -> new GgufValue.Float32(cursor.f32(what));
            case FLOAT64 -> new GgufValue.Float64(cursor.f64(what));
            case BOOL -> bool(what);
            case STRING -> new GgufValue.Str(cursor.string(what));
            case ARRAY -> array(what, depth);
        };
    }

    private GgufValue bool(String what) {
        long at = cursor.position();
        int b = cursor.u8(what);
        if (b > 1) {
            throw cursor.error(at, what + " is a bool but holds " + b + " (expected 0 or 1)");
        }
        return new GgufValue.Bool(b == 1);
    }

    private GgufValue array(String what, int depth) {
        if (depth >= MAX_ARRAY_DEPTH) {
            throw cursor.error(cursor.position(), what + " nests arrays deeper than " + MAX_ARRAY_DEPTH);
        }
        GgufValueType elementType = valueType("element type of " + what);
        long count = cursor.count("element count of " + what, elementType.minBytes());
        String element = "element of " + what;
        List<GgufValue> elements = new ArrayList<>((int) Math.min(count, 1 << 16));
        for (long i = 0; i < count; i++) {
            elements.add(value(elementType, element, depth + 1));
        }
        return new GgufValue.Array(elementType, elements);
    }

    private long alignment(Map<String, GgufValue> metadata) {
        GgufValue value = metadata.get(ALIGNMENT_KEY);
        if (value == null) {
            return DEFAULT_ALIGNMENT;
        }
        if (!(value instanceof GgufValue.UInt32(long alignment))) {
            throw cursor.error(-1, ALIGNMENT_KEY + " must be a UINT32 but is a " + value.type());
        }
        if (Long.bitCount(alignment) != 1) {
            throw cursor.error(-1, ALIGNMENT_KEY + " " + alignment + " is not a power of two");
        }
        return alignment;
    }

    private List<Info> tensorInfos(long count) {
        List<Info> infos = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (long i = 0; i < count; i++) {
            cursor.tensor(null);
            long at = cursor.position();
            String name = cursor.string("tensor name");
            cursor.tensor(name);
            if (!names.add(name)) {
                throw cursor.error(at, "duplicate tensor name");
            }
            infos.add(tensorInfo(name, at));
        }
        cursor.tensor(null);
        return Collections.unmodifiableList(infos);
    }

    private Info tensorInfo(String name, long infoAt) {
        long at = cursor.position();
        long nDims = cursor.u32("n_dims");
        if (nDims > MAX_DIMS) {
            throw cursor.error(at, "n_dims " + nDims + " exceeds the maximum " + MAX_DIMS);
        }
        long[] ne = new long[(int) nDims];
        for (int j = 0; j < ne.length; j++) {
            ne[j] = nonNegative(cursor.u64("ne[" + j + "]"), "ne[" + j + "]");
        }
        long typeAt = cursor.position();
        long typeId = cursor.u32("type");
        GgmlType type = GgmlType.fromId(typeId).orElseThrow(() -> cursor.error(typeAt,
                "unknown ggml type id " + typeId + ": the tensor's size cannot be computed"));
        long offset = nonNegative(cursor.u64("offset"), "offset");
        return new Info(name, type, ne, offset, size(type, ne, typeAt), infoAt);
    }

    private long nonNegative(long value, String what) {
        if (value < 0) {
            throw cursor.error(cursor.position() - 8, what + " " + Long.toUnsignedString(value) + " is too large");
        }
        return value;
    }

    private long size(GgmlType type, long[] ne, long at) {
        try {
            return type.byteSize(ne);
        } catch (ArithmeticException e) {
            throw cursor.error(at, "ne " + Shapes.toString(ne) + " of " + type + " overflows a 64-bit size");
        } catch (IllegalArgumentException e) {
            throw cursor.error(at, e.getMessage());
        }
    }

    private void checkData(List<Info> infos, long alignment, long dataStart) {
        long fileSize = cursor.size();
        if (!infos.isEmpty() && dataStart > fileSize) {
            throw cursor.error(fileSize, "truncated file: the data section would start at " + dataStart
                    + " (after padding to " + alignment + "), past the end of the file");
        }
        long dataSize = Math.max(0, fileSize - dataStart);
        List<DataRanges.Range> ranges = new ArrayList<>(infos.size());
        for (Info info : infos) {
            cursor.tensor(info.name());
            if (info.offset() % alignment != 0) {
                throw cursor.error(info.infoAt(), "offset " + info.offset() + " is not a multiple of the alignment " + alignment);
            }
            if (info.offset() > dataSize || info.size() > dataSize - info.offset()) {
                throw cursor.error(info.infoAt(), "data [" + info.offset() + ", " + (info.offset() + info.size())
                        + ") of " + info.type() + " " + Shapes.toString(info.ne()) + " runs past the end of the "
                        + dataSize + "-byte data section at file offset " + dataStart);
            }
            ranges.add(new DataRanges.Range(info.name(), info.offset(), info.offset() + info.size()));
        }
        cursor.tensor(null);
        DataRanges.check(cursor.path(), dataStart, dataSize, ranges, false);
    }
}
