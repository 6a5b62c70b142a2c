package dev.rotor.tokenizer;

import java.util.HashMap;
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
record TokenizerSpec(String[] tokens, int[] tokenTypes, Map<String, Integer> vocab, MergeTable merges,
        boolean ignoreMerges, Map<String, Integer> added, int bosId, int eosId, boolean addBos, String chatTemplate) {
    /** More ids than this is not a tokenizer but a mistake (Llama 3 has 128,256). */
    static final int MAX_IDS = 1 << 22;
    /** More merges than this is not a tokenizer but a mistake (Llama 3 has 280,147). */
    static final int MAX_MERGES = 1 << 23;

    static TokenizerSpec fromGguf(String model, String pre, List<String> tokens, int[] tokenTypes,
            List<String> merges, int bosId, int eosId, boolean addBos, String chatTemplate) {
        if (!"gpt2".equals(model)) {
            throw new TokenizerFormatException("tokenizer.ggml.model is " + quoted(model)
                    + (model != null && model.equals("llama") ? " (SentencePiece)" : "")
                    + "; only byte-level BPE ('gpt2') with the Llama 3 pre-tokenizer is supported");
        }
        if (!"llama-bpe".equals(pre)) {
            throw new TokenizerFormatException("tokenizer.ggml.pre is " + quoted(pre)
                    + "; only the Llama 3 pre-tokenizer ('llama-bpe') is supported");
        }
        checkCount("tokenizer.ggml.tokens", tokens.size(), MAX_IDS);
        checkCount("tokenizer.ggml.merges", merges.size(), MAX_MERGES);
        if (tokenTypes.length != tokens.size()) {
            throw new TokenizerFormatException("tokenizer.ggml.token_type has " + tokenTypes.length
                    + " entries but tokenizer.ggml.tokens has " + tokens.size());
        }
        Map<String, Integer> vocab = new HashMap<>(tokens.size() * 2);
        Map<String, Integer> added = new LinkedHashMap<>();
        for (int id = 0; id < tokens.size(); id++) {
            String t = tokens.get(id);
            // control and user-defined tokens are split out of the text, like HF's added tokens
            boolean special = tokenTypes[id] == Vocabulary.CONTROL || tokenTypes[id] == Vocabulary.USER_DEFINED;
            Integer before = (special ? added : vocab).putIfAbsent(t, id);
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

    private int idOf(String token, String field) {
        Integer id = added.containsKey(token) ? added.get(token) : vocab.get(token);
        if (id == null) {
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
    static MergeTable mergeTable(List<String> merges, Map<String, Integer> vocab, String field) {
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

    static void addMerge(MergeTable table, Map<String, Integer> vocab, String field, int rank, String left,
            String right) {
        table.put(idOf(vocab, field, rank, left), idOf(vocab, field, rank, right), rank,
                idOf(vocab, field, rank, left + right));
    }

    private static int idOf(Map<String, Integer> vocab, String field, int rank, String token) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new TokenizerFormatException(field + "[" + rank + "] names '" + token
                    + "', which is not in the vocabulary");
        }
        return id;
    }
}
