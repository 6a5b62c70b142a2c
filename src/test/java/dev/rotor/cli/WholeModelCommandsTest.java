package dev.rotor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rotor.gguf.GgufReader;
import dev.rotor.synthetic.ModelShape;
import dev.rotor.synthetic.SyntheticModel;

/** rotor convert with whole models: directories in and out, and llama.cpp GGUFs from Hugging Face directories. */
class WholeModelCommandsTest {
    private static final List<String> CARRIED = List.of("config.json", "generation_config.json", "tokenizer.json",
            "tokenizer_config.json");

    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(WholeModelCommandsTest.class.getResource(name).toURI());
    }

    private static Cli ok(String... args) {
        Cli run = Cli.run(args);
        assertEquals(0, run.exitCode(), run.toString());
        return run;
    }

    @Test
    void aRotorFileGoesBackToAHuggingFaceDirectory() throws Exception {
        Path model = resource("/models/tiny-bitlinear");
        Path rotor = dir.resolve("m.rotor.safetensors");
        ok("convert", model.toString(), "-o", rotor.toString(), "-q");
        Path out = dir.resolve("out");
        ok("convert", rotor.toString(), "-o", out + "/", "-q");
        for (String name : CARRIED) {
            assertEquals(-1, Files.mismatch(model.resolve(name), out.resolve(name)), name);
        }
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));
        Cli again = Cli.run("convert", rotor.toString(), "-o", out.toString());
        assertEquals(1, again.exitCode(), again.toString());
        assertTrue(again.err().contains("already exists"), again.err());
        ok("convert", rotor.toString(), "-o", out.toString(), "--force", "-q");

        Cli file = ok("convert", rotor.toString(), "-o", dir.resolve("weights.safetensors").toString());
        assertTrue(file.err().contains("config.json, generation_config.json, tokenizer.json, tokenizer_config.json not"
                + " written (OUT is a file); name a directory as OUT"), file.err());
    }

    @Test
    void aHuggingFaceDirectoryBecomesALlamaCppGgufAndADirectoryTargetGetsARotorFile() throws Exception {
        Path model = dir.resolve("hf");
        SyntheticModel.of(ModelShape.TINY, 3).writeHfDirectory(model);
        Path gguf = dir.resolve("model.gguf");
        ok("convert", model.toString(), "--to", "gguf-tq2", "-o", gguf.toString(), "-q");
        try (GgufReader reader = GgufReader.open(gguf)) {
            assertEquals("bitnet", reader.metadata().get("general.architecture").text());
            assertTrue(reader.tensor("blk.1.ffn_down.scale").isPresent());
            assertTrue(reader.metadata().containsKey("tokenizer.chat_template"));
        }
        Path out = Files.createDirectory(dir.resolve("rotors"));
        ok("convert", model.toString(), "-o", out.toString(), "-q");
        assertTrue(Files.isRegularFile(out.resolve("hf.rotor.safetensors")), "named after the input");
        assertEquals(Cli.run("tokenize", model.toString(), "hello <|eot_id|>").out(),
                Cli.run("tokenize", gguf.toString(), "hello <|eot_id|>").out());
        Cli verify = ok("verify", model.toString(), gguf.toString());
        assertTrue(verify.out().contains("all 14 ternary tensors equal"), "through llama.cpp's names: " + verify.out());
    }

    @Test
    void generateWritesAWholeHuggingFaceDirectoryWhoseRotorFileCarriesItsTokenizer() throws Exception {
        Path model = dir.resolve("synthetic");
        Cli run = ok("generate", model + "/", "-q");
        assertTrue(run.out().contains("with config and tokenizer"), run.out());
        for (String name : CARRIED) {
            assertTrue(Files.isRegularFile(model.resolve(name)), name);
        }
        Path rotor = dir.resolve("synthetic.rotor.safetensors");
        ok("convert", model.toString(), "-o", rotor.toString(), "-q");
        String line = ok("inspect", rotor.toString(), "-q").out().lines().filter(l -> l.startsWith("model "))
                .findFirst().orElseThrow();
        assertTrue(line.contains("BitNetForCausalLM, vocabulary 512 (Llama 3 byte-level BPE), chat template"), line);
        Cli refused = Cli.run("generate", model.toString(), "--layout", "gguf-tq2");
        assertEquals(2, refused.exitCode(), refused.toString());
        assertEquals(1, Cli.run("generate", model.toString()).exitCode(), "existing weights need --force");
    }
}
