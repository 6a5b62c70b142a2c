package dev.rotor.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.net.URISyntaxException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rotor.container.ModelFormatException;
import dev.rotor.container.StoredTensor;
import dev.rotor.container.TensorSpec;
import dev.rotor.gguf.GgmlType;
import dev.rotor.gguf.GgufReader;
import dev.rotor.gguf.GgufValue;
import dev.rotor.gguf.GgufWriter;
import dev.rotor.layout.SourceLayout;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.safetensors.SafetensorsReader;
import dev.rotor.synthetic.ModelShape;
import dev.rotor.synthetic.SyntheticModel;
import dev.rotor.tokenizer.Llama3Tokenizer;

/** Hugging Face models become GGUFs as llama.cpp's converter writes them for its bitnet architecture, and back. */
class LlamaCppGgufTest {
    /** Keys llama.cpp's converter writes that rotor does not: names for people, and a default. */
    private static final List<String> NOT_WRITTEN = List.of("general.name", "general.size_label",
            "tokenizer.ggml.add_sep_token");

    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(LlamaCppGgufTest.class.getResource(name).toURI());
    }

    private Path rotorOf(Path model) throws IOException {
        Path rotor = dir.resolve("model.rotor.safetensors");
        ModelConverter.create().toRotor(model, rotor);
        return rotor;
    }

    @Test
    void keysAndTensorsAreWhatLlamaCppsConverterWrites() throws Exception {
        Path gguf = dir.resolve("model.gguf");
        ModelConverter.create().fromRotor(rotorOf(resource("/models/tiny-autobitlinear")), gguf,
                SourceLayout.GGUF_I2_S);
        Path reference = resource("/llamacpp/tiny-autobitlinear");
        try (GgufReader ours = GgufReader.open(gguf);
             GgufReader theirs = GgufReader.open(reference.resolve("keys.gguf"))) {
            Map<String, GgufValue> expected = new LinkedHashMap<>(theirs.metadata());
            NOT_WRITTEN.forEach(expected::remove);
            expected.put(GgufTypes.FILE_TYPE_KEY, new GgufValue.UInt32(GgufTypes.fileType(SourceLayout.GGUF_I2_S)));
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(ours.metadata().keySet()), "keys in order");
            expected.forEach((key, value) -> assertEquals(value, ours.metadata().get(key), key));

            Map<String, String> expectedTensors = new LinkedHashMap<>();
            for (JsonNode t : RotorFormat.JSON.readTree(reference.resolve("tensors.json").toFile()).get("tensors")) {
                expectedTensors.put(t.get("name").asText(), t.get("ne").toString());
            }
            Map<String, String> written = new LinkedHashMap<>();
            for (StoredTensor<GgmlType> w : ours.tensors()) {
                written.put(w.name(), RotorFormat.JSON.valueToTree(w.shape()).toString());
                GgmlType type = w.name().equals("token_embd.weight") ? GgmlType.BF16
                        : w.rank() == 1 ? GgmlType.F32 : GgmlType.I2_S;
                assertEquals(type, w.type(), w.name());
            }
            assertEquals(expectedTensors, Map.copyOf(written), "names and ne (rotor keeps the source's order)");
        }
    }

    @Test
    void tqLayoutsCarryTheScaleAsLlamaCppsPerTensorScaleAndComeBackExactly() throws Exception {
        Path model = dir.resolve("hf");
        SyntheticModel.of(ModelShape.TINY, ModelFixtures.SEED).writeHfDirectory(model);
        Path rotor = rotorOf(model);
        for (SourceLayout layout : List.of(SourceLayout.GGUF_TQ2_0, SourceLayout.GGUF_TQ1_0)) {
            Path gguf = dir.resolve(layout.id() + ".gguf");
            ModelConverter.create().fromRotor(rotor, gguf, layout);
            try (GgufReader reader = GgufReader.open(gguf); RotorFile source = RotorFile.open(rotor)) {
                Map<String, GgufValue> m = reader.metadata();
                assertEquals("bitnet", m.get("general.architecture").text());
                assertEquals("256", m.get("bitnet.embedding_length").text());
                assertEquals(GgufTypes.fileType(layout), ((GgufValue.UInt32) m.get(GgufTypes.FILE_TYPE_KEY)).value());
                List<String> names = reader.tensors().stream().map(StoredTensor::name).toList();
                for (RotorFile.TernaryPlanes t : source.ternaryTensors()) {
                    String name = LlamaCppBitnet.ggufName(t.name()).orElseThrow();
                    String scaleName = LlamaCppBitnet.scaleName(name);
                    assertEquals(names.indexOf(name) + 1, names.indexOf(scaleName), "the scale follows " + name);
                    StoredTensor<GgmlType> scale = reader.tensor(scaleName).orElseThrow();
                    assertEquals(GgmlType.F32, scale.type());
                    assertEquals(t.scaleValues()[0], scale.data().get(ValueLayout.JAVA_FLOAT_UNALIGNED, 0));
                }
                assertEquals(GgmlType.BF16, reader.tensor("token_embd.weight").orElseThrow().type());
                assertEquals(GgmlType.F32, reader.tensor("blk.1.ffn_sub_norm.weight").orElseThrow().type());
            }
            Path back = dir.resolve(layout.id() + ".rotor.safetensors");
            ModelConverter.create().toRotor(gguf, back);
            assertSamePlanesAndScales(rotor, back);
            Path again = dir.resolve(layout.id() + "-again.gguf");
            ModelConverter.create().fromRotor(back, again);
            assertEquals(-1, Files.mismatch(gguf, again), "GGUF -> rotor -> GGUF is byte-identical");

            String text = "Hello <|eot_id|> wörld 12345";
            assertArrayEquals(Llama3Tokenizer.load(model).encode(text, true),
                    Llama3Tokenizer.load(gguf).encode(text, true));
            assertEquals(Llama3Tokenizer.load(model).chatTemplate(), Llama3Tokenizer.load(back).chatTemplate());
        }
    }

    private static void assertSamePlanesAndScales(Path a, Path b) throws IOException {
        try (RotorFile x = RotorFile.open(a); RotorFile y = RotorFile.open(b)) {
            assertEquals(x.ternaryTensors().size(), y.ternaryTensors().size());
            for (int i = 0; i < x.ternaryTensors().size(); i++) {
                RotorFile.TernaryPlanes p = x.ternaryTensors().get(i);
                RotorFile.TernaryPlanes q = y.ternaryTensors().get(i);
                assertEquals(LlamaCppBitnet.ggufName(p.name()).orElseThrow(), q.name());
                assertEquals(-1, p.pos().mismatch(q.pos()), p.name());
                assertEquals(-1, p.neg().mismatch(q.neg()), p.name());
                assertArrayEquals(p.scaleValues(), q.scaleValues(), p.name());
                assertEquals(p.convention(), q.convention(), p.name());
            }
        }
    }

    @Test
    void aDividingScaleConvertsOnlyWhereItsReciprocalIsExact() throws Exception {
        Path rotor = rotorOf(resource("/models/tiny-bitlinear"));
        Path gguf = dir.resolve("model.gguf");
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelConverter.create().fromRotor(rotor, gguf, SourceLayout.GGUF_I2_S));
        assertTrue(e.tensorName().isPresent(), e.getMessage());
        ModelFixtures.assertMentions(e.getMessage(), "divide", "multiply", "not exact");
        assertFalse(Files.exists(gguf));
    }

    @Test
    void aDirectoryTargetGetsTheCarriedFilesBackByteForByte() throws Exception {
        Path model = resource("/models/tiny-bitlinear");
        Path rotor = rotorOf(model);
        Path out = Files.createDirectory(dir.resolve("out"));
        ConversionResult result = ModelConverter.create().fromRotor(rotor, out);
        for (String name : List.of("config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json")) {
            assertEquals(-1, Files.mismatch(model.resolve(name), out.resolve(name)), name);
        }
        try (SafetensorsReader a = SafetensorsReader.open(model.resolve("model.safetensors"));
             SafetensorsReader b = SafetensorsReader.open(out.resolve("model.safetensors"))) {
            assertEquals(a.tensors().size(), b.tensors().size());
            for (StoredTensor<SafetensorsDType> t : a.tensors()) {
                assertEquals(-1, t.data().mismatch(b.tensor(t.name()).orElseThrow().data()), t.name());
            }
        }
        assertEquals(5, Files.list(out).count(), "nothing else");
        assertTrue(result.bytesOut() > Files.size(out.resolve("model.safetensors")));

        assertThrows(FileAlreadyExistsException.class, () -> ModelConverter.create().fromRotor(rotor, out));
        Files.delete(out.resolve("tokenizer.json"));
        assertThrows(FileAlreadyExistsException.class, () -> ModelConverter.create().fromRotor(rotor, out),
                "refused before anything is written");
        assertFalse(Files.exists(out.resolve("tokenizer.json")));
        ModelConverter.builder().overwrite(true).build().fromRotor(rotor, out);
        assertEquals(-1, Files.mismatch(model.resolve("tokenizer.json"), out.resolve("tokenizer.json")));
    }

    @Test
    void ggufPerTensorScaleOverBlockScalesOtherThanOneIsRefused() throws Exception {
        Path gguf = dir.resolve("odd.gguf");
        short two = Float.floatToFloat16(2f);
        GgufWriter.write(gguf, Map.of("general.architecture", new GgufValue.Str("bitnet")), List.of(
                new TensorSpec<>("blk.0.attn_q.weight", GgmlType.TQ2_0, new long[] {256, 1}, d -> {
                    d.fill((byte) 0x55);
                    d.set(ValueLayout.JAVA_SHORT_UNALIGNED, 64, two);
                }),
                new TensorSpec<>("blk.0.attn_q.scale", GgmlType.F32, new long[] {1},
                        d -> d.set(ValueLayout.JAVA_FLOAT_UNALIGNED, 0, 0.5f))));
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelConverter.create().toRotor(gguf, dir.resolve("odd.rotor.safetensors")));
        ModelFixtures.assertMentions(e.getMessage(), "blk.0.attn_q.weight", "blk.0.attn_q.scale", "2.0", "not 1.0");
    }

    @Test
    void namesMapBothWaysAndOnlyTheBitnetTensorsHaveOne() {
        List<String> hf = new ArrayList<>();
        for (String suffix : List.of("input_layernorm", "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj",
                "self_attn.o_proj", "self_attn.attn_sub_norm", "post_attention_layernorm", "mlp.gate_proj",
                "mlp.up_proj", "mlp.down_proj", "mlp.ffn_sub_norm")) {
            hf.add("model.layers.12." + suffix + ".weight");
        }
        hf.add("model.embed_tokens.weight");
        hf.add("model.norm.weight");
        for (String name : hf) {
            String gguf = LlamaCppBitnet.ggufName(name).orElseThrow();
            assertEquals(Optional.of(name), LlamaCppBitnet.hfName(gguf));
        }
        assertEquals(Optional.of("blk.12.attn_q.weight"),
                LlamaCppBitnet.ggufName("model.layers.12.self_attn.q_proj.weight"));
        assertEquals(Optional.of("blk.0.attn_sub_norm.weight"),
                LlamaCppBitnet.ggufName("model.layers.0.self_attn.inner_attn_ln.weight"), "1bitLLM's name");
        assertEquals(Optional.empty(), LlamaCppBitnet.ggufName("lm_head.weight"));
        assertEquals(Optional.empty(), LlamaCppBitnet.ggufName("model.layers.x.mlp.up_proj.weight"));
        assertEquals("blk.3.ffn_down.scale", LlamaCppBitnet.scaleName("blk.3.ffn_down.weight"));
    }

    @Test
    void configsLlamaCppCannotExpressAreRefusedNamingTheField() {
        String base = "{\"num_hidden_layers\": 2, \"hidden_size\": 256, \"intermediate_size\": 512,"
                + " \"num_attention_heads\": 2";
        LlamaCppBitnet.Config c = LlamaCppBitnet.Config.fromJson(base + "}");
        assertEquals(new LlamaCppBitnet.Config(2, 2048, 256, 512, 2, 2, 500000f, 1e-5f, 128256), c);
        assertMessage(base + ", \"head_dim\": 64}", "head_dim 64 x num_attention_heads 2 is not hidden_size 256");
        assertMessage("{\"hidden_size\": 256}", "config.json has no num_attention_heads");
        assertMessage(base + ", \"vocab_size\": -3}", "vocab_size is -3, not a positive int");
        assertMessage(base + ", \"rope_scaling\": {\"type\": \"yarn\"}}", "rope_scaling");
        assertEquals(4f, LlamaCppBitnet.Config.fromJson(base + ", \"rope_parameters\": {\"rope_theta\": 4}}")
                .ropeTheta());
    }

    private static void assertMessage(String config, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LlamaCppBitnet.Config.fromJson(config));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
