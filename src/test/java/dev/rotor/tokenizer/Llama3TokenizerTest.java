package dev.rotor.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Llama3TokenizerTest {
    static Path fixture(String name) throws URISyntaxException {
        return Path.of(Llama3TokenizerTest.class.getResource("/tokenizer/" + name).toURI());
    }

    @Test
    void matchesHuggingFaceOnTheSmallVocabulary() throws Exception {
        Llama3Tokenizer tok = Llama3Tokenizer.load(fixture("tokenizer.json"));
        List<String> bad = ReferenceIds.mismatches(tok, fixture("reference.json"));
        ReferenceIds.assertNone(bad, 800);
    }

    @Test
    void loadsFromDirectoryAndJsonText(@TempDir Path dir) throws Exception {
        String json = Files.readString(fixture("tokenizer.json"));
        Files.writeString(dir.resolve("tokenizer.json"), json);
        Llama3Tokenizer a = Llama3Tokenizer.load(dir);
        Llama3Tokenizer b = Llama3Tokenizer.fromJson(json);
        assertArrayEquals(a.encode("Hello <|eot_id|> world", true), b.encode("Hello <|eot_id|> world", true));
        assertEquals(Optional.of(a.bosId()), a.specialToken("<|begin_of_text|>"));
        assertEquals("<|eot_id|>", a.token(a.specialToken("<|eot_id|>").orElseThrow()));
        assertEquals(Optional.empty(), a.specialToken("<|nope|>"));
        assertEquals(a.id("Ġ").orElseThrow(), a.encode(" ")[0]);
    }

    @Test
    void refusesBadInputNamingTheField() throws Exception {
        String json = Files.readString(fixture("tokenizer.json"));
        assertMessage("model.vocab is missing", json.replace("\"vocab\"", "\"vocabulary\""));
        assertMessage("model.type is 'Unigram' (SentencePiece)", json.replace("\"type\": \"BPE\"", "\"type\": \"Unigram\""));
        assertMessage("not in the vocabulary", json.replaceFirst("\"merges\": \\[", "\"merges\": [[\"zzqq\", \"x\"],"));
        assertMessage("id 5 is used by both", json.replaceFirst("\"vocab\": \\{", "\"vocab\": {\"zzqq\": 5,"));
        assertMessage("not valid JSON", "{\"model\": ");
        assertMessage("pre_tokenizer is Whitespace", json.replace("\"pre_tokenizer\":", "\"pre_tokenizer\": {\"type\": \"Whitespace\"}, \"x\":"));
        assertThrows(IllegalArgumentException.class, () -> Llama3Tokenizer.fromJson(json).decode(new int[] {1 << 20}));
    }

    private static void assertMessage(String part, String json) {
        TokenizerFormatException e = assertThrows(TokenizerFormatException.class, () -> Llama3Tokenizer.fromJson(json));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void longRunsMergeWithoutQuadraticTime() throws Exception {
        Llama3Tokenizer tok = Llama3Tokenizer.load(fixture("tokenizer.json"));
        String run = "!".repeat(200_000);
        assertEquals(run, tok.decode(tok.encode(run)));
    }
}
