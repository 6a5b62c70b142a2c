package dev.rotor.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a Hugging Face {@code tokenizer_config.json} adds to a {@code tokenizer.json}: the names of the BOS and EOS
 * tokens, whether a BOS is added, and the chat template. Absent fields are null.
 *
 * @param bosToken     {@code bos_token} (a string, or an object with {@code content})
 * @param eosToken     {@code eos_token}
 * @param addBos       {@code add_bos_token}
 * @param chatTemplate {@code chat_template}: a string, or the template named {@code default} of a list of them
 */
record TokenizerConfig(String bosToken, String eosToken, Boolean addBos, String chatTemplate) {
    static final String FILE_NAME = "tokenizer_config.json";
    private static final String DEFAULT_TEMPLATE = "default";

    static TokenizerConfig parse(String json, String where) {
        JsonNode root = TokenizerJson.readTree(json, where);
        try {
            return new TokenizerConfig(token(root, "bos_token"), token(root, "eos_token"), addBos(root),
                    chatTemplate(root));
        } catch (TokenizerFormatException e) {
            throw new TokenizerFormatException(where + ": " + e.getMessage(), e);
        }
    }

    private static String token(JsonNode root, String field) {
        JsonNode node = root.path(field);
        if (node.isObject()) {
            node = node.path("content");
        }
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new TokenizerFormatException(field + " is " + node.getNodeType() + ", not a token's text");
        }
        return node.asText();
    }

    private static Boolean addBos(JsonNode root) {
        JsonNode node = root.path("add_bos_token");
        return node.isBoolean() ? node.asBoolean() : null;
    }

    private static String chatTemplate(JsonNode root) {
        JsonNode node = root.path("chat_template");
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray()) {
            for (JsonNode named : node) {
                if (DEFAULT_TEMPLATE.equals(named.path("name").asText()) && named.path("template").isTextual()) {
                    return named.path("template").asText();
                }
            }
        }
        if (node.isMissingNode() || node.isNull() || node.isArray()) {
            return null;
        }
        throw new TokenizerFormatException("chat_template is " + node.getNodeType() + ", not a template's text");
    }
}
