package dev.rotor.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import dev.rotor.gguf.GgmlType;
import dev.rotor.gguf.GgufReader;
import dev.rotor.gguf.GgufValue;
import dev.rotor.gguf.GgufWriter;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.safetensors.SafetensorsWriter;
import dev.rotor.container.TensorSpec;

/** Every place a tokenizer is loaded from gives the same ids as Hugging Face, and bad ones are named. */
class TokenizerSourcesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path model(String name) throws URISyntaxException {
        return Path.of(TokenizerSourcesTest.class.getResource("/models/" + name).toURI());
    }

    static Path client(String name) throws URISyntaxException {
        return Path.of(TokenizerSourcesTest.class.getResource("/clients/" + name).toURI());
    }

    private static void assertMatchesHuggingFace(Llama3Tokenizer tok) throws Exception {
        ReferenceIds.assertNone(ReferenceIds.mismatches(tok, Llama3TokenizerTest.fixture("reference.json")), 800);
    }

    @Test
    void modelDirectoryAddsItsTokenizerConfig() throws Exception {
        Llama3Tokenizer tok = Llama3Tokenizer.load(model("tiny-bitlinear"));
        assertMatchesHuggingFace(tok);
        assertEquals(4000, tok.bosId());
        assertEquals(4001, tok.eosId());
        assertTrue(tok.chatTemplate().orElseThrow().contains("<|eot_id|>"));
        assertTrue(Llama3Tokenizer.load(Llama3TokenizerTest.fixture("tokenizer.json")).chatTemplate().isEmpty());
    }

    @Test
    void tokenizerConfigNamesTheEosAndBos(@TempDir Path dir) throws Exception {
        Files.copy(Llama3TokenizerTest.fixture("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": {\"content\": \"<|eot_id|>\"},"
                + " \"add_bos_token\": false, \"chat_template\": [{\"name\": \"tool_use\", \"template\": \"t\"},"
                + " {\"name\": \"default\", \"template\": \"d\"}]}");
        Llama3Tokenizer tok = Llama3Tokenizer.load(dir);
        assertEquals(4009, tok.eosId());
        assertEquals("<|eot_id|>", tok.token(tok.eosId()));
        assertEquals("d", tok.chatTemplate().orElseThrow());
        assertFalse(tok.vocabulary().addBos());

        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": \"<|nope|>\"}");
        TokenizerFormatException e = assertThrows(TokenizerFormatException.class, () -> Llama3Tokenizer.load(dir));
        assertTrue(e.getMessage().contains("tokenizer_config.json") && e.getMessage().contains("bos_token '<|nope|>'"),
                e.getMessage());
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": 7}");
        e = assertThrows(TokenizerFormatException.class, () -> Llama3Tokenizer.load(dir));
        assertTrue(e.getMessage().contains("chat_template is NUMBER"), e.getMessage());
    }

    @Test
    void vocabularyIsWhatTheTokenizerJsonSays() throws Exception {
        Path json = Llama3TokenizerTest.fixture("tokenizer.json");
        Vocabulary v = Llama3Tokenizer.load(model("tiny-bitlinear")).vocabulary();
        JsonNode root = JSON.readTree(json.toFile());
        assertEquals(4016, v.tokens().size());
        assertEquals(4000, root.path("model").path("vocab").size());
        root.path("model").path("vocab").fields().forEachRemaining(e -> {
            assertEquals(e.getKey(), v.tokens().get(e.getValue().asInt()));
            assertEquals(Vocabulary.NORMAL, v.tokenTypes()[e.getValue().asInt()]);
        });
        for (JsonNode added : root.path("added_tokens")) {
            assertEquals(added.path("content").asText(), v.tokens().get(added.path("id").asInt()));
            assertEquals(Vocabulary.CONTROL, v.tokenTypes()[added.path("id").asInt()]);
        }
        List<String> merges = new ArrayList<>();
        root.path("model").path("merges").forEach(m -> merges.add(m.isArray() ? m.get(0).asText() + " "
                + m.get(1).asText() : m.asText()));
        assertEquals(merges, v.merges());
        assertEquals(4000, v.bosId());
        assertEquals(4001, v.eosId());
        assertTrue(v.addBos(), "the post-processor's template starts with <|begin_of_text|>");

        Vocabulary padded = v.paddedTo(4020);
        assertEquals("[PAD4019]", padded.tokens().get(4019));
        assertEquals(Vocabulary.UNUSED, padded.tokenTypes()[4016]);
        assertThrows(IllegalArgumentException.class, () -> v.paddedTo(4015));
    }

    @Test
    void ggufFileFromLlamaCppsGgufPackage() throws Exception {
        Llama3Tokenizer tok = Llama3Tokenizer.load(client("tq2_0.gguf"));
        assertMatchesHuggingFace(tok);
        try (GgufReader reader = GgufReader.open(client("tq2_0.gguf"))) {
            assertArrayEquals(tok.encode("Hi <|eot_id|>!", true),
                    Llama3Tokenizer.fromGguf(reader.metadata()).encode("Hi <|eot_id|>!", true));
        }
    }

    @Test
    void ggufKeysWrittenFromTheVocabularyReadBackTheSame(@TempDir Path dir) throws Exception {
        Llama3Tokenizer source = Llama3Tokenizer.load(model("tiny-bitlinear"));
        Path gguf = dir.resolve("tokenizer.gguf");
        GgufWriter.write(gguf, ggufKeys(source.vocabulary()), List.of());
        Llama3Tokenizer tok = Llama3Tokenizer.load(gguf);
        assertMatchesHuggingFace(tok);
        Vocabulary back = tok.vocabulary();
        Vocabulary original = source.vocabulary();
        assertEquals(original.tokens(), back.tokens());
        assertArrayEquals(original.tokenTypes(), back.tokenTypes());
        assertEquals(original.merges(), back.merges());
        assertEquals(original.chatTemplate(), back.chatTemplate());
        assertEquals(original.eosId(), back.eosId());
    }

    @Test
    void rotorMetadataOfEitherSource(@TempDir Path dir) throws Exception {
        Path modelDir = model("tiny-bitlinear");
        Map<String, String> hf = new LinkedHashMap<>();
        hf.put("format", "rotor");
        hf.put("hf.tokenizer.json", Files.readString(modelDir.resolve("tokenizer.json")));
        hf.put("hf.tokenizer_config.json", Files.readString(modelDir.resolve("tokenizer_config.json")));
        Llama3Tokenizer fromHf = Llama3Tokenizer.fromMetadata(hf);
        assertMatchesHuggingFace(fromHf);
        assertEquals(Llama3Tokenizer.load(modelDir).chatTemplate(), fromHf.chatTemplate());

        Map<String, String> gguf = new LinkedHashMap<>();
        gguf.put("format", "rotor");
        ggufKeys(fromHf.vocabulary()).forEach((key, value) -> gguf.put("gguf." + key, value.text()));
        Llama3Tokenizer fromGguf = Llama3Tokenizer.fromMetadata(gguf);
        assertMatchesHuggingFace(fromGguf);
        assertEquals(fromHf.chatTemplate(), fromGguf.chatTemplate());

        Path rotor = dir.resolve("model.rotor.safetensors");
        SafetensorsWriter.write(rotor, hf, List.of(new TensorSpec<>("x", SafetensorsDType.U8, new long[] {1},
                segment -> { })));
        assertMatchesHuggingFace(Llama3Tokenizer.load(rotor));
    }

    @Test
    void sourcesWithoutATokenizerOrWithAnotherKindAreNamed(@TempDir Path dir) throws Exception {
        assertMessage(() -> Llama3Tokenizer.fromMetadata(Map.of("format", "rotor")),
                "carries no tokenizer: neither hf.tokenizer.json nor gguf.tokenizer.ggml.tokens");
        Path plain = dir.resolve("plain.safetensors");
        SafetensorsWriter.write(plain, Map.of(), List.of(new TensorSpec<>("x", SafetensorsDType.U8, new long[] {1},
                segment -> { })));
        assertMessage(() -> Llama3Tokenizer.load(plain), "is a safetensors file without a tokenizer");
        assertMessage(() -> Llama3Tokenizer.load(dir), "holds no tokenizer.json");

        Map<String, GgufValue> spm = ggufKeys(Llama3Tokenizer.load(model("tiny-bitlinear")).vocabulary());
        spm.put("tokenizer.ggml.model", new GgufValue.Str("llama"));
        Path sentencePiece = dir.resolve("spm.gguf");
        GgufWriter.write(sentencePiece, spm, List.<TensorSpec<GgmlType>>of());
        assertMessage(() -> Llama3Tokenizer.load(sentencePiece), "spm.gguf: tokenizer.ggml.model is 'llama'"
                + " (SentencePiece); only byte-level BPE");
        spm.put("tokenizer.ggml.model", new GgufValue.Str("gpt2"));
        spm.remove("tokenizer.ggml.pre");
        assertMessage(() -> Llama3Tokenizer.fromGguf(spm), "tokenizer.ggml.pre is missing");
        spm.put("tokenizer.ggml.pre", new GgufValue.Str("llama-bpe"));
        spm.put("tokenizer.ggml.merges", new GgufValue.Str("a b"));
        assertMessage(() -> Llama3Tokenizer.fromGguf(spm), "tokenizer.ggml.merges is STRING, not an array");

        Map<String, String> text = new LinkedHashMap<>();
        text.put("gguf.tokenizer.ggml.model", "gpt2");
        text.put("gguf.tokenizer.ggml.pre", "llama-bpe");
        text.put("gguf.tokenizer.ggml.tokens", "[\"a\", 7]");
        assertMessage(() -> Llama3Tokenizer.fromMetadata(text), "gguf.tokenizer.ggml.tokens is an array holding"
                + " NUMBER, not an array of strings");
        text.put("gguf.tokenizer.ggml.tokens", "[\"a\"");
        assertMessage(() -> Llama3Tokenizer.fromMetadata(text), "gguf.tokenizer.ggml.tokens is not JSON");
    }

    @Test
    void badTokenizerJsonIsNamedField() throws Exception {
        String json = Files.readString(Llama3TokenizerTest.fixture("tokenizer.json"));
        assertMessage(() -> Llama3Tokenizer.fromJson(json.replaceFirst("\"merges\": \\[", "\"merges\": 5, \"x\": [")),
                "model.merges is missing or not an array");
        assertMessage(() -> Llama3Tokenizer.fromJson(json.replaceFirst("\"merges\": \\[", "\"merges\": [\"Ġ\"], \"x\": [")),
                "model.merges[0] is 'Ġ', not two tokens separated by one space");
        assertMessage(() -> Llama3Tokenizer.fromJson(json.replaceFirst("\"merges\": \\[", "\"merges\": [\"Ġ Ġ\",")),
                "model.merges[1] is not a \"left right\" string like the merges before it");
        assertMessage(() -> Llama3Tokenizer.fromJson(json.replaceFirst("\"merges\": \\[", "\"merges\": [[\"Ġ\"],")),
                "model.merges[0] is not a pair of token strings");
        assertMessage(() -> Llama3Tokenizer.fromJson(json.replaceFirst("\"merges\": \\[", "\"merges\": [[\"Ġthe\", \"Ġthe\"],")),
                "model.merges[0] makes 'ĠtheĠthe', which is not in the vocabulary");
        assertMessage(() -> Llama3Tokenizer.fromJson(json.replaceFirst("\"vocab\": \\{", "\"vocab\": {\"zz\": \"5\",")),
                "model.vocab['zz'] is not an integer id");
        assertMessage(() -> Llama3Tokenizer.fromJson(json.replaceFirst("\"vocab\": \\{", "\"vocab\": {\"Ġ\": 4001,")),
                "model.vocab has 'Ġ' twice");
        assertMessage(() -> Llama3Tokenizer.fromJson(json.replaceFirst("\"id\": 4001", "\"id\": 4000")),
                "id 4000 is both '<|begin_of_text|>' and '<|end_of_text|>'");
        assertMessage(() -> Llama3Tokenizer.fromJson(json.replaceFirst("\"id\": 4001", "\"id\": 99999999")),
                "added_tokens[1].id is 99999999, outside 0 to 4194303");
        assertMessage(() -> Llama3Tokenizer.fromJson(json.replaceFirst("\"decoder\": \\{\\s*\"type\": \"ByteLevel\"",
                "\"decoder\": {\"type\": \"Metaspace\"")), "decoder is Metaspace, not ByteLevel");
    }

    /** Merges as "left right" strings (older tokenizer.json files) and merges before the vocabulary read the same. */
    @Test
    void mergeFormsAndFieldOrderDoNotMatter() throws Exception {
        ObjectNode root = (ObjectNode)
                JSON.readTree(Llama3TokenizerTest.fixture("tokenizer.json").toFile());
        ObjectNode model = (ObjectNode)
                root.get("model");
        ArrayNode strings = JSON.createArrayNode();
        model.get("merges").forEach(m -> strings.add(m.get(0).asText() + " " + m.get(1).asText()));
        JsonNode vocab = model.remove("vocab");
        JsonNode pairs = model.remove("merges");
        for (JsonNode merges : List.of(pairs, strings)) {
            for (boolean mergesFirst : new boolean[] {true, false}) {
                model.remove(List.of("vocab", "merges"));
                model.set(mergesFirst ? "merges" : "vocab", mergesFirst ? merges : vocab);
                model.set(mergesFirst ? "vocab" : "merges", mergesFirst ? vocab : merges);
                assertMatchesHuggingFace(Llama3Tokenizer.fromJson(root.toString()));
            }
        }
    }

    @Test
    void refusesAnAbsurdlyLargeFileBeforeReadingIt(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("tokenizer.json");
        try (FileChannel channel = FileChannel.open(big, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {'{'}), TokenizerJson.MAX_BYTES + 1);
        }
        assertMessage(() -> Llama3Tokenizer.load(dir), "more than the 67108864 a tokenizer file may have");
    }

    /** The GGUF tokenizer keys of a vocabulary, as llama.cpp's converter writes them. */
    static Map<String, GgufValue> ggufKeys(Vocabulary v) {
        return new LinkedHashMap<>(v.ggufKeys());
    }

    private static void assertMessage(Executable call, String part) {
        TokenizerFormatException e = assertThrows(TokenizerFormatException.class, call);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
