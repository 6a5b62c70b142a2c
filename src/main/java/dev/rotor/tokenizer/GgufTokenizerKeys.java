package dev.rotor.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.rotor.gguf.GgufValue;
import dev.rotor.gguf.GgufValueType;

/**
 * GGUF's tokenizer keys ({@code tokenizer.ggml.*}, {@code tokenizer.chat_template}), read from a GGUF file's
 * metadata or from a rotor file that carries them as text ({@code gguf.KEY}, arrays as JSON arrays).
 */
final class GgufTokenizerKeys {
    static final String MODEL = "tokenizer.ggml.model";
    static final String PRE = "tokenizer.ggml.pre";
    static final String TOKENS = "tokenizer.ggml.tokens";
    static final String TOKEN_TYPE = "tokenizer.ggml.token_type";
    static final String MERGES = "tokenizer.ggml.merges";
    static final String BOS_ID = "tokenizer.ggml.bos_token_id";
    static final String EOS_ID = "tokenizer.ggml.eos_token_id";
    static final String ADD_BOS = "tokenizer.ggml.add_bos_token";
    static final String CHAT_TEMPLATE = "tokenizer.chat_template";
    /** {@link #MODEL} of byte-level BPE, the only tokenizer model supported. */
    static final String BYTE_LEVEL_BPE = "gpt2";
    /** {@link #PRE} of the Llama 3 pre-tokenizer, the only one supported. */
    static final String LLAMA3_PRE = "llama-bpe";
    /** llama.cpp adds a BOS for the Llama 3 pre-tokenizer unless the file says otherwise. */
    private static final boolean DEFAULT_ADD_BOS = true;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GgufTokenizerKeys() {
    }

    /** {@code v} as these keys, as llama.cpp's converter writes them for a Llama 3 tokenizer. */
    static Map<String, GgufValue> of(Vocabulary v) {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put(MODEL, new GgufValue.Str(BYTE_LEVEL_BPE));
        m.put(PRE, new GgufValue.Str(LLAMA3_PRE));
        m.put(TOKENS, strings(v.tokens()));
        m.put(TOKEN_TYPE, new GgufValue.Array(GgufValueType.INT32,
                Arrays.stream(v.tokenTypes()).mapToObj(t -> (GgufValue) new GgufValue.Int32(t)).toList()));
        m.put(MERGES, strings(v.merges()));
        if (v.bosId() >= 0) {
            m.put(BOS_ID, new GgufValue.UInt32(v.bosId()));
        }
        if (v.eosId() >= 0) {
            m.put(EOS_ID, new GgufValue.UInt32(v.eosId()));
        }
        m.put(ADD_BOS, new GgufValue.Bool(v.addBos()));
        v.chatTemplate().ifPresent(t -> m.put(CHAT_TEMPLATE, new GgufValue.Str(t)));
        return m;
    }

    private static GgufValue strings(List<String> values) {
        return new GgufValue.Array(GgufValueType.STRING,
                values.stream().map(s -> (GgufValue) new GgufValue.Str(s)).toList());
    }

    /** One way of reading the keys: typed GGUF values or rotor text. */
    private interface Keys {
        boolean has(String key);

        String string(String key);

        long integer(String key);

        boolean bool(String key);

        List<String> strings(String key);

        int[] ints(String key);
    }

    /** The tokenizer of a GGUF file's metadata. */
    static TokenizerSpec fromGguf(Map<String, GgufValue> metadata) {
        return spec(new GgufValues(metadata));
    }

    /** The tokenizer of metadata carried as {@code prefix + KEY} text, as rotor files carry GGUF keys. */
    static TokenizerSpec fromText(Map<String, String> metadata, String prefix) {
        return spec(new TextValues(metadata, prefix));
    }

    private static TokenizerSpec spec(Keys keys) {
        List<String> tokens = keys.strings(TOKENS);
        int[] types = keys.has(TOKEN_TYPE) ? keys.ints(TOKEN_TYPE) : filled(tokens.size(), Vocabulary.NORMAL);
        return TokenizerSpec.fromGguf(keys.has(MODEL) ? keys.string(MODEL) : null,
                keys.has(PRE) ? keys.string(PRE) : null, tokens, types, keys.strings(MERGES), id(keys, BOS_ID),
                id(keys, EOS_ID), keys.has(ADD_BOS) ? keys.bool(ADD_BOS) : DEFAULT_ADD_BOS,
                keys.has(CHAT_TEMPLATE) ? keys.string(CHAT_TEMPLATE) : null);
    }

    private static int id(Keys keys, String key) {
        if (!keys.has(key)) {
            return -1;
        }
        long id = keys.integer(key);
        if (id < 0 || id > Integer.MAX_VALUE) {
            throw new TokenizerFormatException(key + " is " + id + ", not a token id");
        }
        return (int) id;
    }

