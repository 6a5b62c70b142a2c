package dev.rotor.runtime;

import java.util.List;
import java.util.Locale;

/**
 * A model's chat template: how a conversation becomes the text of a prompt. Templates are Jinja programs in
 * {@code tokenizer_config.json} (or GGUF's {@code tokenizer.chat_template}); like llama.cpp's built-in templates,
 * this class recognises the ones it implements by their text and renders them in Java:
 * <ul>
 *   <li>BitNet b1.58 2B4T: each message as {@code Role: content<|eot_id|>} (role capitalised, content trimmed),
 *       then {@code Assistant: } to prompt the answer;</li>
 *   <li>Llama 3 (instruct): each message as
 *       {@code <|start_header_id|>role<|end_header_id|>\n\ncontent<|eot_id|>}, then the assistant's header.</li>
 * </ul>
 * The rendered text has no {@code <|begin_of_text|>}: encode it with the tokenizer's BOS, as both templates'
 * tokenizers do. Immutable.
 */
public final class ChatTemplate {
    /** One message of a conversation: {@code role} is {@code system}, {@code user} or {@code assistant}. */
    public record Message(String role, String content) {
        /** Checks that both are present. */
        public Message {
            if (role == null || content == null) {
                throw new IllegalArgumentException("a chat message needs a role and content");
            }
        }
    }

    /** The template families this class renders. */
    private enum Family { BITNET, LLAMA3 }

    private static final String EOT = "<|eot_id|>";

    private final Family family;

    private ChatTemplate(Family family) {
        this.family = family;
    }

    /**
     * The template whose Jinja text is {@code template}.
     *
     * @throws UnsupportedModelException if it is not one of the templates this class implements
     */
    public static ChatTemplate of(String template) {
        if (template == null || template.isBlank()) {
            throw new UnsupportedModelException("the model has no chat template");
        }
        if (template.contains("<|start_header_id|>") && template.contains("<|end_header_id|>")) {
            return new ChatTemplate(Family.LLAMA3);
        }
        if (template.contains("capitalize") && template.contains("'Assistant: '") && template.contains(EOT)) {
            return new ChatTemplate(Family.BITNET);
        }
        throw new UnsupportedModelException("the model's chat template is not one the runtime implements (BitNet "
                + "b1.58 2B4T's 'Role: text<|eot_id|>' or Llama 3's header tokens)");
    }

    /** The family's name: "bitnet-2b4t" or "llama3". */
    public String name() {
        return family == Family.BITNET ? "bitnet-2b4t" : "llama3";
    }

    /** The prompt text of {@code messages}, followed by the assistant's cue if {@code addGenerationPrompt}. */
    public String render(List<Message> messages, boolean addGenerationPrompt) {
        StringBuilder text = new StringBuilder();
        for (Message m : messages) {
            switch (family) {
                case BITNET -> text.append(capitalize(m.role())).append(": ").append(m.content().strip()).append(EOT);
                case LLAMA3 -> text.append(header(m.role())).append(m.content().strip()).append(EOT);
            }
        }
        if (addGenerationPrompt) {
            text.append(family == Family.BITNET ? "Assistant: " : header("assistant"));
        }
        return text.toString();
    }

    private static String header(String role) {
        return "<|start_header_id|>" + role + "<|end_header_id|>\n\n";
    }

    /** Jinja's {@code capitalize}: the first character upper case, the rest lower case. */
    private static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "ChatTemplate[" + name() + "]";
    }
}
