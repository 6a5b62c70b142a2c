package dev.rotor.layout;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The packed ternary layouts rotor reads and writes (FORMATS.md sections 2-6), with their ids in rotor files. */
public enum SourceLayout {
    /** The original C library's row-major 2-bit layout ({@code U8 [rows, ceil(cols/4)]}); no scale. */
    BITNET2("bitnet2", "bitnet2", ScaleConvention.MULTIPLY),
    /** Hugging Face transformers "bitnet" packing ({@code U8 [rows/4, cols]}), scale in {@code weight_scale}. */
    HF_BITNET("hf-bitnet", "hf", ScaleConvention.DIVIDE),
    /** bitnet.cpp GGUF I2_S (ggml type 36): 128-weight blocks, one trailing f32 scale. */
    GGUF_I2_S("gguf-i2_s", "gguf-i2s", ScaleConvention.MULTIPLY),
    /** llama.cpp GGUF TQ2_0 (ggml type 35): 256-weight blocks of 2-bit codes with an fp16 scale each. */
    GGUF_TQ2_0("gguf-tq2_0", "gguf-tq2", ScaleConvention.MULTIPLY),
    /** llama.cpp GGUF TQ1_0 (ggml type 34): 256-weight blocks of base-3 trits with an fp16 scale each. */
    GGUF_TQ1_0("gguf-tq1_0", "gguf-tq1", ScaleConvention.MULTIPLY);

    private final String id;
    private final String shortName;
    private final ScaleConvention scaleConvention;

    SourceLayout(String id, String shortName, ScaleConvention scaleConvention) {
        this.id = id;
        this.shortName = shortName;
        this.scaleConvention = scaleConvention;
    }

    /** The id used in rotor files' metadata, e.g. {@code gguf-tq2_0}. */
    public String id() {
        return id;
    }

    /** A shorter name people may type for it, e.g. {@code gguf-tq2} (the id for bitnet2). */
    public String shortName() {
        return shortName;
    }

    /** Whether it stores one scale per 256-weight block (TQ2_0, TQ1_0) rather than at most one per tensor. */
    public boolean blockScales() {
        return this == GGUF_TQ2_0 || this == GGUF_TQ1_0;
    }

    /** Whether the real weight is {@code ternary * scale} or {@code ternary / scale}. */
    public ScaleConvention scaleConvention() {
        return scaleConvention;
    }

    /**
     * The layout with this id or short name, in any case ({@code gguf-tq2_0}, {@code gguf-tq2}, {@code GGUF-TQ2}).
     *
     * @throws IllegalArgumentException naming the known ids if there is none
     */
    public static SourceLayout fromId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (SourceLayout layout : values()) {
            if (layout.id.equals(wanted) || layout.shortName.equals(wanted)) {
                return layout;
            }
        }
        throw new IllegalArgumentException("unknown layout '" + id + "'; known: " + ids());
    }

    /** The ids of every layout, comma-separated: {@code bitnet2, hf-bitnet, gguf-i2_s, gguf-tq2_0, gguf-tq1_0}. */
    public static String ids() {
        return Arrays.stream(values()).map(SourceLayout::id).collect(Collectors.joining(", "));
    }
}
