package dev.rotor.synthetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import dev.rotor.tokenizer.Vocabulary;

/**
 * A seeded byte-level BPE vocabulary shaped like Llama 3's, of any size: the 256 byte tokens, merged tokens that are
 * pieces of made-up words (syllables of lowercase letters, half of the words after a space {@code Ġ}), and Llama 3's
 * special tokens at the top ({@code <|begin_of_text|>}, {@code <|end_of_text|>}, {@code <|start_header_id|>},
 * {@code <|end_header_id|>}, {@code <|eot_id|>} and reserved ones: 256 of them from 4,096 ids on, else 16). Pieces
 * are added shortest first, so every split of a piece into two tokens can be a merge; merges are listed until there
 * are as many per merged token as in Llama 3 (280,147 for 127,744). It is a real tokenizer (Hugging Face
 * {@code tokenizers} loads its {@code tokenizer.json}) whose tokens mean nothing: for synthetic models and for
 * benchmarks that need a vocabulary of the real size.
 */
public final class SyntheticTokenizer {
    /** Llama 3's merges per merged token: 280,147 / (128,000 - 256). */
    private static final double MERGES_PER_TOKEN = 280_147.0 / (128_000 - 256);
    private static final int BYTES = 256;
    private static final String CONSONANTS = "bcdfghjklmnprstvwz";
    private static final String VOWELS = "aeiou";
    private static final int MAX_SYLLABLES = 4;
    /** Llama 3's special tokens that have names, at their offsets from the first special id; the rest are reserved. */
    private static final Map<Integer, String> NAMED_SPECIALS = Map.of(0, "<|begin_of_text|>", 1, "<|end_of_text|>",
            6, "<|start_header_id|>", 7, "<|end_header_id|>", 9, "<|eot_id|>");
    /** BitNet b1.58 2B4T's chat template (its tokenizer_config.json). */
    public static final String CHAT_TEMPLATE = "{% set loop_messages = messages %}{% for message in loop_messages %}"
            + "{% set content = message['role'] | capitalize + ': '+ message['content'] | trim + '<|eot_id|>' %}"
            + "{{ content }}{% endfor %}{% if add_generation_prompt %}{{ 'Assistant: ' }}{% endif %}";
    /** The byte-level form of a space. */
    private static final String SPACE = Vocabulary.byteToken(' ');

    private SyntheticTokenizer() {
    }

    /**
     * The vocabulary of {@code size} ids made by {@code seed}: BOS {@code <|begin_of_text|>}, EOS
     * {@code <|end_of_text|>}, a BOS added to prompts, 2B4T's chat template.
     *
     * @throws IllegalArgumentException if {@code size} leaves no room for merged tokens
     */
    public static Vocabulary vocabulary(int size, long seed) {
        int specials = size >= 4096 ? 256 : 16;
        int ordinary = size - specials;
        if (ordinary <= BYTES) {
            throw new IllegalArgumentException("a synthetic vocabulary needs more than " + (specials + BYTES)
                    + " ids, not " + size);
        }
        Builder b = new Builder(new SplittableRandom(seed), size, ordinary);
        while (b.tokens.size() < ordinary) {
            b.word();
        }
        for (int i = 0; i < specials; i++) {
            b.tokens.add(NAMED_SPECIALS.getOrDefault(i, "<|reserved_special_token_" + reservedIndex(i) + "|>"));
            b.types[ordinary + i] = Vocabulary.CONTROL;
        }
        return new Vocabulary(b.tokens, b.types, b.merges, ordinary, ordinary + 1, true, Optional.of(CHAT_TEMPLATE));
    }

    /** Llama 3 numbers its reserved tokens in order, skipping the named ones. */
    private static int reservedIndex(int offset) {
        return offset - (int) NAMED_SPECIALS.keySet().stream().filter(k -> k < offset).count();
    }

    /** The state of one generation. */
    private static final class Builder {
        final SplittableRandom random;
        final List<String> tokens = new ArrayList<>();
        final int[] types;
        final Set<String> known = new HashSet<>();
        final List<String> merges = new ArrayList<>();
        final int ordinary;

        Builder(SplittableRandom random, int size, int ordinary) {
            this.random = random;
            this.types = new int[size];
            Arrays.fill(types, Vocabulary.NORMAL);
            this.ordinary = ordinary;
            for (int b = 0; b < BYTES; b++) {
                tokens.add(Vocabulary.byteToken(b));
                known.add(Vocabulary.byteToken(b));
            }
        }

        /** Makes up a word and adds its pieces that are not tokens yet, shortest first. */
        void word() {
            StringBuilder w = new StringBuilder(random.nextBoolean() ? SPACE : "");
            for (int n = 1 + random.nextInt(MAX_SYLLABLES); n > 0; n--) {
                w.append(pick(CONSONANTS)).append(pick(VOWELS));
                if (random.nextInt(3) == 0) {
                    w.append(pick(CONSONANTS));
                }
            }
            for (int length = 2; length <= w.length(); length++) {
                for (int from = 0; from + length <= w.length(); from++) {
                    if (tokens.size() == ordinary) {
                        return;
                    }
                    String piece = w.substring(from, from + length);
                    if (known.add(piece)) {
                        add(piece);
                    }
                }
            }
        }

        private char pick(String letters) {
            return letters.charAt(random.nextInt(letters.length()));
        }

        /**
         * Adds a token (all its shorter pieces are tokens already) with a merge at a random split, then merges at
         * its other splits while the list is short of Llama 3's merges per merged token.
         */
        private void add(String token) {
            tokens.add(token);
            int first = 1 + random.nextInt(token.length() - 1);
            merges.add(token.substring(0, first) + " " + token.substring(first));
            long want = Math.round((tokens.size() - BYTES) * MERGES_PER_TOKEN);
            for (int split = 1; split < token.length() && merges.size() < want; split++) {
                if (split != first) {
                    merges.add(token.substring(0, split) + " " + token.substring(split));
                }
            }
        }
    }
}
