package dev.rotor.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import dev.rotor.tokenizer.Llama3Tokenizer;

/**
 * A conversation with a model through its chat template, over one {@link Session}: every turn renders the whole
 * conversation, feeds only what the cache does not already hold (the longest common prefix of ids is kept, as
 * llama.cpp's server does), and generates the answer until an end-of-turn token. Not thread-safe.
 */
public final class Chat {
    private final Session session;
    private final ChatTemplate template;
    private final Llama3Tokenizer tokenizer;
    private final Set<Integer> stopTokens;
    private final List<ChatTemplate.Message> messages = new ArrayList<>();

    /**
     * A conversation on {@code session} (its cache is reused where it matches), with an optional system prompt.
     *
     * @param systemPrompt the system message, or null or blank for none
     */
    public Chat(Session session, ChatTemplate template, Llama3Tokenizer tokenizer, Set<Integer> stopTokens,
                String systemPrompt) {
        if (session == null || template == null || tokenizer == null || stopTokens == null) {
            throw new IllegalArgumentException("a chat needs a session, a template, a tokenizer and stop tokens");
        }
        this.session = session;
        this.template = template;
        this.tokenizer = tokenizer;
        this.stopTokens = Set.copyOf(stopTokens);
        if (systemPrompt != null && !systemPrompt.isBlank()) {
            messages.add(new ChatTemplate.Message("system", systemPrompt));
        }
    }

    /** The messages so far (unmodifiable). */
    public List<ChatTemplate.Message> messages() {
        return List.copyOf(messages);
    }

    /**
     * The assistant's answer to {@code userText}: up to {@code maxTokens} tokens, streamed as text to
     * {@code onText} (may be null). The answer (without its end-of-turn token) joins the conversation.
     *
     * @throws IllegalArgumentException if the conversation no longer fits the session's context
     */
    public Generation respond(String userText, int maxTokens, Sampler sampler, Consumer<String> onText) {
        messages.add(new ChatTemplate.Message("user", userText));
        try {
            return answer(maxTokens, sampler, onText);
        } catch (RuntimeException e) {
            messages.removeLast();
            throw e;
        }
    }

    private Generation answer(int maxTokens, Sampler sampler, Consumer<String> onText) {
        int[] ids = tokenizer.encode(template.render(messages, true), true);
        int[] cached = session.history();
        int common = 0;
        while (common < cached.length && common < ids.length - 1 && cached[common] == ids[common]) {
            common++;
        }
        session.rewind(common);
        TextStream stream = new TextStream(tokenizer);
        Generation g = session.generate(java.util.Arrays.copyOfRange(ids, common, ids.length), maxTokens, sampler,
                stopTokens, id -> {
                    if (onText != null && !stopTokens.contains(id)) {
                        onText.accept(stream.next(id));
                    }
                });
        if (onText != null) {
            onText.accept(stream.flush());
        }
        int[] answer = g.tokens();
        int length = g.stop() == Generation.StopReason.STOP_TOKEN ? answer.length - 1 : answer.length;
        messages.add(new ChatTemplate.Message("assistant", tokenizer.decode(java.util.Arrays.copyOf(answer, length))));
        return g;
    }
}
