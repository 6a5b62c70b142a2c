package dev.rotor.tokenizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked tokenizer description, from tokenizer.json (and tokenizer_config.json) or GGUF keys.
 *
 * @param tokens       token strings by id (null where no id is assigned)
 * @param tokenTypes   {@link Vocabulary} token types by id
 * @param added        the added (special) tokens, split out of text before pre-tokenizing
 * @param addBos       whether prompts get the BOS by default (the post-processor's template, or the config)
 * @param chatTemplate the chat template, or null
 */
record TokenizerSpec(String[] tokens, int[] tokenTypes, TokenIds vocab, MergeTable merges,
        boolean ignoreMerges, Map<String, Integer> added, int bosId, int eosId, boolean addBos, String chatTemplate) {
    /** More ids than this is not a tokenizer but a mistake (Llama 3 has 128,256). */
    static final int MAX_IDS = 1 << 22;
    /** More merges than this is not a tokenizer but a mistake (Llama 3 has 280,147). */
    static final int MAX_MERGES = 1 << 23;

    static TokenizerSpec fromGguf(String model, String pre, List<String> tokens, int[] tokenTypes,
            List<String> merges, int bosId, int eosId, boolean addBos, String chatTemplate) {
        if (!GgufTokenizerKeys.BYTE_LEVEL_BPE.equals(model)) {
            throw new TokenizerFormatException("tokenizer.ggml.model is " + quoted(model)
                    + (model != null && model.equals("llama") ? " (SentencePiece)" : "")
                    + "; only byte-level BPE ('gpt2') with the Llama 3 pre-tokenizer is supported");
        }
        if (!GgufTokenizerKeys.LLAMA3_PRE.equals(pre)) {
            throw new TokenizerFormatException("tokenizer.ggml.pre is " + quoted(pre)
                    + "; only the Llama 3 pre-tokenizer ('llama-bpe') is supported");
        }
        checkCount("tokenizer.ggml.tokens", tokens.size(), MAX_IDS);
        checkCount("tokenizer.ggml.merges", merges.size(), MAX_MERGES);
        if (tokenTypes.length != tokens.size()) {
            throw new TokenizerFormatException("tokenizer.ggml.token_type has " + tokenTypes.length
                    + " entries but tokenizer.ggml.tokens has " + tokens.size());
        }
        TokenIds vocab = new TokenIds(tokens.size(), tokens.size());
        Map<String, Integer> added = new LinkedHashMap<>();
        for (int id = 0; id < tokens.size(); id++) {
            String t = tokens.get(id);
            // control and user-defined tokens are split out of the text, like HF's added tokens
            boolean special = tokenTypes[id] == Vocabulary.CONTROL || tokenTypes[id] == Vocabulary.USER_DEFINED;
            Integer before = special ? added.putIfAbsent(t, id) : nullIfAbsent(vocab.put(t, id));
            if (before != null) {
                throw new TokenizerFormatException("tokenizer.ggml.tokens: '" + t + "' is both id " + before
                        + " and id " + id);
            }
        }
        return new TokenizerSpec(tokens.toArray(String[]::new), tokenTypes.clone(), vocab,
                mergeTable(merges, vocab, "tokenizer.ggml.merges"), true, added,
                checkId("tokenizer.ggml.bos_token_id", bosId, tokens.size()),
                checkId("tokenizer.ggml.eos_token_id", eosId, tokens.size()), addBos, chatTemplate);
    }

    /** This tokenizer with what a {@code tokenizer_config.json} says: BOS and EOS tokens, add_bos, chat template. */
    TokenizerSpec with(TokenizerConfig config) {
        return new TokenizerSpec(tokens, tokenTypes, vocab, merges, ignoreMerges, added,
                config.bosToken() == null ? bosId : idOf(config.bosToken(), "bos_token"),
                config.eosToken() == null ? eosId : idOf(config.eosToken(), "eos_token"),
                config.addBos() == null ? addBos : config.addBos(),
                config.chatTemplate() == null ? chatTemplate : config.chatTemplate());
    }

    private static Integer nullIfAbsent(int id) {
        return id < 0 ? null : id;
    }

    private int idOf(String token, String field) {
        int id = added.containsKey(token) ? added.get(token) : vocab.get(token);
        if (id < 0) {
            throw new TokenizerFormatException("tokenizer_config.json " + field + " '" + token
                    + "' is not a token of tokenizer.json");
        }
        return id;
    }

    private static String quoted(String value) {
        return value == null ? "missing" : "'" + value + "'";
    }

    static void checkCount(String field, long count, long max) {
        if (count > max) {
            throw new TokenizerFormatException(field + " has " + count + " entries, more than the " + max
                    + " a tokenizer can have");
        }
    }

    private static int checkId(String field, int id, int size) {
        if (id < -1 || id >= size) {
            throw new TokenizerFormatException(field + " is " + id + ", outside the " + size + " tokens");
        }
        return id;
    }

    /** Merges given as "left right" strings, ranked by position. */
    static MergeTable mergeTable(List<String> merges, TokenIds vocab, String field) {
        MergeTable table = new MergeTable(merges.size());
        for (int rank = 0; rank < merges.size(); rank++) {
            String m = merges.get(rank);
            int space = m.indexOf(' ');
            if (space <= 0 || space != m.lastIndexOf(' ') || space == m.length() - 1) {
                throw new TokenizerFormatException(field + "[" + rank + "] is '" + m
                        + "', not two tokens separated by one space");
            }
            addMerge(table, vocab, field, rank, m.substring(0, space), m.substring(space + 1));
        }
        return table;
    }

    static void addMerge(MergeTable table, TokenIds vocab, String field, int rank, String left, String right) {
        int l = idOf(vocab, field, rank, left);
        int r = idOf(vocab, field, rank, right);
        int merged = vocab.concat(l, r);
        if (merged < 0) {
            throw new TokenizerFormatException(field + "[" + rank + "] makes '" + left + right
                    + "', which is not in the vocabulary");
        }
        table.put(l, r, rank, merged);
    }

    private static int idOf(TokenIds vocab, String field, int rank, String token) {
        int id = vocab.get(token);
        if (id < 0) {
            throw new TokenizerFormatException(field + "[" + rank + "] names '" + token
                    + "', which is not in the vocabulary");
        }
        return id;
    }
}
