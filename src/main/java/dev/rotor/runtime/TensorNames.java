package dev.rotor.runtime;

import java.util.Set;

import dev.rotor.model.LlamaCppBitnet;

/**
 * The tensor names of a BitNet b1.58 model in its two namings: Hugging Face's
 * ({@code model.layers.N.self_attn.q_proj.weight}) and llama.cpp's GGUF names ({@code blk.N.attn_q.weight}), the
 * latter translated by {@link LlamaCppBitnet}.
 */
enum TensorNames {
    HF, GGUF;

    /** What a tensor of a decoder layer is, with its Hugging Face name after {@code model.layers.N.}. */
    enum Part {
        INPUT_NORM("input_layernorm.weight"), Q("self_attn.q_proj.weight"), K("self_attn.k_proj.weight"),
        V("self_attn.v_proj.weight"), O("self_attn.o_proj.weight"), ATTN_SUB_NORM("self_attn.attn_sub_norm.weight"),
        POST_ATTN_NORM("post_attention_layernorm.weight"), GATE("mlp.gate_proj.weight"), UP("mlp.up_proj.weight"),
        DOWN("mlp.down_proj.weight"), FFN_SUB_NORM("mlp.ffn_sub_norm.weight");

        final String hf;

        Part(String hf) {
            this.hf = hf;
        }
    }

    private static final String EMBEDDING = "model.embed_tokens.weight";
    private static final String HEAD = "lm_head.weight";
    private static final String FINAL_NORM = "model.norm.weight";
    /** llama.cpp's name of an untied output head (its converter's {@code output.weight}). */
    private static final String GGUF_HEAD = "output.weight";

    /** The name of the tensor Hugging Face calls {@code hfName}, in this naming. */
    private String name(String hfName) {
        return this == HF ? hfName : LlamaCppBitnet.ggufName(hfName).orElseThrow();
    }

    String embedding() {
        return name(EMBEDDING);
    }

    String head() {
        return this == HF ? HEAD : GGUF_HEAD;
    }

    String finalNorm() {
        return name(FINAL_NORM);
    }

    /** The name of {@code part} of layer {@code layer}. */
    String of(int layer, Part part) {
        return name("model.layers." + layer + "." + part.hf);
    }

    /**
     * llama.cpp's optional per-tensor output scale of a projection ({@code blk.N.attn_q.scale}, F32 [1]): its
     * product is multiplied by it. Hugging Face files have none.
     */
    String outputScale(String weightName) {
        return this == GGUF ? LlamaCppBitnet.scaleName(weightName) : null;
    }

    /** The naming whose embedding is among {@code names}, if any. */
    static TensorNames detect(Set<String> names) {
        for (TensorNames n : values()) {
            if (names.contains(n.embedding())) {
                return n;
            }
        }
        return null;
    }
}
