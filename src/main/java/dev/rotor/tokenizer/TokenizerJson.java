package dev.rotor.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads HF's tokenizer.json for Llama 3 and refuses, in one sentence, any other kind of tokenizer. */
final class TokenizerJson {
    /** Llama 3's is 9 MB; anything this large is not a tokenizer.json. */
    static final long MAX_BYTES = 64L << 20;
    static final String FILE_NAME = "tokenizer.json";
    /** Llama 3's begin-of-text and end-of-text tokens: the BOS and EOS unless a tokenizer_config.json says otherwise. */
    static final String BOS = "<|begin_of_text|>";
    static final String EOS = "<|end_of_text|>";
    static final String LLAMA3_SPLIT = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}|"
            + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    /** Field names are not canonicalized: a vocabulary's 128,256 tokens would only fill Jackson's symbol table. */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build());

    private TokenizerJson() { }

    /** The bytes of a tokenizer.json (or tokenizer_config.json) file, refused if it is absurdly large. */
    static byte[] readBytes(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new TokenizerFormatException(file + " is " + size + " bytes, more than the " + MAX_BYTES
                    + " a tokenizer file may have");
        }
        return Files.readAllBytes(file);
    }

    /** The text of a tokenizer file, refused if it is absurdly large. */
    static String readText(Path file) throws IOException {
        return new String(readBytes(file), StandardCharsets.UTF_8);
    }

    static TokenizerSpec parse(String json, String where) {
        checkLength(json, where);
        return parse(() -> MAPPER.createParser(json), where);
    }

    /** Parses a tokenizer.json file's UTF-8 bytes (without making them a string first). */
    static TokenizerSpec parse(byte[] utf8, String where) {
        return parse(() -> MAPPER.createParser(utf8), where);
    }

    private interface ParserSource {
        JsonParser open() throws IOException;
    }

    private static TokenizerSpec parse(ParserSource source, String where) {
        try (JsonParser parser = source.open()) {
            return new Reader(parser).read().spec();
        } catch (JsonProcessingException e) {
            throw new TokenizerFormatException(where + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (TokenizerFormatException e) {
            throw new TokenizerFormatException(where + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON text from memory failed", e);
        }
    }

    private static void checkLength(String json, String where) {
        if (json.length() > MAX_BYTES) {
            throw new TokenizerFormatException(where + " has " + json.length() + " chars, more than the "
                    + MAX_BYTES + " a tokenizer file may have");
        }
    }

    /** The JSON object in {@code json}, refused if it is absurdly large, not JSON or not an object. */
    static JsonNode readTree(String json, String where) {
        checkLength(json, where);
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new TokenizerFormatException(where + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new TokenizerFormatException(where + " is not a JSON object");
        }
        return root;
    }

    /**
     * One pass over a tokenizer.json: the vocabulary and the merges (all but a few kilobytes of it) are streamed
     * into arrays, everything else is read as a tree.
     */
    private static final class Reader {
        private final JsonParser p;
        /** Root fields other than {@code model}, and {@code model}'s fields other than the two streamed ones. */
        private final ObjectNode root = MAPPER.createObjectNode();
        private final ObjectNode model = MAPPER.createObjectNode();
        private boolean hasModel;
        private final List<String> vocabTokens = new ArrayList<>();
        private int[] vocabIds = new int[1024];
        /** Built when the vocabulary has been read. */
        private TokenIds vocab;
        private String[] vocabById;
        /** Merges by rank, resolved while streaming: left id, right id and merged id, three ints each. */
        private int[] resolved = new int[3 * 1024];
        private int mergeCount;
        /** Merges as strings, kept only when they come before the vocabulary ("left right", or left then right). */
        private final List<String> early = new ArrayList<>();
        private boolean pairs;
        private boolean hasMerges;

        Reader(JsonParser p) {
            this.p = p;
        }

        Reader read() throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new TokenizerFormatException("is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() == JsonToken.START_OBJECT && name.equals("model")) {
                    hasModel = true;
                    model();
                } else {
                    root.set(name, p.readValueAsTree());
                }
            }
            return this;
        }

        private void model() throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("vocab") && value == JsonToken.START_OBJECT) {
                    vocab();
                } else if (name.equals("merges") && value == JsonToken.START_ARRAY) {
                    merges();
                } else {
                    model.set(name, p.readValueAsTree());
                }
            }
        }

        private void vocab() throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String token = p.currentName();
                JsonToken value = p.nextToken();
                String field = "model.vocab['" + token + "']";
                if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                    p.skipChildren();
                    throw new TokenizerFormatException(field + " is not an integer id");
                }
                int n = vocabTokens.size();
                TokenizerSpec.checkCount("model.vocab", n + 1L, TokenizerSpec.MAX_IDS);
                if (n == vocabIds.length) {
                    vocabIds = Arrays.copyOf(vocabIds, 2 * n);
                }
                vocabIds[n] = checkedId(p.getIntValue(), field);
                vocabTokens.add(token);
            }
            buildVocab();
        }

        /** The vocabulary table, refusing an id used twice or a token listed twice. */
        private void buildVocab() {
            int limit = 0;
            for (int i = 0; i < vocabTokens.size(); i++) {
                limit = Math.max(limit, vocabIds[i] + 1);
            }
            vocab = new TokenIds(vocabTokens.size(), limit);
            vocabById = new String[limit];
            for (int i = 0; i < vocabTokens.size(); i++) {
                String token = vocabTokens.get(i);
                int id = vocabIds[i];
                if (vocabById[id] != null) {
                    throw new TokenizerFormatException("model.vocab: id " + id + " is used by both '"
                            + vocabById[id] + "' and '" + token + "'");
                }
                if (vocab.put(token, id) >= 0) {
                    throw new TokenizerFormatException("model.vocab has '" + token + "' twice");
                }
                vocabById[id] = token;
            }
        }

        /**
         * Streams the merges, each {@code "left right"} or {@code ["left", "right"]}, resolving them against the
         * vocabulary straight from the parser's buffer (no strings made), or keeping them as strings if the
         * vocabulary comes later in the file.
         */
        private void merges() throws IOException {
            hasMerges = true;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                int rank = mergeCount;
                TokenizerSpec.checkCount("model.merges", rank + 1L, TokenizerSpec.MAX_MERGES);
                if (rank == 0 && t == JsonToken.START_ARRAY) {
                    pairs = true;
                }
                if (!pairs && t == JsonToken.VALUE_STRING) {
                    stringMerge(rank);
                } else if (pairs && t == JsonToken.START_ARRAY) {
                    pairMerge(rank);
                } else {
                    throw pairs ? notAPair(rank) : new TokenizerFormatException("model.merges[" + rank + "] is not"
                            + " a \"left right\" string like the merges before it");
                }
                mergeCount++;
            }
        }

        private void stringMerge(int rank) throws IOException {
            if (vocab == null) {
                early.add(p.getText());
                return;
            }
            char[] chars = p.getTextCharacters();
            int from = p.getTextOffset();
            int length = p.getTextLength();
            int space = -1;
            for (int i = from; i < from + length; i++) {
                if (chars[i] == ' ') {
                    if (space >= 0) {
                        space = -1;
                        break;
                    }
                    space = i;
                }
            }
            if (space <= from || space == from + length - 1) {
                throw new TokenizerFormatException("model.merges[" + rank + "] is '" + p.getText()
                        + "', not two tokens separated by one space");
            }
            int left = vocab.get(chars, from, space - from);
            int right = vocab.get(chars, space + 1, from + length - space - 1);
            if (left < 0 || right < 0) {
                throw unknown(rank, left < 0 ? new String(chars, from, space - from)
                        : new String(chars, space + 1, from + length - space - 1));
            }
            resolve(rank, left, right);
        }

        private void pairMerge(int rank) throws IOException {
            int[] sides = new int[2];
            for (int side = 0; side < 2; side++) {
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw notAPair(rank);
                }
                if (vocab == null) {
                    early.add(p.getText());
                } else {
                    sides[side] = vocab.get(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    if (sides[side] < 0) {
                        throw unknown(rank, p.getText());
                    }
                }
            }
            if (p.nextToken() != JsonToken.END_ARRAY) {
                throw notAPair(rank);
            }
            if (vocab != null) {
                resolve(rank, sides[0], sides[1]);
            }
        }

        private static TokenizerFormatException unknown(int rank, String token) {
            return new TokenizerFormatException("model.merges[" + rank + "] names '" + token
                    + "', which is not in the vocabulary");
        }

        /** Records merge {@code rank} of two known tokens, refusing it if their concatenation is not a token. */
        private void resolve(int rank, int left, int right) {
            int merged = vocab.concat(left, right);
            if (merged < 0) {
                throw new TokenizerFormatException("model.merges[" + rank + "] makes '" + vocabById[left]
                        + vocabById[right] + "', which is not in the vocabulary");
            }
            if (3 * rank + 3 > resolved.length) {
                resolved = Arrays.copyOf(resolved, 2 * resolved.length);
            }
            resolved[3 * rank] = left;
            resolved[3 * rank + 1] = right;
            resolved[3 * rank + 2] = merged;
        }

        /** The merges as a table: resolved while streaming, or now from the strings kept. */
        private MergeTable mergeTable() {
            if (early.isEmpty()) {
                MergeTable table = new MergeTable(mergeCount);
                for (int rank = 0; rank < mergeCount; rank++) {
                    table.put(resolved[3 * rank], resolved[3 * rank + 1], rank, resolved[3 * rank + 2]);
                }
                return table;
            }
            if (!pairs) {
                return TokenizerSpec.mergeTable(early, vocab, "model.merges");
            }
            MergeTable table = new MergeTable(mergeCount);
            for (int rank = 0; rank < mergeCount; rank++) {
                TokenizerSpec.addMerge(table, vocab, "model.merges", rank, early.get(2 * rank),
                        early.get(2 * rank + 1));
            }
            return table;
        }

        private static TokenizerFormatException notAPair(int rank) {
            return new TokenizerFormatException("model.merges[" + rank + "] is not a pair of token strings");
        }

        TokenizerSpec spec() {
            if (!hasModel) {
                throw new TokenizerFormatException("model is missing or not an object");
            }
            String type = model.path("type").asText("");
            if (!type.equals("BPE")) {
                throw new TokenizerFormatException("model.type is '" + type + "'"
                        + (type.equals("Unigram") ? " (SentencePiece)" : "")
                        + "; only byte-level BPE with the Llama 3 pre-tokenizer is supported");
            }
            checkPipeline(root);
            if (model.path("byte_fallback").asBoolean(false)) {
                throw new TokenizerFormatException("model.byte_fallback is true (a SentencePiece-style BPE);"
                        + " only byte-level BPE is supported");
            }
            if (vocab == null) {
                throw new TokenizerFormatException("model.vocab is missing or not an object");
            }
            if (!hasMerges) {
                throw new TokenizerFormatException("model.merges is missing or not an array");
            }
            Added added = added(root.path("added_tokens"));
            int limit = Math.max(added.maxId + 1, vocabById.length);
            String[] tokens = Arrays.copyOf(vocabById, limit);
            int[] types = new int[limit];
            for (int id = 0; id < limit; id++) {
                types[id] = tokens[id] != null ? Vocabulary.NORMAL : Vocabulary.UNUSED;
            }
            added.ids.forEach((content, id) -> {
                if (tokens[id] != null && !tokens[id].equals(content)) {
                    throw new TokenizerFormatException("added token '" + content + "': id " + id + " is both '"
                            + tokens[id] + "' and '" + content + "'");
                }
                tokens[id] = content;
                types[id] = added.types.get(id);
            });
            return new TokenizerSpec(tokens, types, vocab, mergeTable(), model.path("ignore_merges").asBoolean(false),
                    added.ids, added.ids.getOrDefault(BOS, -1), added.ids.getOrDefault(EOS, -1),
                    templateStartsWith(root.path("post_processor"), BOS), null);
        }
    }

    /** The added tokens: content to id, id to {@link Vocabulary} type, and the largest id. */
    private record Added(Map<String, Integer> ids, Map<Integer, Integer> types, int maxId) {
    }

    private static Added added(JsonNode addedNode) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        Map<Integer, Integer> types = new HashMap<>();
        Map<Integer, String> contents = new HashMap<>();
        TokenizerSpec.checkCount("added_tokens", addedNode.size(), TokenizerSpec.MAX_IDS);
        int maxId = -1;
        for (int i = 0; i < addedNode.size(); i++) {
            JsonNode a = addedNode.get(i);
            String field = "added_tokens[" + i + "]";
            String content = a.path("content").asText("");
            if (content.isEmpty()) {
                throw new TokenizerFormatException(field + ".content is missing or empty");
            }
            for (String flag : List.of("lstrip", "rstrip", "single_word")) {
                if (a.path(flag).asBoolean(false)) {
                    throw new TokenizerFormatException(field + " ('" + content + "') has " + flag
                            + " set, which Llama 3's tokenizer does not use and this one does not support");
                }
            }
            int id = id(a.get("id"), field + ".id");
            String other = contents.put(id, content);
            if (other != null && !other.equals(content)) {
                throw new TokenizerFormatException(field + ": id " + id + " is both '" + other + "' and '"
                        + content + "'");
            }
            types.put(id, a.path("special").asBoolean(false) ? Vocabulary.CONTROL : Vocabulary.USER_DEFINED);
            ids.put(content, id);
            maxId = Math.max(maxId, id);
        }
        return new Added(ids, types, maxId);
    }

    /**
     * Whether the post-processor's template for a single sequence starts with {@code token} (so a prompt gets it
     * first), as llama.cpp's converter reads {@code add_bos_token} from it.
     */
    private static boolean templateStartsWith(JsonNode processor, String token) {
        Iterable<JsonNode> steps = processor.has("processors") ? processor.get("processors") : List.of(processor);
        for (JsonNode step : steps) {
            JsonNode single = step.path("single");
            if (step.path("type").asText().equals("TemplateProcessing") && single.size() > 1) {
                return token.equals(single.get(0).path("SpecialToken").path("id").asText(null));
            }
        }
        return false;
    }

    /** Refuses any normalizer, pre-tokenizer or decoder but Llama 3's. */
    private static void checkPipeline(JsonNode root) {
        JsonNode normalizer = root.path("normalizer");
        if (!normalizer.isMissingNode() && !normalizer.isNull()) {
            throw new TokenizerFormatException("normalizer is " + normalizer.path("type").asText("set")
                    + "; Llama 3's tokenizer has none");
        }
        JsonNode pre = root.path("pre_tokenizer");
        JsonNode steps = pre.path("pretokenizers");
        boolean llama3 = pre.path("type").asText().equals("Sequence") && steps.size() == 2
                && steps.get(0).path("type").asText().equals("Split")
                && LLAMA3_SPLIT.equals(steps.get(0).path("pattern").path("Regex").asText())
                && steps.get(0).path("behavior").asText().equals("Isolated")
                && !steps.get(0).path("invert").asBoolean(false)
                && steps.get(1).path("type").asText().equals("ByteLevel")
                && !steps.get(1).path("add_prefix_space").asBoolean(false)
                && !steps.get(1).path("use_regex").asBoolean(true);
        if (!llama3) {
            throw new TokenizerFormatException("pre_tokenizer is " + describe(pre)
                    + ", not Llama 3's (Split on its regex, Isolated, then ByteLevel without regex)");
        }
        String decoder = root.path("decoder").path("type").asText("none");
        if (!decoder.equals("ByteLevel")) {
            throw new TokenizerFormatException("decoder is " + decoder + ", not ByteLevel");
        }
    }

    private static String describe(JsonNode pre) {
        if (pre.isMissingNode() || pre.isNull()) {
            return "missing";
        }
        StringBuilder s = new StringBuilder(pre.path("type").asText("?"));
        if (pre.has("pretokenizers")) {
            List<String> types = new ArrayList<>();
            pre.get("pretokenizers").forEach(p -> types.add(p.path("type").asText("?")));
            s.append(" of ").append(String.join(", ", types));
        }
        return s.toString();
    }

    private static int id(JsonNode node, String field) {
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new TokenizerFormatException(field + " is not an integer id");
        }
        return checkedId(node.asInt(), field);
    }

    private static int checkedId(int id, String field) {
        if (id < 0 || id >= TokenizerSpec.MAX_IDS) {
            throw new TokenizerFormatException(field + " is " + id + ", outside 0 to " + (TokenizerSpec.MAX_IDS - 1));
        }
        return id;
    }
}
