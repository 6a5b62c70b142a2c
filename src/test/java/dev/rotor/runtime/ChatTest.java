package dev.rotor.runtime;

import static dev.rotor.runtime.SessionTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rotor.tokenizer.Llama3Tokenizer;

/** Chat templates render what transformers' apply_chat_template renders; a chat reuses its cache across turns. */
class ChatTest {
    @TempDir
    static Path dir;

    @Test
    void theBitNetTemplateGivesTransformersChatPrompt() throws IOException {
        try (BitNetModel model = Fixtures.model(Fixtures.BITLINEAR, dir)) {
            ChatTemplate template = ChatTemplate.of(model.chatTemplate().orElseThrow());
            assertEquals("bitnet-2b4t", template.name());
            String text = template.render(List.of(new ChatTemplate.Message("user", "Hi!")), true);
            assertEquals("User: Hi!<|eot_id|>Assistant: ", text);
            JsonNode chat = Fixtures.reference(Fixtures.BITLINEAR).get("sequences").get(2);
            assertArrayEquals(Fixtures.ints(chat.get("input_ids")), model.tokenizer().orElseThrow().encode(text, true));
        }
    }

    @Test
    void llama3TemplatesRenderHeaders() {
        ChatTemplate t = ChatTemplate.of("{{ bos_token }}{% for m in messages %}<|start_header_id|>{{ m['role'] }}"
                + "<|end_header_id|>\n\n{{ m['content'] | trim }}<|eot_id|>{% endfor %}");
        assertEquals("<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n",
                t.render(List.of(new ChatTemplate.Message("system", " Be brief."), new ChatTemplate.Message("user",
                        "Hi\n")), true));
    }

    @Test
    void otherTemplatesAreRefused() {
        assertMessage(assertThrows(UnsupportedModelException.class, () -> ChatTemplate.of("{{ messages }}")),
                "not one the runtime implements");
        assertMessage(assertThrows(UnsupportedModelException.class, () -> ChatTemplate.of(null)), "no chat template");
    }

    @Test
    void aSecondTurnKeepsTheCachedFirst() throws IOException {
        try (BitNetModel model = Fixtures.model(Fixtures.BITLINEAR, dir)) {
            Llama3Tokenizer tok = model.tokenizer().orElseThrow();
            Session session = model.newSession(256, null);
            Chat chat = new Chat(session, ChatTemplate.of(model.chatTemplate().orElseThrow()), tok,
                    model.stopTokens(), "You are terse.");
            StringBuilder streamed = new StringBuilder();
            Generation first = chat.respond("Hi!", 8, Sampler.greedy(), streamed::append);
            assertEquals(first.promptTokens().length, session.position() - first.tokens().length + 1);
            assertEquals(3, chat.messages().size());
            assertEquals(streamed.toString(), chat.messages().get(2).content());
            int[] before = session.history();
            Generation second = chat.respond("And?", 8, Sampler.greedy(), null);
            assertTrue(second.promptTokens().length < tok.encode(ChatTemplate.of(model.chatTemplate().orElseThrow())
                    .render(chat.messages().subList(0, 4), true), true).length, "the first turn was not fed again");
            // The answer may tokenize differently once it follows "Assistant:" in the text (the space joins its first
            // word), so the cache is kept at least up to that point.
            int kept = first.promptTokens().length - 1;
            assertArrayEquals(java.util.Arrays.copyOf(before, kept), java.util.Arrays.copyOf(session.history(), kept));
            assertEquals(5, chat.messages().size());
        }
    }

    @Test
    void aConversationTooLongForTheContextIsRefusedAndForgotten() throws IOException {
        try (BitNetModel model = Fixtures.model(Fixtures.BITLINEAR, dir)) {
            Chat chat = new Chat(model.newSession(8, null), ChatTemplate.of(model.chatTemplate().orElseThrow()),
                    model.tokenizer().orElseThrow(), model.stopTokens(), null);
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> chat.respond("a long question that does not fit", 4, Sampler.greedy(), null)),
                    "do not fit the context");
            assertEquals(0, chat.messages().size());
        }
    }
}
