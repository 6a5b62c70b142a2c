package dev.rotor.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.rotor.bench.ForkOptions;
import dev.rotor.synthetic.SyntheticTokenizer;

/**
 * The Llama 3 tokenizer: loading a vocabulary of Llama 3's size (128,256 ids, 280,147 merges) from its
 * {@code tokenizer.json}, and encoding a corpus of strings (one thread). {@code vocabulary} is {@code synthetic}
 * ({@link SyntheticTokenizer}, same size as Llama 3's, generated here) or the path of a {@code tokenizer.json} or
 * model directory (Meta's: {@code scripts/fixtures/llama3-real.sh}); {@code corpus} is {@code fixture} (the 800
 * reference strings of the test fixtures) or the path of a JSON array of strings. The report turns the encode time
 * into MB/s of UTF-8 text; {@code scripts/bench/tokenizer-vs-hf.sh} times Hugging Face {@code tokenizers} on the
 * same files in the same session.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsPrepend = {ForkOptions.VECTOR_MODULE, ForkOptions.HEAP})
public class TokenizerBenchmark {
    /** The synthetic vocabulary's size: Llama 3's. */
    private static final int LLAMA3_IDS = 128_256;
    private static final String SYNTHETIC = "synthetic";
    private static final String FIXTURE = "fixture";

    @Param({SYNTHETIC})
    public String vocabulary;

    @Param({FIXTURE})
    public String corpus;

    private Path temporary;
    private Path tokenizerFile;
    private Llama3Tokenizer tokenizer;
    private List<String> strings;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (vocabulary.equals(SYNTHETIC)) {
            temporary = Files.createTempFile("rotor-synthetic-tokenizer", ".json");
            Files.writeString(temporary, SyntheticTokenizer.vocabulary(LLAMA3_IDS, 42).tokenizerJson());
            tokenizerFile = temporary;
        } else {
            tokenizerFile = Path.of(vocabulary);
        }
        tokenizer = Llama3Tokenizer.load(tokenizerFile);
        strings = strings(corpus);
    }

    /** The strings of corpus {@code corpus} (a {@code corpus} parameter's value). */
    public static List<String> strings(String corpus) throws IOException {
        return corpus.equals(FIXTURE) ? fixtureStrings() : jsonStrings(Files.readString(Path.of(corpus)));
    }

    /** The UTF-8 size of corpus {@code corpus}, for MB/s. */
    public static long utf8Bytes(String corpus) throws IOException {
        long bytes = 0;
        for (String s : strings(corpus)) {
            bytes += s.getBytes(StandardCharsets.UTF_8).length;
        }
        return bytes;
    }

    private static List<String> fixtureStrings() throws IOException {
        try (InputStream in = TokenizerBenchmark.class.getResourceAsStream("/tokenizer/reference.json")) {
            JsonNode reference = new ObjectMapper().readTree(in);
            List<String> out = new ArrayList<>();
            reference.get("encode").forEach(e -> out.add(e.get("text").asText()));
            return out;
        }
    }

    private static List<String> jsonStrings(String json) throws IOException {
        List<String> out = new ArrayList<>();
        new ObjectMapper().readTree(json).forEach(s -> out.add(s.asText()));
        return out;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (temporary != null) {
            Files.deleteIfExists(temporary);
        }
    }

    /** Reads and checks the tokenizer.json and builds the tokenizer, as {@code Tokenizer.from_file} does. */
    @Benchmark
    public Llama3Tokenizer load() throws IOException {
        return Llama3Tokenizer.load(tokenizerFile);
    }

    /** Encodes every string of the corpus (no BOS), as {@code encode_batch} on one thread does. */
    @Benchmark
    public long encode() {
        long ids = 0;
        for (String s : strings) {
            ids += tokenizer.encode(s).length;
        }
        return ids;
    }
}
