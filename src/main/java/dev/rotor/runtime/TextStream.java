package dev.rotor.runtime;

import java.util.Arrays;

import dev.rotor.tokenizer.Llama3Tokenizer;

/**
 * Turns generated ids into text as they come: a character whose UTF-8 bytes span several tokens is held back until
 * it is complete, so streamed pieces never show a broken character that the whole text does not have. Pieces put
 * together are the decoding of all the ids (with {@link #flush()} at the end). Not thread-safe.
 */
public final class TextStream {
    /** Tokens held back at most: a UTF-8 character has at most 4 bytes, so 4 tokens complete it or never will. */
    private static final int MAX_PENDING = 4;
    private static final char REPLACEMENT = '\uFFFD';

    private final Llama3Tokenizer tokenizer;
    private int[] pending = new int[MAX_PENDING];
    private int count;

    /** A stream decoding with {@code tokenizer}. */
    public TextStream(Llama3Tokenizer tokenizer) {
        if (tokenizer == null) {
            throw new IllegalArgumentException("tokenizer is null");
        }
        this.tokenizer = tokenizer;
    }

    /** The text that {@code id} completes: empty while a character is still incomplete. */
    public String next(int id) {
        pending[count++] = id;
        String text = tokenizer.decode(Arrays.copyOf(pending, count));
        if (!text.isEmpty() && text.charAt(text.length() - 1) == REPLACEMENT && count < MAX_PENDING) {
            return "";
        }
        count = 0;
        return text;
    }

    /** The text of any ids still held back (as the tokenizer decodes them), and a fresh start. */
    public String flush() {
        String text = count == 0 ? "" : tokenizer.decode(Arrays.copyOf(pending, count));
        count = 0;
        return text;
    }
}
