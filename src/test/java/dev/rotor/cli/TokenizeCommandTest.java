package dev.rotor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rotor.model.ModelConverter;

class TokenizeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(TokenizeCommandTest.class.getResource(name).toURI());
    }

    /** Runs {@code call} with {@code input} as standard input. */
    private static Cli withStdin(String input, Supplier<Cli> call) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return call.get();
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void printsIdsPiecesAndDecodes() throws Exception {
        String tokenizer = resource("/tokenizer/tokenizer.json").toString();
        Cli plain = Cli.run("tokenize", tokenizer, "def main():");
        assertEquals(0, plain.exitCode(), plain.toString());
        assertEquals("[449, 3418, 435, 25]\n", plain.out());
        assertEquals("[4000, 449, 3418, 435, 25]\n", Cli.run("tokenize", tokenizer, "def main():", "--bos").out());
        assertEquals("4000 -> '<|begin_of_text|>'\n449 -> 'def'\n3418 -> ' main'\n1024 -> '():\\n'\n",
                Cli.run("tokenize", tokenizer, "def main():\n", "--bos", "--tokens").out(),
                "pieces, control characters escaped");
        assertEquals("<|begin_of_text|>def main():\n", Cli.run("tokenize", tokenizer, "--decode",
                "[4000, 449, 3418, 435, 25]").out());
        assertEquals("[449, 3418, 435, 25]\n", withStdin("def main():",
                () -> Cli.run("tokenize", tokenizer)).out(), "text from standard input");
    }

    @Test
    void jsonModeGivesHuggingFacesIdsForTheReferenceStrings() throws Exception {
        JsonNode reference = JSON.readTree(resource("/tokenizer/reference.json").toFile());
        ArrayNode texts = JSON.createArrayNode();
        ArrayNode ids = JSON.createArrayNode();
        ArrayNode bos = JSON.createArrayNode();
        for (JsonNode e : reference.get("encode")) {
            texts.add(e.get("text").asText());
            ids.add(e.get("ids"));
            bos.add(e.get("bos"));
        }
        String tokenizer = resource("/tokenizer/tokenizer.json").toString();
        Cli run = withStdin(texts.toString(), () -> Cli.run("tokenize", tokenizer, "--json"));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(ids, JSON.readTree(run.out()), "one array of ids per string, no BOS");
        assertEquals(bos, JSON.readTree(withStdin(texts.toString(),
                () -> Cli.run("tokenize", tokenizer, "--json", "--bos")).out()));
        Cli back = withStdin(bos.toString(), () -> Cli.run("tokenize", tokenizer, "--json", "--decode"));
        List<String> decoded = new ArrayList<>();
        JSON.readTree(back.out()).forEach(s -> decoded.add(s.asText()));
        assertEquals(texts.size(), decoded.size());
        assertEquals("<|begin_of_text|>" + texts.get(0).asText(), decoded.getFirst());
        assertEquals("[]\n", withStdin(" [ ] ", () -> Cli.run("tokenize", tokenizer, "--json")).out());
    }

    @Test
    void everyKindOfFileGivesTheSameIds(@TempDir Path dir) throws Exception {
        Path model = resource("/models/tiny-bitlinear");
        Path rotor = dir.resolve("model.rotor.safetensors");
        ModelConverter.create().toRotor(model, rotor);
        String text = "Hello <|eot_id|> wörld 😀 12345";
        String expected = Cli.run("tokenize", resource("/tokenizer/tokenizer.json").toString(), text).out();
        for (Path file : List.of(model, rotor, resource("/clients/tq2_0.gguf"))) {
            Cli run = Cli.run("tokenize", file.toString(), text);
            assertEquals(0, run.exitCode(), run.toString());
            assertEquals(expected, run.out(), file.toString());
        }
    }

    @Test
    void badInputAndUsageAreReported() throws Exception {
        String tokenizer = resource("/tokenizer/tokenizer.json").toString();
        assertFailure(2, "--json reads standard input", Cli.run("tokenize", tokenizer, "x", "--json"));
        assertFailure(2, "--decode turns ids into text", Cli.run("tokenize", tokenizer, "1", "--decode", "--bos"));
        assertFailure(1, "'x' is not a token id", Cli.run("tokenize", tokenizer, "--decode", "1 x"));
        assertFailure(1, "token id 99999 is not in the vocabulary (0 to 4015)",
                Cli.run("tokenize", tokenizer, "--decode", "99999"));
        assertFailure(1, "standard input at line 1, column 7: expected a string, found '7'",
                withStdin("[\"a\", 7]", () -> Cli.run("tokenize", tokenizer, "--json")));
        assertFailure(1, "expected a JSON array, found '{'",
                withStdin("{}", () -> Cli.run("tokenize", tokenizer, "--json")));
        assertFailure(1, "standard input is not the JSON --json reads",
                withStdin("[\"a\"", () -> Cli.run("tokenize", tokenizer, "--json")));
        assertFailure(1, "expected a token id", withStdin("[[1, 2.5]]",
                () -> Cli.run("tokenize", tokenizer, "--json", "--decode")));
        assertFailure(1, "is a safetensors file without a tokenizer",
                Cli.run("tokenize", resource("/models/tiny-bitlinear/reference.safetensors").toString(), "x"));
    }

    private static void assertFailure(int code, String part, Cli run) {
        assertEquals(code, run.exitCode(), run.toString());
        assertTrue(run.err().contains(part), run.err());
        assertEquals(1, run.err().strip().lines().filter(l -> !l.startsWith("Try ")).count(), run.err());
    }
}
