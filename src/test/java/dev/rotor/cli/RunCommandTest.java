package dev.rotor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.rotor.model.ModelConverter;
import dev.rotor.tokenizer.Llama3Tokenizer;

/** {@code rotor run} on the tiny BitLinear fixture: streaming text, the JSON shape, chat, and refusals. */
class RunCommandTest {
    @TempDir
    static Path dir;
    static Path rotor;
    static Path bare;
    static Path model;
    static JsonNode reference;
    static Llama3Tokenizer tokenizer;

    @BeforeAll
    static void convert() throws IOException, URISyntaxException {
        model = Path.of(RunCommandTest.class.getResource("/models/tiny-bitlinear/config.json").toURI()).getParent();
        rotor = dir.resolve("tiny.rotor.safetensors");
        ModelConverter.builder().durable(false).build().toRotor(model.resolve("model.safetensors"), rotor);
        Path alone = Files.createDirectories(dir.resolve("weights-only"));
        bare = alone.resolve("bare.rotor.safetensors");
        ModelConverter.builder().durable(false).build().toRotor(
                Files.copy(model.resolve("model.safetensors"), alone.resolve("model.safetensors")), bare);
        reference = new ObjectMapper().readTree(model.resolve("reference.json").toFile()).get("sequences").get(1);
        tokenizer = Llama3Tokenizer.load(model);
    }

    private static int[] greedy(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = reference.get("greedy_continuation").get(i).asInt();
        }
        return ids;
    }

    /** {@code rotor run} on the rotor file, which carries the fixture's config.json, tokenizer and template. */
    private static Cli run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "run";
        all[1] = rotor.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(all);
    }

    @Test
    void greedyTextStreamsToStdoutAndTimingsToStderr() {
        Cli cli = run("-p", "def main():", "-n", "8", "--temperature", "0", "--ignore-eos", "-t", "2");
        assertEquals(0, cli.exitCode(), cli.toString());
        assertEquals(tokenizer.decode(greedy(8)) + "\n", cli.out());
        for (String fragment : new String[] {"loaded", "prompt", "5 tokens", "first token", "generation",
                "8 tokens, 7 decoded", "tokens/s"}) {
            assertTrue(cli.err().contains(fragment), fragment + " missing from\n" + cli.err());
        }
        Cli quiet = run("-p", "def main():", "-n", "8", "--temperature", "0", "--ignore-eos", "-q");
        assertEquals(cli.out(), quiet.out());
        assertEquals("", quiet.err());
    }

    @Test
    void jsonHasTheFixedShape() throws IOException {
        Cli cli = run("-p", "def main():", "-n", "6", "--temp", "0", "--ignore-eos", "--json", "-q");
        assertEquals(0, cli.exitCode(), cli.toString());
        JsonNode r = new ObjectMapper().readTree(cli.out());
        assertEquals(reference.get("input_ids"), r.get("prompt_tokens"));
        int[] tokens = new int[r.get("tokens").size()];
        Arrays.setAll(tokens, i -> r.get("tokens").get(i).asInt());
        assertEquals(Arrays.toString(greedy(6)), Arrays.toString(tokens));
        assertEquals(tokenizer.decode(greedy(6)), r.get("text").asText());
        assertEquals("max_tokens", r.get("stop").asText());
        for (String key : new String[] {"load_ms", "prompt_ms", "prompt_tokens_per_s", "time_to_first_token_ms",
                "generated_tokens", "generation_ms", "generation_tokens_per_s", "seed", "sampler", "threads"}) {
            assertTrue(r.has(key), key + " missing from " + cli.out());
        }
    }

    @Test
    void seededSamplingRepeatsAndStopsAtEndOfTurn() throws IOException {
        Cli a = run("-p", "Hello", "-n", "40", "--seed", "3", "--temperature", "1.2", "--json", "-q");
        Cli b = run("-p", "Hello", "-n", "40", "--seed", "3", "--temperature", "1.2", "--json", "-q");
        assertEquals(0, a.exitCode(), a.toString());
        JsonNode ra = new ObjectMapper().readTree(a.out());
        assertEquals(ra.get("tokens"), new ObjectMapper().readTree(b.out()).get("tokens"));
        assertEquals(3, ra.get("seed").asLong());
        JsonNode tokens = ra.get("tokens");
        int last = tokens.get(tokens.size() - 1).asInt();
        assertEquals(ra.get("stop").asText().equals("stop_token"), last == 4001 || last == 4009, a.out());
    }

    @Test
    void chatAnswersEachLineThroughTheTemplate() {
        String lines = "Hi!\n\nAnd then?\n/exit\nnot read\n";
        RunCommand.input = new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8));
        try {
            Cli cli = run("--chat", "-n", "6", "--temperature", "0", "--system", "Be brief.");
            assertEquals(0, cli.exitCode(), cli.toString());
            assertEquals(2, cli.out().lines().count(), cli.out());
            assertTrue(cli.err().contains("> "), cli.err());
        } finally {
            RunCommand.input = System.in;
        }
    }

    @Test
    void otherModelFilesArePointedToTheConverter() {
        Cli cli = Cli.run("run", model.resolve("model.safetensors").toString(), "-p", "x");
        assertEquals(1, cli.exitCode(), cli.toString());
        assertTrue(cli.err().contains("not a rotor file; convert the model first: rotor convert"), cli.err());
        assertEquals(1, Cli.run("run", model.toString(), "-p", "x").exitCode());
    }

    @Test
    void wrongUsageIsExitCode2() {
        assertEquals(2, run().exitCode(), "no prompt");
        assertEquals(2, run("-p", "x", "--chat").exitCode());
        assertEquals(2, run("--chat", "--json").exitCode());
        assertEquals(2, run("-p", "x", "--system", "s").exitCode());
        Cli temp = run("-p", "x", "--temperature", "-1");
        assertEquals(2, temp.exitCode());
        assertTrue(temp.err().contains("temperature is -1.0"), temp.err());
        assertEquals(2, run("-p", "x", "-t", "0").exitCode());
    }

    @Test
    void aFileWithoutConfigurationIsExplainedAndRunsWithTheModelDirectory() {
        Cli cli = Cli.run("run", bare.toString(), "-p", "x");
        assertEquals(1, cli.exitCode(), cli.toString());
        assertTrue(cli.err().contains("carries no model configuration"), cli.err());
        assertEquals(1, cli.err().lines().count(), cli.err());
        Cli withDirectory = Cli.run("run", bare.toString(), "--model-dir", model.toString(), "-p", "def main():",
                "-n", "8", "--temperature", "0", "--ignore-eos", "-q");
        assertEquals(0, withDirectory.exitCode(), withDirectory.toString());
        assertEquals(tokenizer.decode(greedy(8)) + "\n", withDirectory.out());
    }
}
