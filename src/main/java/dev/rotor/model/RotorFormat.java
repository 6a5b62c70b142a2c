package dev.rotor.model;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rotor.layout.ScaleConvention;
import dev.rotor.layout.SourceLayout;
import dev.rotor.safetensors.SafetensorsDType;

/**
 * Names and metadata of the rotor file, version 1 (README, "The rotor file format"): a safetensors file whose
 * {@code __metadata__} has {@code format = rotor}, {@code format_version = 1} and one {@code rotor.NAME} entry per
 * ternary tensor, stored as {@code NAME.pos}, {@code NAME.neg} (U8 planes) and {@code NAME.scale} (F32).
 */
public final class RotorFormat {
    static final String FORMAT_KEY = "format";
    static final String FORMAT = "rotor";
    static final String VERSION_KEY = "format_version";
    static final String VERSION = "1";

    /** Prefix of the per-ternary-tensor metadata key {@code rotor.NAME}. */
    static final String TENSOR_PREFIX = "rotor.";
    static final String POS = ".pos";
    static final String NEG = ".neg";
    static final String SCALE = ".scale";

    /** GGUF metadata carried as {@code gguf.KEY} (its value as text) and {@code gguf_type.KEY} (its type). */
    static final String GGUF_PREFIX = "gguf.";
    static final String GGUF_TYPE_PREFIX = "gguf_type.";
    /** A GGUF tensor of a type safetensors has no dtype for, kept as raw U8 bytes: {@code {"ggml_type", "ne"}}. */
    static final String GGUF_TENSOR_PREFIX = "gguf_tensor.";
    /**
     * A file of a Hugging Face model directory ({@code config.json}, {@code tokenizer.json}, ...), carried whole as
     * {@code hf.NAME}.
     */
    public static final String HF_FILE_PREFIX = "hf.";
    /** Metadata of a safetensors source (e.g. {@code format = pt}), carried as {@code safetensors.KEY}. */
    static final String SAFETENSORS_PREFIX = "safetensors.";
    /** The bitnet2 safetensors convention: {@code bitnet2.NAME = {"rows", "cols"[, "scale_convention"]}}. */
    public static final String BITNET2_PREFIX = "bitnet2.";

    /** The Hugging Face companion scale tensor of weight {@code NAME} is {@code NAME_scale}. */
    public static final String HF_SCALE_SUFFIX = "_scale";

    public static final ObjectMapper JSON = new ObjectMapper();

    private RotorFormat() {
    }

    /** Whether safetensors metadata says {@code format = rotor} (of any version). */
    static boolean isRotor(Map<String, String> metadata) {
        return FORMAT.equals(metadata.get(FORMAT_KEY));
    }

    /** Whether {@code key} is one of the rotor file's own {@code format} and {@code format_version} keys. */
    static boolean isFormatKey(String key) {
        return key.equals(FORMAT_KEY) || key.equals(VERSION_KEY);
    }

    /** Where a ternary tensor's scale came from, so the conversion back restores it exactly. */
    enum ScaleSource {
        /** Inside the tensor data (GGUF I2_S, TQ2_0, TQ1_0). */
        DATA,
        /** A separate tensor: Hugging Face {@code NAME_scale}, or a bitnet2 file's {@code NAME.scale}. */
        TENSOR,
        /** None (bitnet2 without a scale tensor): the rotor file stores {@code [1] = 1.0}. */
        NONE;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static ScaleSource fromId(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * The transformers class of a Hugging Face BitNet checkpoint's linear layers ({@code config.json}'s
     * {@code quantization_config.linear_class}), which decides what its {@code weight_scale} means.
     */
    enum LinearClass {
        /** {@code BitLinear} (the default): {@code out = x_q W^T / (x_scale * weight_scale)}. */
        BITLINEAR(ScaleConvention.DIVIDE),
        /** {@code AutoBitLinear}, offline quantization: {@code out = (x W^T) * weight_scale}. */
        AUTOBITLINEAR(ScaleConvention.MULTIPLY);

        private final ScaleConvention convention;

        LinearClass(ScaleConvention convention) {
            this.convention = convention;
        }

        /** The name in {@code config.json} and rotor records. */
        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** How its {@code weight_scale} turns ternary values into real weights. */
        ScaleConvention convention() {
            return convention;
        }

