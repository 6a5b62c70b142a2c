package dev.rotor.runtime;

import static dev.rotor.runtime.SessionTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rotor.model.ModelConverter;
import dev.rotor.model.RotorFile;
import dev.rotor.tokenizer.Llama3Tokenizer;

/**
 * What a model takes from a rotor file's metadata ({@code hf.*} files carried from a Hugging Face directory,
 * {@code gguf.*} keys from a GGUF) or from a model directory: the same configuration, tokenizer, chat template,
 * sampling defaults and stop tokens either way.
 */
class ModelMetadataTest {
    @TempDir
    static Path dir;

    @Test
    void aConvertedDirectoryCarriesEverythingTheRuntimeNeeds() throws IOException {
        Path model = Fixtures.directory(Fixtures.BITLINEAR);
        try (BitNetModel fromFile = Fixtures.model(Fixtures.BITLINEAR, dir);
             BitNetModel fromDirectory = BitNetModel.load(Fixtures.bareRotorFile(Fixtures.BITLINEAR, dir), model)) {
            assertEquals(BitNetConfig.fromHfConfig(Files.readString(model.resolve("config.json"))), fromFile.config());
            assertEquals(fromFile.config(), fromDirectory.config());
            assertEquals(new SamplingSettings(0.6f, 40, 0.9f), fromFile.samplingDefaults(), "generation_config.json");
            assertEquals(fromFile.samplingDefaults(), fromDirectory.samplingDefaults());
            assertTrue(fromFile.stopTokens().containsAll(List.of(4001, 4009)), fromFile.stopTokens().toString());
            assertEquals(fromFile.stopTokens(), fromDirectory.stopTokens());
            assertEquals(fromFile.chatTemplate(), fromDirectory.chatTemplate());
            Llama3Tokenizer reference = Llama3Tokenizer.load(model);
            String text = "def main():\n    print('héllo')";
            assertArrayEquals(reference.encode(text, true), fromFile.tokenizer().orElseThrow().encode(text, true));
            int[] prompt = reference.encode(text, true);
            assertArrayEquals(fromFile.newSession(32, null).logits(prompt),
                    fromDirectory.newSession(32, null).logits(prompt));
        }
    }

    @Test
    void weightsAloneHaveNoTokenizerAndSaySo() throws IOException {
        Path bare = Fixtures.bareRotorFile(Fixtures.AUTOBITLINEAR, dir);
        BitNetConfig config = BitNetConfig.fromHfConfig(
                Files.readString(Fixtures.directory(Fixtures.AUTOBITLINEAR).resolve("config.json")));
        try (BitNetModel model = BitNetModel.load(bare, config)) {
            assertFalse(model.tokenizer().isPresent());
            assertMessage(new IllegalStateException(model.tokenizerProblem()), "carries no tokenizer");
            assertEquals(SamplingSettings.LLAMA_CPP, model.samplingDefaults());
            assertFalse(model.chatTemplate().isPresent());
        }
    }

    @Test
    void ggufTokenizerKeysGiveTheTokenizer() throws IOException, URISyntaxException {
        Path gguf = Path.of(ModelMetadataTest.class.getResource("/clients/tq2_0.gguf").toURI());
        Path rotor = dir.resolve("client.rotor.safetensors");
        ModelConverter.builder().durable(false).overwrite(true).build().toRotor(gguf, rotor);
        try (RotorFile file = RotorFile.open(rotor)) {
            StringBuilder why = new StringBuilder();
            Llama3Tokenizer fromKeys = ModelMetadata.of(file.metadata()).tokenizer(why).orElseThrow(
                    () -> new AssertionError(why.toString()));
            Llama3Tokenizer reference = Llama3Tokenizer.load(Fixtures.directory(Fixtures.BITLINEAR));
            String text = "The capital of France is Paris.<|eot_id|> 12345";
            assertArrayEquals(reference.encode(text, true), fromKeys.encode(text, true));
        }
    }

    @Test
    void unsupportedTokenizersAreNamed() {
        StringBuilder why = new StringBuilder();
        String wordPiece = "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"a\": 0}}}";
        assertFalse(ModelMetadata.of(java.util.Map.of("hf.tokenizer.json", wordPiece)).tokenizer(why).isPresent());
        assertMessage(new IllegalStateException(why.toString()), "its tokenizer is not supported");
        StringBuilder gguf = new StringBuilder();
        assertFalse(ModelMetadata.of(java.util.Map.of("gguf.tokenizer.ggml.model", "llama",
                "gguf.tokenizer.ggml.tokens", "[\"a\"]", "gguf.tokenizer.ggml.token_type", "[1]",
                "gguf.tokenizer.ggml.merges", "[]")).tokenizer(gguf).isPresent());
        assertMessage(new IllegalStateException(gguf.toString()), "its tokenizer is not supported");
    }
}
