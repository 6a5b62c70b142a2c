package dev.rotor.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.rotor.container.StoredTensor;
import dev.rotor.container.TensorSpec;
import dev.rotor.gguf.GgmlType;
import dev.rotor.gguf.GgufReader;
import dev.rotor.gguf.GgufValue;
import dev.rotor.gguf.GgufWriter;
import dev.rotor.layout.SourceLayout;
import dev.rotor.model.ModelConverter;

/**
 * The same model through GGUF: transformers' AutoBitLinear checkpoint of the client fixtures (hidden 256, so its
 * rows fit TQ2_0's 256-weight blocks; scales multiply, as in GGUF) converted to a rotor file, from there to GGUF
 * TQ2_0 and I2_S, and back to rotor files, gives the same logits bit for bit: the planes and scales are the same
 * numbers. With llama.cpp's tensor names ({@code blk.0.attn_q.weight}, ...) and its {@code bitnet} architecture
 * keys in place of the Hugging Face names and {@code config.json}, the runtime finds the tensors and the
 * configuration in the file itself and gives those logits again.
 */
class GgufModelTest {
    private static final int[] PROMPT = {0, 5, 9, 17, 3, 30, 2, 11};

    @TempDir
    Path dir;

    private static Path directory() throws URISyntaxException {
        return Path.of(GgufModelTest.class.getResource("/clients/hf-autobitlinear-offline/config.json").toURI())
                .getParent();
    }

    private Path hfRotor() throws IOException, URISyntaxException {
        Path rotor = dir.resolve("hf.rotor.safetensors");
        converter().toRotor(directory().resolve("model.safetensors"), rotor);
        return rotor;
    }

    private static ModelConverter converter() {
        return ModelConverter.builder().threads(1).durable(false).build();
    }

    private static float[] logits(BitNetModel model) {
        return model.newSession(32, null).feed(PROMPT, true, Session.Trace.NONE);
    }

    @ParameterizedTest
    @EnumSource(value = SourceLayout.class, names = {"GGUF_TQ2_0", "GGUF_I2_S"})
    void ggufLayoutsGiveTheSameLogits(SourceLayout layout) throws Exception {
        Path hf = hfRotor();
        Path gguf = dir.resolve("model.gguf");
        converter().fromRotor(hf, gguf, layout);
        Path back = dir.resolve("gguf.rotor.safetensors");
        converter().toRotor(gguf, back);
        try (BitNetModel a = BitNetModel.load(hf, directory()); BitNetModel b = BitNetModel.load(back, directory())) {
            assertArrayEquals(logits(a), logits(b));
            int[] greedyA = a.newSession(32, null).generate(PROMPT, 8, Sampler.greedy(), Set.of(), null).tokens();
            assertArrayEquals(greedyA, b.newSession(32, null).generate(PROMPT, 8, Sampler.greedy(), Set.of(), null)
                    .tokens());
        }
    }

    @Test
    void llamaCppNamesAndKeysGiveTheSameLogits() throws Exception {
        Path hf = hfRotor();
        Path gguf = dir.resolve("model.gguf");
        converter().fromRotor(hf, gguf, SourceLayout.GGUF_TQ2_0);
        Path named = dir.resolve("llama.gguf");
        renameAsLlamaCpp(gguf, named);
        Path rotor = dir.resolve("llama.rotor.safetensors");
        converter().toRotor(named, rotor);
        try (BitNetModel a = BitNetModel.load(hf, directory()); BitNetModel b = BitNetModel.load(rotor)) {
            assertEquals(a.config().hiddenSize(), b.config().hiddenSize());
            assertEquals(a.config().kvHeads(), b.config().kvHeads());
            assertEquals(a.config().ropeTheta(), b.config().ropeTheta());
            assertArrayEquals(logits(a), logits(b));
        }
    }

    /** A copy of {@code gguf} with llama.cpp's tensor names and {@code bitnet} keys (as its converter writes them). */
    private static void renameAsLlamaCpp(Path gguf, Path target) throws IOException {
        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        metadata.put("general.architecture", new GgufValue.Str("bitnet"));
        metadata.put("bitnet.block_count", new GgufValue.UInt32(1));
        metadata.put("bitnet.context_length", new GgufValue.UInt32(4096));
        metadata.put("bitnet.embedding_length", new GgufValue.UInt32(256));
        metadata.put("bitnet.feed_forward_length", new GgufValue.UInt32(256));
        metadata.put("bitnet.attention.head_count", new GgufValue.UInt32(4));
        metadata.put("bitnet.attention.head_count_kv", new GgufValue.UInt32(2));
        metadata.put("bitnet.rope.freq_base", new GgufValue.Float32(500000f));
        metadata.put("bitnet.attention.layer_norm_rms_epsilon", new GgufValue.Float32(1e-5f));
        metadata.put("bitnet.rope.scaling.type", new GgufValue.Str("linear"));
        metadata.put("bitnet.rope.scaling.factor", new GgufValue.Float32(1f));
        Map<String, String> names = Map.ofEntries(
                Map.entry("model.embed_tokens.weight", "token_embd.weight"),
                Map.entry("model.norm.weight", "output_norm.weight"),
                Map.entry("input_layernorm.weight", "attn_norm.weight"),
                Map.entry("self_attn.q_proj.weight", "attn_q.weight"),
                Map.entry("self_attn.k_proj.weight", "attn_k.weight"),
                Map.entry("self_attn.v_proj.weight", "attn_v.weight"),
                Map.entry("self_attn.o_proj.weight", "attn_output.weight"),
                Map.entry("self_attn.attn_sub_norm.weight", "attn_sub_norm.weight"),
                Map.entry("post_attention_layernorm.weight", "ffn_norm.weight"),
                Map.entry("mlp.gate_proj.weight", "ffn_gate.weight"),
                Map.entry("mlp.up_proj.weight", "ffn_up.weight"),
                Map.entry("mlp.down_proj.weight", "ffn_down.weight"),
                Map.entry("mlp.ffn_sub_norm.weight", "ffn_sub_norm.weight"));
        try (GgufReader reader = GgufReader.open(gguf)) {
            List<TensorSpec<GgmlType>> tensors = new ArrayList<>();
            for (StoredTensor<GgmlType> t : reader.tensors()) {
                String name = t.name().startsWith("model.layers.0.")
                        ? "blk.0." + names.get(t.name().substring("model.layers.0.".length())) : names.get(t.name());
                TensorSpec<GgmlType> copy = TensorSpec.copyOf(t);
                tensors.add(new TensorSpec<>(name, copy.type(), copy.shape(), copy.data()));
            }
            GgufWriter.write(target, metadata, tensors);
        }
    }
}