        /** @throws IllegalArgumentException naming the known classes */
        static LinearClass fromId(String id) {
            for (LinearClass c : values()) {
                if (c.id().equals(id)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown linear_class '" + id + "' (bitlinear or autobitlinear)");
        }
    }

    /**
     * The {@code rotor.NAME} record of one ternary tensor.
     *
     * @param scaleDtype  for {@link ScaleSource#TENSOR}, the source scale tensor's dtype; else null
     * @param scaleShape  for {@link ScaleSource#TENSOR}, the source scale tensor's shape; else null
     * @param linearClass for Hugging Face sources, the transformers class its scale belongs to; else null
     */
    record TensorInfo(int rows, int cols, SourceLayout layout, ScaleConvention convention, ScaleSource scaleSource,
                      SafetensorsDType scaleDtype, long[] scaleShape, LinearClass linearClass) {

        static TensorInfo of(int rows, int cols, SourceLayout layout, ScaleSource source) {
            return new TensorInfo(rows, cols, layout, layout.scaleConvention(), source, null, null, null);
        }

        String toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.put("rows", rows).put("cols", cols).put("source_layout", layout.id())
                    .put("scale_convention", convention.id()).put("scale_source", scaleSource.id());
            if (linearClass != null) {
                node.put("linear_class", linearClass.id());
            }
            if (scaleDtype != null) {
                node.put("scale_dtype", scaleDtype.name());
            }
            if (scaleShape != null) {
                ArrayNode shape = node.putArray("scale_shape");
                Arrays.stream(scaleShape).forEach(shape::add);
            }
            return node.toString();
        }

        /** @throws IllegalArgumentException saying which field is missing or wrong */
        static TensorInfo parse(String json) {
            JsonNode node;
            try {
                node = JSON.readTree(json);
            } catch (IOException e) {
                throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
            }
            int rows = nonNegativeInt(node, "rows");
            int cols = nonNegativeInt(node, "cols");
            SourceLayout layout = SourceLayout.fromId(text(node, "source_layout"));
            ScaleConvention convention = RotorFormat.convention(text(node, "scale_convention"));
            ScaleSource source = node.has("scale_source") ? ScaleSource.fromId(text(node, "scale_source"))
                    : defaultSource(layout);
            SafetensorsDType dtype = node.has("scale_dtype") ? dtype(text(node, "scale_dtype")) : null;
            long[] shape = node.has("scale_shape") ? shape(node.get("scale_shape")) : null;
            LinearClass linearClass = node.has("linear_class") ? LinearClass.fromId(text(node, "linear_class")) : null;
            return new TensorInfo(rows, cols, layout, convention, source, dtype, shape, linearClass);
        }

        private static ScaleSource defaultSource(SourceLayout layout) {
            return switch (layout) {
                case HF_BITNET -> ScaleSource.TENSOR;
                case BITNET2 -> ScaleSource.NONE;
                default -> ScaleSource.DATA;
            };
        }
    }

    static ScaleConvention convention(String id) {
        for (ScaleConvention c : ScaleConvention.values()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown scale_convention '" + id + "' (multiply or divide)");
    }

    private static SafetensorsDType dtype(String name) {
        return SafetensorsDType.fromName(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown scale_dtype '" + name + "'"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' missing or not a string");
        }
        return value.asText();
    }

    static int nonNegativeInt(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
            throw new IllegalArgumentException("field '" + field + "' missing or not a non-negative int");
        }
        return value.asInt();
    }

    private static long[] shape(JsonNode node) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("field 'scale_shape' is not an array");
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode dim = node.get(i);
            if (!dim.isIntegralNumber() || dim.asLong() < 0) {
                throw new IllegalArgumentException("field 'scale_shape' holds " + dim + ", not a dimension");
            }
            shape[i] = dim.asLong();
        }
        return shape;
    }

    /** Bytes per plane row: ceil(cols / 8). */
    public static long planeStride(int cols) {
        return (cols + 7L) >>> 3;
    }

    /** Weights per block of the layouts with block scales. */
    static final int SCALE_BLOCK = 256;

    /**
     * The rotor scale tensor's shape: {@code [rows, cols/256]} for block scales (even a single block's), {@code [1]}
     * for one scale per tensor.
     */
    static long[] scaleShape(int rows, int cols, boolean blockScales) {
        return blockScales ? new long[] {rows, cols / SCALE_BLOCK} : new long[] {1};
    }
}
