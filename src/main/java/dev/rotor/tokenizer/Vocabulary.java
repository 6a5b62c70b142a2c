package dev.rotor.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.rotor.gguf.GgufValue;

/**
 * A tokenizer's vocabulary as GGUF's {@code tokenizer.ggml.*} keys hold it (and as llama.cpp's converter writes it
 * from a {@code tokenizer.json}): every id's token string, its type, the merges by rank, the special ids, whether
 * a BOS is added, and the chat template. See {@link Llama3Tokenizer#vocabulary()}.
 *
 * @param tokens       {@code tokenizer.ggml.tokens}: the token string of each id, byte-level form for ordinary
 *                     tokens (a space is {@code Ġ}), special tokens as their text; ids a {@code tokenizer.json}
 *                     leaves unassigned are {@code [PADn]} of type {@link #UNUSED}
 * @param tokenTypes   {@code tokenizer.ggml.token_type}: {@link #NORMAL}, {@link #CONTROL} (special added tokens),
 *                     {@link #USER_DEFINED} (other added tokens) or {@link #UNUSED}, by id
 * @param merges       {@code tokenizer.ggml.merges}: {@code "left right"} by rank
 * @param bosId        {@code tokenizer.ggml.bos_token_id}, or -1
 * @param eosId        {@code tokenizer.ggml.eos_token_id}, or -1
 * @param addBos       {@code tokenizer.ggml.add_bos_token}: whether encoding a prompt puts the BOS first
 * @param chatTemplate {@code tokenizer.chat_template}, the Jinja chat template, if the model has one
 */
public record Vocabulary(List<String> tokens, int[] tokenTypes, List<String> merges, int bosId, int eosId,
                         boolean addBos, Optional<String> chatTemplate) {
    /** llama.cpp's token type of an ordinary token. */
    public static final int NORMAL = 1;
    /** llama.cpp's token type of a special (control) token, e.g. {@code <|eot_id|>}. */
    public static final int CONTROL = 3;
    /** llama.cpp's token type of an added token that is not special. */
    public static final int USER_DEFINED = 4;
    /** llama.cpp's token type of an id without a token. */
    public static final int UNUSED = 5;

    /** Checks that there is one type per token; copies the lists. */
    public Vocabulary {
        if (tokens.size() != tokenTypes.length) {
            throw new IllegalArgumentException(tokens.size() + " tokens but " + tokenTypes.length + " token types");
        }
        tokens = List.copyOf(tokens);
        tokenTypes = tokenTypes.clone();
        merges = List.copyOf(merges);
    }

    /**
     * The token of one byte in byte-level BPE (GPT-2's byte-to-unicode map): printable Latin-1 bytes stand for
     * themselves, the others for code points from U+0100 on ({@code Ġ} for a space).
     */
    public static String byteToken(int b) {
        return String.valueOf(ByteLevel.charOf(b));
    }

    /** llama.cpp's name for an id without a token: {@code [PADn]}. */
    static String padding(int id) {
        return "[PAD" + id + "]";
    }

    /**
     * This vocabulary with {@code [PADn]} tokens of type {@link #UNUSED} up to {@code size} ids, as llama.cpp's
     * converter pads it to the model's {@code vocab_size} (the embedding's rows).
     *
     * @throws IllegalArgumentException if it already has more than {@code size} ids
     */
    public Vocabulary paddedTo(int size) {
        if (size < tokens.size()) {
            throw new IllegalArgumentException("the vocabulary has " + tokens.size() + " ids, more than " + size);
        }
        List<String> padded = new ArrayList<>(tokens);
        int[] types = Arrays.copyOf(tokenTypes, size);
        for (int id = tokens.size(); id < size; id++) {
            padded.add(padding(id));
            types[id] = UNUSED;
        }
        return new Vocabulary(padded, types, merges, bosId, eosId, addBos, chatTemplate);
    }

    /**
     * This vocabulary as a Llama 3 {@code tokenizer.json} that Hugging Face {@code tokenizers} (and
     * {@link Llama3Tokenizer#fromJson}) loads: byte-level BPE with {@code ignore_merges}, Llama 3's pre-tokenizer
     * and decoder, control and user-defined tokens as added tokens (special or not), and a post-processor that puts
     * the BOS first if {@link #addBos}. Unused ids are left out.
     */
    public String tokenizerJson() {
        return TokenizerJsonWriter.write(this);
    }

    /**
     * This vocabulary as GGUF's {@code tokenizer.ggml.*} keys and {@code tokenizer.chat_template}, as llama.cpp's
     * converter writes them for a Llama 3 tokenizer (model {@code gpt2}, pre-tokenizer {@code llama-bpe}).
     */
    public Map<String, GgufValue> ggufKeys() {
        return GgufTokenizerKeys.of(this);
    }

    /** A copy of the token types. */
    @Override
    public int[] tokenTypes() {
        return tokenTypes.clone();
    }
}
