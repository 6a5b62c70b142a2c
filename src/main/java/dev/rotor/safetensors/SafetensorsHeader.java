package dev.rotor.safetensors;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.rotor.container.ModelFormatException;
import dev.rotor.io.DataRanges;
import dev.rotor.io.SegmentCursor;
import dev.rotor.io.Shapes;

/** Parses and validates a safetensors header against the file it came from. */
final class SafetensorsHeader {
    static final String METADATA_KEY = "__metadata__";
    static final long MAX_HEADER_BYTES = SafetensorsReader.MAX_HEADER_BYTES;
    private static final Set<String> ENTRY_FIELDS = Set.of("dtype", "shape", "data_offsets");

    /**
     * Strict JSON: duplicate keys and trailing content are errors. Strings may be as long as the header (Jackson's
     * default limit of 20M chars would refuse, e.g., a carried tokenizer.json of a large vocabulary). Shared by the
     * reader and the writer.
     */
    static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(
                    StreamReadConstraints.builder().maxStringLength((int) MAX_HEADER_BYTES).build()).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** A validated header entry; {@code begin} and {@code end} are relative to the data area. */
    record Entry(String name, SafetensorsDType dtype, long[] shape, long begin, long end) {
    }

    /** A validated header: the data area starts at file offset {@code dataStart}. */
    record Parsed(long dataStart, Map<String, String> metadata, List<Entry> entries) {
    }

    private final Path path;
    private final long dataStart;
    private final long dataSize;

    private SafetensorsHeader(Path path, long dataStart, long dataSize) {
        this.path = path;
        this.dataStart = dataStart;
        this.dataSize = dataSize;
    }

    static Parsed parse(Path path, MemorySegment file) {
        SegmentCursor cursor = new SegmentCursor(path, file);
        long headerLength = cursor.u64("header length");
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw cursor.error(0, "header length " + Long.toUnsignedString(headerLength) + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (headerLength > cursor.remaining()) {
            throw cursor.error(0, "header length " + headerLength + " exceeds the " + cursor.remaining()
                    + " bytes that follow the length field (file size " + file.byteSize() + ")");
        }
        String json = SegmentCursor.utf8(path, null, file, 8, headerLength, "header");
        SafetensorsHeader header = new SafetensorsHeader(path, 8 + headerLength, file.byteSize() - 8 - headerLength);
        return header.validate(header.parseJson(json));
    }

    private JsonNode parseJson(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject()) {
                throw error(null, 8, "header is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            long offset = at == null ? 8 : 8 + utf8Length(json, at.getCharOffset());
            throw new ModelFormatException(path, null, offset, "header is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static long utf8Length(String s, long chars) {
        int end = (int) Math.max(0, Math.min(chars, s.length()));
        return s.substring(0, end).getBytes(StandardCharsets.UTF_8).length;
    }

    private Parsed validate(JsonNode root) {
        Map<String, String> metadata = Map.of();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (METADATA_KEY.equals(field.getKey())) {
                metadata = metadata(field.getValue());
            } else {
                entries.add(entry(field.getKey(), field.getValue()));
            }
        }
        DataRanges.check(path, dataStart, dataSize,
                entries.stream().map(e -> new DataRanges.Range(e.name(), e.begin(), e.end())).toList(), true);
        return new Parsed(dataStart, metadata, Collections.unmodifiableList(entries));
    }

    private Map<String, String> metadata(JsonNode node) {
        if (!node.isObject()) {
            throw error(null, 8, METADATA_KEY + " is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw error(null, 8, METADATA_KEY + " value of '" + field.getKey() + "' is not a string but "
                        + field.getValue().getNodeType());
            }
            metadata.put(field.getKey(), field.getValue().textValue());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private Entry entry(String name, JsonNode node) {
        if (!node.isObject()) {
            throw error(name, 8, "header entry is not a JSON object");
        }
        for (String field : node.properties().stream().map(Map.Entry::getKey).toList()) {
            if (!ENTRY_FIELDS.contains(field)) {
                throw error(name, 8, "unexpected field '" + field + "' (expected " + ENTRY_FIELDS + ")");
            }
        }
        SafetensorsDType dtype = dtype(name, required(name, node, "dtype"));
        long[] shape = longs(name, required(name, node, "shape"), "shape", -1);
        long[] offsets = longs(name, required(name, node, "data_offsets"), "data_offsets", 2);
        checkData(name, dtype, shape, offsets[0], offsets[1]);
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private JsonNode required(String name, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw error(name, 8, "missing required field '" + field + "'");
        }
        return value;
    }

    private SafetensorsDType dtype(String name, JsonNode node) {
        if (!node.isTextual()) {
            throw error(name, 8, "dtype is not a string but " + node.getNodeType());
        }
        return SafetensorsDType.fromName(node.textValue()).orElseThrow(() -> error(name, 8,
                "unknown dtype '" + node.textValue() + "' (known: " + Arrays.toString(SafetensorsDType.values()) + ")"));
    }

    /** A JSON array of non-negative integers that fit in a long; {@code length} -1 means any length. */
    private long[] longs(String name, JsonNode node, String field, int length) {
        if (!node.isArray() || (length >= 0 && node.size() != length)) {
            throw error(name, 8, field + " is not an array of " + (length >= 0 ? length + " " : "") + "integers: " + node);
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = node.get(i);
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
                throw error(name, 8, field + "[" + i + "] is not a non-negative 64-bit integer: " + value);
            }
            values[i] = value.longValue();
        }
        return values;
    }

    private void checkData(String name, SafetensorsDType dtype, long[] shape, long begin, long end) {
        if (begin > end) {
            throw error(name, dataStart + begin, "data_offsets [" + begin + ", " + end + "]: begin is after end");
        }
        if (end > dataSize) {
            throw error(name, dataStart + begin, "data_offsets [" + begin + ", " + end + "] run past the end of the "
                    + dataSize + "-byte data area (file size " + (dataStart + dataSize) + ")");
        }
        long expected;
        try {
            expected = dtype.byteSize(shape);
        } catch (ArithmeticException e) {
            throw error(name, dataStart + begin, "shape " + Shapes.toString(shape) + " of " + dtype
                    + " overflows a 64-bit byte size");
        } catch (IllegalArgumentException e) {
            throw error(name, dataStart + begin, e.getMessage());
        }
        if (expected != end - begin) {
            throw error(name, dataStart + begin, "data_offsets [" + begin + ", " + end + "] hold " + (end - begin)
                    + " bytes but shape " + Shapes.toString(shape) + " of " + dtype + " needs " + expected);
        }
    }

    private ModelFormatException error(String tensor, long offset, String problem) {
        return new ModelFormatException(path, tensor, offset, problem);
    }
}
