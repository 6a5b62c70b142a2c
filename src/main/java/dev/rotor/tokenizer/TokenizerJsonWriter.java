package dev.rotor.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link Vocabulary} as a Llama 3 {@code tokenizer.json} (see {@link Vocabulary#tokenizerJson()}): the
 * pipeline {@link TokenizerJson} accepts, which is also what Hugging Face {@code tokenizers} writes for Llama 3.
 */
final class TokenizerJsonWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerJsonWriter() { }

    /** A Llama 3 tokenizer.json holding {@code v}. */
    static String write(Vocabulary v) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0").putNull("truncation").putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        ObjectNode vocab = JSON.createObjectNode();
        int[] types = v.tokenTypes();
        for (int id = 0; id < types.length; id++) {
            String token = v.tokens().get(id);
            switch (types[id]) {
                case Vocabulary.CONTROL, Vocabulary.USER_DEFINED -> added.addObject().put("id", id)
                        .put("content", token).put("single_word", false).put("lstrip", false).put("rstrip", false)
                        .put("normalized", false).put("special", types[id] == Vocabulary.CONTROL);
                case Vocabulary.UNUSED -> { }
                default -> vocab.put(token, id);
            }
        }
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer").put("type", "Sequence");
        ArrayNode steps = pre.putArray("pretokenizers");
        steps.addObject().put("type", "Split").<ObjectNode>set("pattern",
                JSON.createObjectNode().put("Regex", TokenizerJson.LLAMA3_SPLIT)).put("behavior", "Isolated").put("invert", false);
        byteLevel(steps.addObject(), false, true, false);
        postProcessor(root.putObject("post_processor"), v);
        byteLevel(root.putObject("decoder"), true, true, true);
        ObjectNode model = root.putObject("model").put("type", "BPE").putNull("dropout").putNull("unk_token")
                .putNull("continuing_subword_prefix").putNull("end_of_word_suffix").put("fuse_unk", false)
                .put("byte_fallback", false).put("ignore_merges", true);
        model.set("vocab", vocab);
        ArrayNode merges = model.putArray("merges");
        for (String m : v.merges()) {
            int space = m.indexOf(' ');
            merges.addArray().add(m.substring(0, space)).add(m.substring(space + 1));
        }
        return root.toPrettyString();
    }

    private static void byteLevel(ObjectNode node, boolean addPrefixSpace, boolean trimOffsets, boolean useRegex) {
        node.put("type", "ByteLevel").put("add_prefix_space", addPrefixSpace).put("trim_offsets", trimOffsets)
                .put("use_regex", useRegex);
    }

    /** Appends the BOS, then the sequence {@code id}, to a template. */
    private static void bosThen(ArrayNode template, String bos, String id) {
        template.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
        template.addObject().putObject("Sequence").put("id", id).put("type_id", 0);
    }

    /** Llama 3's: ByteLevel, then a template putting the BOS first (if the vocabulary adds one). */
    private static void postProcessor(ObjectNode node, Vocabulary v) {
        node.put("type", "Sequence");
        ArrayNode steps = node.putArray("processors");
        byteLevel(steps.addObject(), true, false, true);
        if (!v.addBos() || v.bosId() < 0) {
            return;
        }
        String bos = v.tokens().get(v.bosId());
        ObjectNode template = steps.addObject().put("type", "TemplateProcessing");
        bosThen(template.putArray("single"), bos, "A");
        ArrayNode pair = template.putArray("pair");
        bosThen(pair, bos, "A");
        bosThen(pair, bos, "B");
        ObjectNode special = template.putObject("special_tokens").putObject(bos).put("id", bos);
        special.putArray("ids").add(v.bosId());
        special.putArray("tokens").add(bos);
    }
}
