package dev.rotor.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.rotor.gguf.GgufValue;

/**
 * The Llama 3 tokenizer: byte-level BPE with Llama 3's pre-tokenizer, giving the same ids as Hugging Face
 * {@code tokenizers} with Meta's {@code tokenizer.json}. Special (added) tokens in the text become their ids;
 * {@code encode(text, true)} puts the BOS ({@code <|begin_of_text|>}) first, as the post-processor's template does.
 * Instances are immutable and thread-safe.
 *
 * <p>It loads from any of the places a model keeps it ({@link #load}): a {@code tokenizer.json}, a Hugging Face
 * model directory ({@code tokenizer.json} and {@code tokenizer_config.json}), a GGUF file's
 * {@code tokenizer.ggml.*} keys, or a rotor file's metadata ({@link #fromMetadata}). A tokenizer of another kind
 * (SentencePiece, WordPiece, another pre-tokenizer) is refused with a {@link TokenizerFormatException} naming what
 * was found.
 */
public final class Llama3Tokenizer {
    /** HF's BPE cache holds this many pre-tokens; so does this one. */
    private static final int CACHE_CAPACITY = 10_000;

    private final TokenIds vocab;
    /** Byte-level token strings by id (null where no id is assigned). */
    private final String[] tokens;
    /** The bytes each id decodes to. */
    private final byte[][] bytes;
    private final int[] byteIds = new int[256];
    private final MergeTable merges;
    private final boolean ignoreMerges;
    private final SpecialTokens specials;
    private final int bosId;
    private final int eosId;
    private final int[] tokenTypes;
    private final boolean addBos;
    private final String chatTemplate;
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    Llama3Tokenizer(TokenizerSpec spec) {
        this.tokens = spec.tokens();
        this.vocab = spec.vocab();
        this.merges = spec.merges();
        this.ignoreMerges = spec.ignoreMerges();
        this.specials = new SpecialTokens(spec.added());
        this.bosId = spec.bosId();
        this.eosId = spec.eosId();
        this.tokenTypes = spec.tokenTypes();
        this.addBos = spec.addBos();
        this.chatTemplate = spec.chatTemplate();
        this.bytes = new byte[tokens.length][];
        for (int id = 0; id < tokens.length; id++) {
            bytes[id] = tokens[id] == null ? null : ByteLevel.decode(tokens[id]);
        }
        for (int b = 0; b < 256; b++) {
            int id = vocab.get(String.valueOf(ByteLevel.charOf(b)));
            if (id < 0) {
                throw new TokenizerFormatException("model.vocab has no token for byte 0x" + Integer.toHexString(b)
                        + " ('" + ByteLevel.charOf(b) + "'), which byte-level BPE needs");
            }
            byteIds[b] = id;
        }
    }

    /**
     * Loads the tokenizer of {@code path}: a {@code tokenizer.json} file; a Hugging Face model directory (its
     * {@code tokenizer.json}, and its {@code tokenizer_config.json} if there is one: BOS and EOS tokens,
     * {@code add_bos_token}, chat template); a GGUF file ({@code tokenizer.ggml.*} keys with {@code model = gpt2},
     * {@code pre = llama-bpe}); or a rotor file (see {@link #fromMetadata}). Reads at most 64 MB of JSON.
     *
     * @throws TokenizerFormatException naming the file and the field, if it holds no tokenizer or one that is
     *                                  malformed or not Llama 3's kind
     * @throws IOException              if it cannot be read
     */
    public static Llama3Tokenizer load(Path path) throws IOException {
        return new Llama3Tokenizer(TokenizerSources.load(path));
    }

    /** Loads the text of a {@code tokenizer.json}. */
    public static Llama3Tokenizer fromJson(String json) {
        return new Llama3Tokenizer(TokenizerJson.parse(json, "tokenizer.json text"));
    }

    /**
     * Builds the tokenizer a rotor file carries, from its metadata ({@code RotorFile.metadata()}): a Hugging Face
     * model's {@code hf.tokenizer.json} (with {@code hf.tokenizer_config.json} when present), or a GGUF model's
     * {@code gguf.tokenizer.ggml.*} keys (arrays as JSON arrays, as rotor files carry them). Other keys are ignored.
     *
     * @throws TokenizerFormatException naming the key and the field, if the metadata holds no tokenizer or a
     *                                  malformed or unsupported one
     */
    public static Llama3Tokenizer fromMetadata(Map<String, String> metadata) {
        return new Llama3Tokenizer(TokenizerSources.fromMetadata(metadata));
    }

