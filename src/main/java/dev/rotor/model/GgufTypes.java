package dev.rotor.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

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
    private static final String ARRAY_OPEN = "array[";
    private static final String ARRAY_CLOSE = "]";
    /** The element type of an array of arrays of different types. */
    private static final String MIXED = "*";
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

    /** The GGUF key saying what most tensors of a model file are (llama.cpp's {@code llama_ftype}). */
    public static final String FILE_TYPE_KEY = "general.file_type";

    /**
     * The {@code general.file_type} of a model whose ternary tensors are all in {@code layout}: llama.cpp's
     * {@code LLAMA_FTYPE_MOSTLY_TQ1_0} (36) and {@code _TQ2_0} (37), bitnet.cpp's {@code LLAMA_FTYPE_MOSTLY_I2_S}
     * (40).
     *
     * @throws IllegalArgumentException for a layout GGUF does not hold
     */
    public static long fileType(SourceLayout layout) {
        return switch (layout) {
            case GGUF_TQ1_0 -> 36;
            case GGUF_TQ2_0 -> 37;
            case GGUF_I2_S -> 40;
            default -> throw new IllegalArgumentException(layout.id() + " is not a GGUF layout");
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
     * The type of a value as rotor files record it in {@code gguf_type.KEY}: {@code uint32}, {@code string}, ...;
     * {@code array[T]} for an array of T, nesting as deep as the arrays do ({@code array[array[int32]]});
     * {@code array[array]} for an empty array of arrays; {@code array[*]} for an array of arrays of different types,
     * whose text (see {@link #text}) tags each element with its type.
     */
    public static String typeName(GgufValue value) {
        if (!(value instanceof GgufValue.Array array)) {
            return name(value.type());
        }
        if (array.elementType() != GgufValueType.ARRAY) {
            return ARRAY_OPEN + name(array.elementType()) + ARRAY_CLOSE;
        }
        List<String> inner = array.elements().stream().map(GgufTypes::typeName).distinct().toList();
        String element = switch (inner.size()) {
            case 0 -> name(GgufValueType.ARRAY);
            case 1 -> inner.getFirst();
            default -> MIXED;
        };
        return ARRAY_OPEN + element + ARRAY_CLOSE;
    }

    /**
     * The value as rotor files record it in {@code gguf.KEY}: {@link GgufValue#text()}, except for an
     * {@code array[*]}, which is a JSON array of {@code [type, value]} pairs.
     */
    public static String text(GgufValue value) {
        return isMixed(typeName(value)) ? tagged((GgufValue.Array) value).toString() : value.text();
    }

    private static ArrayNode tagged(GgufValue.Array array) {
        ArrayNode out = RotorFormat.JSON.createArrayNode();
        for (GgufValue element : array.elements()) {
            String type = typeName(element);
            JsonNode value;
            try {
                value = isMixed(type) ? tagged((GgufValue.Array) element) : RotorFormat.JSON.readTree(element.text());
            } catch (IOException e) {
                throw new IllegalStateException("an array's own JSON does not parse", e);
            }
            out.addArray().add(type).add(value);
        }
        return out;
    }

    /**
     * The value a {@code gguf.KEY} text and {@code gguf_type.KEY} type stand for (see {@link #typeName}).
     *
     * @throws IllegalArgumentException if the text does not parse as that type
     */
    public static GgufValue value(String type, String text) {
        String lower = type.toLowerCase(Locale.ROOT);
        if (!isArray(lower)) {
            return scalar(valueType(lower), text);
        }
        JsonNode node;
        try {
            node = RotorFormat.JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("array value is not JSON: " + e.getMessage(), e);
        }
        return array(lower, node);
    }

    private static String name(GgufValueType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    private static boolean isArray(String type) {
        return type.startsWith(ARRAY_OPEN) && type.endsWith(ARRAY_CLOSE);
    }

    private static boolean isMixed(String type) {
        return type.equals(ARRAY_OPEN + MIXED + ARRAY_CLOSE);
    }

    /** An array of the type {@code array[T]} from its JSON form, inner arrays included. */
    private static GgufValue array(String type, JsonNode node) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("array value is not a JSON array: " + node);
        }
        String element = type.substring(ARRAY_OPEN.length(), type.length() - ARRAY_CLOSE.length());
        List<GgufValue> elements = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            elements.add(element(element, item));
        }
        GgufValueType elementType = isArray(element) || element.equals(MIXED) ? GgufValueType.ARRAY
                : valueType(element);
        return new GgufValue.Array(elementType, elements);
    }

    /** One element of an array of {@code type} ({@code *}: a {@code [type, value]} pair) from its JSON form. */
    private static GgufValue element(String type, JsonNode item) {
        if (type.equals(MIXED)) {
            if (!item.isArray() || item.size() != 2 || !item.get(0).isTextual()) {
                throw new IllegalArgumentException("an element of an array[*] is not a [type, value] pair: " + item);
            }
            return element(item.get(0).asText(), item.get(1));
        }
        if (isArray(type)) {
            return array(type, item);
        }
        return scalar(valueType(type), item.isTextual() ? item.asText() : item.toString());
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
            case ARRAY -> throw new IllegalArgumentException("'" + text + "' is an array without an element type");
        };
    }

    private static boolean bool(String text) {
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("'" + text + "' is not a bool");
        }
        return text.equals("true");
    }
}
