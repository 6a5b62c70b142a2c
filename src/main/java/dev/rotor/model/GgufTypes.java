package dev.rotor.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rotor.gguf.GgmlType;
import dev.rotor.gguf.GgufValue;
import dev.rotor.gguf.GgufValueType;
import dev.rotor.layout.SourceLayout;
import dev.rotor.safetensors.SafetensorsDType;

/**
 * The correspondences between GGUF and the rest: ternary ggml types and layouts, plain ggml types and safetensors
 * dtypes, GGUF's reversed dimensions, and GGUF metadata values restored from their rotor text form.
 */
public final class GgufTypes {
    private GgufTypes() {
    }

    /** The ternary layout of a ggml type, or null if it is not ternary. */
    public static SourceLayout layout(GgmlType type) {
        return switch (type) {
            case I2_S -> SourceLayout.GGUF_I2_S;
            case TQ2_0 -> SourceLayout.GGUF_TQ2_0;
            case TQ1_0 -> SourceLayout.GGUF_TQ1_0;
            default -> null;
        };
    }

    /** The ggml type of a GGUF layout, or null for the safetensors layouts. */
    public static GgmlType ggmlType(SourceLayout layout) {
        return switch (layout) {
            case GGUF_I2_S -> GgmlType.I2_S;
            case GGUF_TQ2_0 -> GgmlType.TQ2_0;
            case GGUF_TQ1_0 -> GgmlType.TQ1_0;
            default -> null;
        };
    }

    /** The safetensors dtype with the same element encoding, or null (quantized types). */
    public static SafetensorsDType dtype(GgmlType type) {
        return switch (type) {
            case F32 -> SafetensorsDType.F32;
            case F16 -> SafetensorsDType.F16;
            case BF16 -> SafetensorsDType.BF16;
            case F64 -> SafetensorsDType.F64;
            case I8 -> SafetensorsDType.I8;
            case I16 -> SafetensorsDType.I16;
            case I32 -> SafetensorsDType.I32;
            case I64 -> SafetensorsDType.I64;
            default -> null;
        };
    }

    /** The ggml type with the same element encoding, or null. */
    public static GgmlType ggmlType(SafetensorsDType dtype) {
        for (GgmlType type : GgmlType.values()) {
            if (dtype(type) == dtype) {
                return type;
            }
        }
        return null;
    }

    /** GGUF {@code ne} (contiguous axis first) to row-major shape, or back. */
    public static long[] reverse(long[] dims) {
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = dims[dims.length - 1 - i];
        }
        return out;
    }

    /**
     * The value a {@code gguf.KEY} text and {@code gguf_type.KEY} type stand for.
     *
     * @throws IllegalArgumentException if the text does not parse as that type
     */
    public static GgufValue value(String type, String text) {
        String lower = type.toLowerCase(Locale.ROOT);
        if (lower.startsWith("array[") && lower.endsWith("]")) {
            GgufValueType element = valueType(lower.substring(6, lower.length() - 1));
            return array(element, text);
        }
        return scalar(valueType(lower), text);
    }

    private static GgufValueType valueType(String name) {
        try {
            return GgufValueType.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown GGUF value type '" + name + "'", e);
        }
    }

    private static GgufValue scalar(GgufValueType type, String text) {
        return switch (type) {
            case UINT8 -> new GgufValue.UInt8(Integer.parseInt(text));
            case INT8 -> new GgufValue.Int8(Byte.parseByte(text));
            case UINT16 -> new GgufValue.UInt16(Integer.parseInt(text));
            case INT16 -> new GgufValue.Int16(Short.parseShort(text));
            case UINT32 -> new GgufValue.UInt32(Long.parseLong(text));
            case INT32 -> new GgufValue.Int32(Integer.parseInt(text));
            case UINT64 -> new GgufValue.UInt64(Long.parseUnsignedLong(text));
            case INT64 -> new GgufValue.Int64(Long.parseLong(text));
            case FLOAT32 -> new GgufValue.Float32(Float.parseFloat(text));
            case FLOAT64 -> new GgufValue.Float64(Double.parseDouble(text));
            case BOOL -> new GgufValue.Bool(bool(text));
            case STRING -> new GgufValue.Str(text);
            case ARRAY -> throw new IllegalArgumentException("nested arrays are not restored");
        };
    }

    private static boolean bool(String text) {
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("'" + text + "' is not a bool");
        }
        return text.equals("true");
    }

    private static GgufValue array(GgufValueType element, String json) {
        JsonNode node;
        try {
            node = RotorFormat.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("array value is not JSON: " + e.getMessage(), e);
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("array value is not a JSON array");
        }
        List<GgufValue> elements = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            elements.add(scalar(element, item.isTextual() ? item.asText() : item.toString()));
        }
        return new GgufValue.Array(element, elements);
    }
}