    /**
     * Builds the tokenizer from a GGUF file's metadata ({@code GgufReader.metadata()}): {@code tokenizer.ggml.model}
     * ({@code gpt2}), {@code pre} ({@code llama-bpe}), {@code tokens}, {@code token_type} (all normal if absent),
     * {@code merges}, {@code bos_token_id}, {@code eos_token_id}, {@code add_bos_token} and
     * {@code tokenizer.chat_template}.
     *
     * @throws TokenizerFormatException naming the key, if one is missing, of the wrong type or unsupported
     */
    public static Llama3Tokenizer fromGguf(Map<String, GgufValue> metadata) {
        return new Llama3Tokenizer(GgufTokenizerKeys.fromGguf(metadata));
    }

    /**
     * Builds the tokenizer from the values of GGUF's {@code tokenizer.ggml.*} keys.
     *
     * @param model      {@code tokenizer.ggml.model}: must be {@code gpt2}
     * @param pre        {@code tokenizer.ggml.pre}: must be {@code llama-bpe}
     * @param tokens     {@code tokenizer.ggml.tokens}, byte-level strings by id
     * @param tokenTypes {@code tokenizer.ggml.token_type}: 3 (control) and 4 (user defined) are split out of text
     * @param merges     {@code tokenizer.ggml.merges}, "left right" by rank
     * @param bosId      {@code tokenizer.ggml.bos_token_id}
     * @param eosId      {@code tokenizer.ggml.eos_token_id}
     */
    public static Llama3Tokenizer fromGguf(String model, String pre, List<String> tokens, int[] tokenTypes,
            List<String> merges, int bosId, int eosId) {
        return new Llama3Tokenizer(TokenizerSpec.fromGguf(model, pre, tokens, tokenTypes, merges, bosId, eosId,
                true, null));
    }

    /** The ids of {@code text}, without {@code <|begin_of_text|>}. */
    public int[] encode(String text) {
        return encode(text, false);
    }

    /** The ids of {@code text}, with {@code <|begin_of_text|>} first if {@code addBos}. */
    public int[] encode(String text, boolean addBos) {
        IntList out = new IntList(text.length() / 3 + 4);
        if (addBos) {
            if (bosId < 0) {
                throw new IllegalStateException("this tokenizer has no <|begin_of_text|> token");
            }
            out.add(bosId);
        }
        Encoder encoder = new Encoder(out);
        specials.split(text, encoder::segment, out::add);
        return out.toArray();
    }

