package dev.rotor.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rotor.gguf.GgufWriter;

/**
 * Opt-in: Meta's Llama 3 vocabulary against HF's ids, from scripts/fixtures/llama3-real.sh's output folder given as
 * {@code -Drotor.llama3.dir=DIR} or the environment variable {@code ROTOR_LLAMA3_DIR}.
 */
class RealLlama3TokenizerTest {
    private static Path dir() {
        String dir = System.getProperty("rotor.llama3.dir", System.getenv("ROTOR_LLAMA3_DIR"));
        assumeTrue(dir != null && !dir.isEmpty(), "set -Drotor.llama3.dir to the output of llama3-real.sh");
        return Path.of(dir);
    }

    @Test
    void matchesHuggingFaceOnMetasVocabulary() throws Exception {
        Path dir = dir();
        Llama3Tokenizer tok = Llama3Tokenizer.load(dir);
        assertEquals(128_256, tok.vocabularySize());
        assertArrayEquals(new int[] {128000, 9906, 1917}, tok.encode("Hello world", true));
        List<String> bad = ReferenceIds.mismatches(tok, dir.resolve("reference.json"));
        ReferenceIds.assertNone(bad, 2500);
    }

    /** The vocabulary written as GGUF keys (as rotor writes them for llama.cpp) and as tokenizer.json reads back. */
    @Test
    void ggufKeysAndTokenizerJsonWrittenFromTheVocabularyGiveTheSameIds(@TempDir Path temp) throws Exception {
        Path dir = dir();
        Vocabulary vocabulary = Llama3Tokenizer.load(dir).vocabulary();
        assertEquals(280_147, vocabulary.merges().size());
        Path gguf = temp.resolve("tokenizer.gguf");
        GgufWriter.write(gguf, vocabulary.ggufKeys(), List.of());
        ReferenceIds.assertNone(ReferenceIds.mismatches(Llama3Tokenizer.load(gguf), dir.resolve("reference.json")),
                2500);
        ReferenceIds.assertNone(ReferenceIds.mismatches(Llama3Tokenizer.fromJson(vocabulary.tokenizerJson()),
                dir.resolve("reference.json")), 2500);
    }
}
