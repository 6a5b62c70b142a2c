package dev.rotor.synthetic;

import java.util.ArrayList;
import java.util.List;

/**
 * The tensors of a BitNet b1.58 model, in file order, with their Hugging Face and GGUF names
 * (e.g. {@code model.layers.0.self_attn.q_proj.weight} and {@code blk.0.attn_q.weight}) and shapes.
 */
public final class BitNetTensors {
    private BitNetTensors() {
    }

    /** What a tensor is, which decides its dtype and content. */
    public enum Kind { TERNARY, EMBEDDING, NORM }

    /**
     * One tensor: a {@code rows x cols} matrix (ternary, embedding) or a vector of {@code cols} (norm, rows = 1).
     */
    public record Spec(Kind kind, String hfName, String ggufName, int rows, int cols) {
        /** Row-major shape: {@code [rows, cols]}, or {@code [cols]} for a norm. */
        long[] shape() {
            return kind == Kind.NORM ? new long[] {cols} : new long[] {rows, cols};
        }

        long elements() {
            return (long) rows * cols;
        }
    }

    private enum Projection {
        Q("self_attn.q_proj", "attn_q"), K("self_attn.k_proj", "attn_k"), V("self_attn.v_proj", "attn_v"),
        O("self_attn.o_proj", "attn_output"), GATE("mlp.gate_proj", "ffn_gate"), UP("mlp.up_proj", "ffn_up"),
        DOWN("mlp.down_proj", "ffn_down");

        final String hf;
        final String gguf;

        Projection(String hf, String gguf) {
            this.hf = hf;
            this.gguf = gguf;
        }

        int rows(ModelShape s) {
            return switch (this) {
                case Q -> s.heads() * s.headDim();
                case K, V -> s.kvHeads() * s.headDim();
                case O, DOWN -> s.hidden();
                case GATE, UP -> s.intermediate();
            };
        }

        int cols(ModelShape s) {
            return switch (this) {
                case O -> s.heads() * s.headDim();
                case DOWN -> s.intermediate();
                default -> s.hidden();
            };
        }
    }

    /** Every tensor of a model of this shape, in file order. */
    public static List<Spec> of(ModelShape s) {
        List<Spec> specs = new ArrayList<>();
        specs.add(new Spec(Kind.EMBEDDING, "model.embed_tokens.weight", "token_embd.weight", s.vocab(), s.hidden()));
        for (int layer = 0; layer < s.layers(); layer++) {
            String hf = "model.layers." + layer + ".";
            String gguf = "blk." + layer + ".";
            specs.add(norm(hf + "input_layernorm.weight", gguf + "attn_norm.weight", s.hidden()));
            for (Projection p : List.of(Projection.Q, Projection.K, Projection.V, Projection.O)) {
                specs.add(projection(p, hf, gguf, s));
            }
            specs.add(norm(hf + "self_attn.attn_sub_norm.weight", gguf + "attn_sub_norm.weight", s.hidden()));
            specs.add(norm(hf + "post_attention_layernorm.weight", gguf + "ffn_norm.weight", s.hidden()));
            for (Projection p : List.of(Projection.GATE, Projection.UP, Projection.DOWN)) {
                specs.add(projection(p, hf, gguf, s));
            }
            specs.add(norm(hf + "mlp.ffn_sub_norm.weight", gguf + "ffn_sub_norm.weight", s.intermediate()));
        }
        specs.add(norm("model.norm.weight", "output_norm.weight", s.hidden()));
        return specs;
    }

    private static Spec projection(Projection p, String hf, String gguf, ModelShape s) {
        return new Spec(Kind.TERNARY, hf + p.hf + ".weight", gguf + p.gguf + ".weight", p.rows(s), p.cols(s));
    }

    private static Spec norm(String hf, String gguf, int size) {
        return new Spec(Kind.NORM, hf, gguf, 1, size);
    }
}