    /** The text of {@code ids}, special tokens included; invalid UTF-8 becomes U+FFFD as in HF's decoder. */
    public String decode(int[] ids) {
        int length = 0;
        for (int id : ids) {
            length += bytesOf(id).length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (int id : ids) {
            byte[] b = bytes[id];
            System.arraycopy(b, 0, all, at, b.length);
            at += b.length;
        }
        return Utf8.decodeLossy(all, length);
    }

    private byte[] bytesOf(int id) {
        if (id < 0 || id >= bytes.length || bytes[id] == null) {
            throw new IllegalArgumentException("token id " + id + " is not in the vocabulary (0 to "
                    + (bytes.length - 1) + ")");
        }
        return bytes[id];
    }

    /** The token string of {@code id} (byte-level form for vocabulary tokens, as in tokenizer.json). */
    public String token(int id) {
        bytesOf(id);
        return tokens[id];
    }

    /** The id of a token string (byte-level form, or a special token's text). */
    public Optional<Integer> id(String token) {
        Integer special = specials.id(token);
        int id = special != null ? special : vocab.get(token);
        return id < 0 ? Optional.empty() : Optional.of(id);
    }

    /** The id of the special token named {@code name}, e.g. {@code <|eot_id|>}. */
    public Optional<Integer> specialToken(String name) {
        return Optional.ofNullable(specials.id(name));
    }

    /** The id of the BOS token ({@code <|begin_of_text|>}, or the model's {@code bos_token}), or -1. */
    public int bosId() {
        return bosId;
    }

    /**
     * The id of the EOS token: the model's ({@code tokenizer_config.json}'s {@code eos_token}, GGUF's
     * {@code eos_token_id}), else {@code <|end_of_text|>}; -1 if there is none.
     */
    public int eosId() {
        return eosId;
    }

    /** The model's chat template (Jinja), if it has one. */
    public Optional<String> chatTemplate() {
        return Optional.ofNullable(chatTemplate);
    }

    /**
     * The vocabulary as GGUF's {@code tokenizer.ggml.*} keys hold it: tokens and types by id (unassigned ids as
     * {@code [PADn]}), merges by rank, special ids, whether prompts get a BOS, and the chat template.
     */
    public Vocabulary vocabulary() {
        List<String> all = new ArrayList<>(tokens.length);
        for (int id = 0; id < tokens.length; id++) {
            all.add(tokens[id] != null ? tokens[id] : Vocabulary.padding(id));
        }
        List<String> pairs = new ArrayList<>(merges.size());
        for (int rank = 0; rank < merges.size(); rank++) {
            pairs.add(tokens[merges.left(rank)] + " " + tokens[merges.right(rank)]);
        }
        return new Vocabulary(all, tokenTypes, pairs, bosId, eosId, addBos, chatTemplate());
    }

    /** The number of ids: one more than the largest. */
    public int vocabularySize() {
        return tokens.length;
    }

    /** Encodes the text between special tokens; one per {@link #encode} call. */
    private final class Encoder {
        private final IntList out;
        private final BpeWord word = new BpeWord(merges);
        private byte[] utf8 = new byte[64];
        private int[] symbols = new int[64];

        Encoder(IntList out) {
            this.out = out;
        }

        void segment(String text, int from, int to) {
            String part = from == 0 && to == text.length() ? text : text.substring(from, to);
            Llama3Splitter.split(part, (start, end) -> piece(part.substring(start, end)));
        }

        private void piece(String piece) {
            int[] ids = cache.get(piece);
            if (ids == null) {
                ids = bpe(piece);
                if (cache.size() < CACHE_CAPACITY) {
                    cache.put(piece, ids);
                }
            }
            out.addAll(ids);
        }

        private int[] bpe(String piece) {
            int n = toUtf8(piece);
            if (ignoreMerges) {
                int whole = vocab.get(ByteLevel.encode(utf8, 0, n));
                if (whole >= 0) {
                    return new int[] {whole};
                }
            }
            if (symbols.length < n) {
                symbols = new int[utf8.length];
            }
            for (int i = 0; i < n; i++) {
                symbols[i] = byteIds[utf8[i] & 0xFF];
            }
            return word.merge(symbols, n);
        }

        /** Writes {@code s} as UTF-8 into {@link #utf8}; a lone surrogate becomes U+FFFD. */
        private int toUtf8(String s) {
            if (utf8.length < s.length() * 3) {
                utf8 = new byte[s.length() * 3];
            }
            int n = 0;
            for (int i = 0; i < s.length(); i++) {
                int c = s.charAt(i);
                if (c < 0x80) {
                    utf8[n++] = (byte) c;
                } else if (c < 0x800) {
                    utf8[n++] = (byte) (0xC0 | c >> 6);
                    utf8[n++] = (byte) (0x80 | c & 0x3F);
                } else if (Character.isHighSurrogate((char) c) && i + 1 < s.length()
                        && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint((char) c, s.charAt(++i));
                    utf8[n++] = (byte) (0xF0 | cp >> 18);
                    utf8[n++] = (byte) (0x80 | (cp >> 12) & 0x3F);
                    utf8[n++] = (byte) (0x80 | (cp >> 6) & 0x3F);
                    utf8[n++] = (byte) (0x80 | cp & 0x3F);
                } else {
                    if (Character.isSurrogate((char) c)) {
                        c = 0xFFFD;
                    }
                    utf8[n++] = (byte) (0xE0 | c >> 12);
                    utf8[n++] = (byte) (0x80 | (c >> 6) & 0x3F);
                    utf8[n++] = (byte) (0x80 | c & 0x3F);
                }
            }
            return n;
        }
    }

    /** A growable int array. */
    static final class IntList {
        private int[] a;
        private int n;

        IntList(int capacity) {
            a = new int[Math.max(4, capacity)];
        }

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        void addAll(int[] vs) {
            if (n + vs.length > a.length) {
                a = Arrays.copyOf(a, Math.max(a.length * 2, n + vs.length));
            }
            System.arraycopy(vs, 0, a, n, vs.length);
            n += vs.length;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
