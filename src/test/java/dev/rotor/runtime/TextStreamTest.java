package dev.rotor.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import dev.rotor.tokenizer.Llama3Tokenizer;

/** Streamed pieces put together are the whole decoding, and no piece shows half a character. */
class TextStreamTest {
    @Test
    void charactersSplitAcrossTokensComeOutWhole() throws IOException {
        Llama3Tokenizer tok = Llama3Tokenizer.load(Fixtures.directory(Fixtures.BITLINEAR));
        String text = "naïve café, 日本語のテキスト, emoji 🎉👩‍👩‍👧 and ∑ ≠ ∞ done";
        int[] ids = tok.encode(text, false);
        TextStream stream = new TextStream(tok);
        StringBuilder joined = new StringBuilder();
        int held = 0;
        for (int id : ids) {
            String piece = stream.next(id);
            held += piece.isEmpty() ? 1 : 0;
            assertFalse(piece.contains("\uFFFD"), "a broken character in '" + piece + "'");
            joined.append(piece);
        }
        joined.append(stream.flush());
        assertEquals(text, joined.toString());
        assertEquals(tok.decode(ids), joined.toString());
        assertEquals(true, held > 0, "the text has characters split across tokens");
    }

    @Test
    void bytesThatNeverFormACharacterAreLetGo() throws IOException {
        Llama3Tokenizer tok = Llama3Tokenizer.load(Fixtures.directory(Fixtures.BITLINEAR));
        int lone = tok.id("\u00C3").orElseThrow();            // byte 0xC3: a UTF-8 lead byte without its follower
        TextStream stream = new TextStream(tok);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            out.append(stream.next(lone));
        }
        out.append(stream.flush());
        assertEquals(tok.decode(new int[] {lone, lone, lone, lone, lone}), out.toString());
        assertThrows(IllegalArgumentException.class, () -> new TextStream(null));
    }
}