    private static int[] filled(int n, int value) {
        int[] out = new int[n];
        Arrays.fill(out, value);
        return out;
    }

    private static TokenizerFormatException wrongType(String key, String expected, Object found) {
        return new TokenizerFormatException(key + " is " + found + ", not " + expected);
    }

    /** Typed values of a GGUF file. */
    private record GgufValues(Map<String, GgufValue> metadata) implements Keys {
        @Override
        public boolean has(String key) {
            return metadata.containsKey(key);
        }

        private GgufValue get(String key) {
            GgufValue value = metadata.get(key);
            if (value == null) {
                throw new TokenizerFormatException(key + " is missing");
            }
            return value;
        }

        @Override
        public String string(String key) {
            return get(key) instanceof GgufValue.Str(String s) ? s : failWith(key, "a string");
        }

        @Override
        public long integer(String key) {
            return integer(key, get(key));
        }

        private static long integer(String key, GgufValue value) {
            return switch (value) {
                case GgufValue.UInt8 v -> v.value();
                case GgufValue.Int8 v -> v.value();
                case GgufValue.UInt16 v -> v.value();
                case GgufValue.Int16 v -> v.value();
                case GgufValue.UInt32 v -> v.value();
                case GgufValue.Int32 v -> v.value();
                case GgufValue.UInt64 v -> v.value();
                case GgufValue.Int64 v -> v.value();
                default -> throw wrongType(key, "an integer", value.type());
            };
        }

        @Override
        public boolean bool(String key) {
            return get(key) instanceof GgufValue.Bool(boolean b) ? b : failWith(key, "a bool");
        }

        private List<GgufValue> array(String key) {
            return get(key) instanceof GgufValue.Array array ? array.elements() : failWith(key, "an array");
        }

        @Override
        public List<String> strings(String key) {
            List<GgufValue> elements = array(key);
            List<String> out = new ArrayList<>(elements.size());
            for (GgufValue e : elements) {
                out.add(e instanceof GgufValue.Str(String s) ? s : failWith(key, "an array of strings"));
            }
            return out;
        }

        @Override
        public int[] ints(String key) {
            List<GgufValue> elements = array(key);
            int[] out = new int[elements.size()];
            for (int i = 0; i < out.length; i++) {
                long value = integer(key, elements.get(i));
                if (value != (int) value) {
                    throw wrongType(key, "an array of 32-bit integers", "an array holding " + value);
                }
                out[i] = (int) value;
            }
            return out;
        }

        private <T> T failWith(String key, String expected) {
            throw wrongType(key, expected, get(key).type());
        }
    }

    /** Values carried as text: scalars as they print, arrays as JSON arrays. */
    private record TextValues(Map<String, String> metadata, String prefix) implements Keys {
        @Override
        public boolean has(String key) {
            return metadata.containsKey(prefix + key);
        }

        @Override
        public String string(String key) {
            String value = metadata.get(prefix + key);
            if (value == null) {
                throw new TokenizerFormatException(prefix + key + " is missing");
            }
            return value;
        }

        @Override
        public long integer(String key) {
            try {
                return Long.parseLong(string(key));
            } catch (NumberFormatException e) {
                throw wrongType(prefix + key, "an integer", "'" + string(key) + "'");
            }
        }

        @Override
        public boolean bool(String key) {
            String value = string(key);
            if (!value.equals("true") && !value.equals("false")) {
                throw wrongType(prefix + key, "a bool", "'" + value + "'");
            }
            return value.equals("true");
        }

        private JsonNode array(String key) {
            JsonNode node;
            try {
                node = MAPPER.readTree(string(key));
            } catch (JsonProcessingException e) {
                throw wrongType(prefix + key, "a JSON array", "not JSON (" + e.getOriginalMessage() + ")");
            }
            if (node == null || !node.isArray()) {
                throw wrongType(prefix + key, "a JSON array", node == null ? "empty" : node.getNodeType());
            }
            return node;
        }

        @Override
        public List<String> strings(String key) {
            JsonNode node = array(key);
            List<String> out = new ArrayList<>(node.size());
            for (JsonNode e : node) {
                if (!e.isTextual()) {
                    throw wrongType(prefix + key, "an array of strings", "an array holding " + e.getNodeType());
                }
                out.add(e.asText());
            }
            return out;
        }

        @Override
        public int[] ints(String key) {
            JsonNode node = array(key);
            int[] out = new int[node.size()];
            for (int i = 0; i < out.length; i++) {
                JsonNode e = node.get(i);
                if (!e.isIntegralNumber() || !e.canConvertToInt()) {
                    throw wrongType(prefix + key, "an array of integers", "an array holding " + e);
                }
                out[i] = e.asInt();
            }
            return out;
        }
    }
}
