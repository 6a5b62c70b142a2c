package dev.rotor.runtime;

import java.util.Set;

/**
 * The tensor names of a BitNet b1.58 model in its two namings: Hugging Face's
 * ({@code model.layers.N.self_attn.q_proj.weight}) and llama.cpp's GGUF names ({@code blk.N.attn_q.weight}).
 */
enum TensorNames {
    HF("model.embed_tokens.weight", "lm_head.weight", "model.norm.weight", "model.layers.%d.",
            "input_layernorm.weight", "self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight",
            "self_attn.o_proj.weight", "self_attn.attn_sub_norm.weight", "post_attention_layernorm.weight",
            "mlp.gate_proj.weight", "mlp.up_proj.weight", "mlp.down_proj.weight", "mlp.ffn_sub_norm.weight"),
    GGUF("token_embd.weight", "output.weight", "output_norm.weight", "blk.%d.",
            "attn_norm.weight", "attn_q.weight", "attn_k.weight", "attn_v.weight", "attn_output.weight",
            "attn_sub_norm.weight", "ffn_norm.weight", "ffn_gate.weight", "ffn_up.weight", "ffn_down.weight",
            "ffn_sub_norm.weight");

    /** What a tensor of a decoder layer is. */
    enum Part { INPUT_NORM, Q, K, V, O, ATTN_SUB_NORM, POST_ATTN_NORM, GATE, UP, DOWN, FFN_SUB_NORM }

    final String embedding;
    final String head;
    final String finalNorm;
    private final String layerPrefix;
    private final String[] parts;

    TensorNames(String embedding, String head, String finalNorm, String layerPrefix, String... parts) {
        this.embedding = embedding;
        this.head = head;
        this.finalNorm = finalNorm;
        this.layerPrefix = layerPrefix;
        this.parts = parts;
    }

    /** The name of {@code part} of layer {@code layer}. */
    String of(int layer, Part part) {
        return String.format(layerPrefix, layer) + parts[part.ordinal()];
    }

    /**
     * llama.cpp's optional per-tensor output scale of a projection ({@code blk.N.attn_q.scale}, F32 [1]): its
     * product is multiplied by it. Hugging Face files have none.
     */
    String outputScale(String weightName) {
        return this == GGUF && weightName.endsWith(".weight")
                ? weightName.substring(0, weightName.length() - ".weight".length()) + ".scale" : null;
    }

    /** The naming whose embedding is among {@code names}, if any. */
    static TensorNames detect(Set<String> names) {
        for (TensorNames n : values()) {
            if (names.contains(n.embedding)) {
                return n;
            }
        }
        return null;
    }
}
