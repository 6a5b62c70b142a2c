package dev.rotor.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session API on the tiny BitLinear fixture: batches, decoding, threads, rewinding, limits and bad input. */
class SessionTest {
    @TempDir
    static Path dir;
    static BitNetModel model;
    private static final int[] PROMPT = {4000, 449, 3418, 435, 25};

    @BeforeAll
    static void load() throws IOException {
        model = Fixtures.model(Fixtures.BITLINEAR, dir);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void aPromptFedTokenByTokenGivesTheBatchsLogits() {
        float[] batch = model.newSession(16, null).logits(PROMPT);
        Session session = model.newSession(16, null);
        float[] last = null;
        for (int id : PROMPT) {
            last = session.logits(id);
        }
        assertEquals(PROMPT.length, session.position());
        double std = 4.0;
        assertTrue(TransformersReferenceTest.maxAbsDiff(batch, last) <= 1e-3 * std);
        assertEquals(Sampler.argmax(batch), Sampler.argmax(last));
    }

    @Test
    void promptsLongerThanOneBatchRunInSeveralBatches() {
        int[] prompt = new int[Session.MAX_BATCH * 2 + 3];
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = (i * 37 + 11) % 4000;
        }
        float[] together = model.newSession(256, null).logits(prompt);
        Session split = model.newSession(256, null);
        split.logits(java.util.Arrays.copyOf(prompt, 7));
        float[] after = split.logits(java.util.Arrays.copyOfRange(prompt, 7, prompt.length));
        assertTrue(TransformersReferenceTest.maxAbsDiff(together, after) <= 1e-3 * 4.0);
        assertArrayEquals(prompt, split.history());
    }

    @Test
    void threadsGiveTheSameBits() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Generation one = model.newSession(64, null).generate(PROMPT, 12, Sampler.greedy(), Set.of(), null);
            Generation two = model.newSession(64, pool).generate(PROMPT, 12, Sampler.greedy(), Set.of(), null);
            assertArrayEquals(one.tokens(), two.tokens());
            assertArrayEquals(model.newSession(64, null).logits(PROMPT), model.newSession(64, pool).logits(PROMPT));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void generationStreamsStopsAndCountsItsSteps() {
        Session session = model.newSession(64, null);
        int[] free = session.generate(PROMPT, 10, Sampler.greedy(), Set.of(), null).tokens();
        Session again = model.newSession(64, null);
        List<Integer> streamed = new ArrayList<>();
        Generation g = again.generate(PROMPT, 10, Sampler.greedy(), Set.of(free[3]), streamed::add);
        assertEquals(Generation.StopReason.STOP_TOKEN, g.stop());
        assertArrayEquals(java.util.Arrays.copyOf(free, 4), g.tokens());
        assertEquals(List.of(free[0], free[1], free[2], free[3]), streamed);
        assertEquals(3, g.decodeSteps());
        assertEquals(PROMPT.length + 3, again.position(), "the last token is not fed");
        assertTrue(g.firstTokenNanos() >= g.promptNanos());
    }

    @Test
    void aFullContextEndsGeneration() {
        Session session = model.newSession(PROMPT.length + 3, null);
        Generation g = session.generate(PROMPT, 10, Sampler.greedy(), Set.of(), null);
        assertEquals(Generation.StopReason.CONTEXT_FULL, g.stop());
        assertEquals(4, g.tokens().length);
        assertEquals(session.contextSize(), session.position());
    }

    @Test
    void aHugeTokenLimitIsBoundedByTheContext() {
        Generation g = model.newSession(PROMPT.length + 2, null).generate(PROMPT, Integer.MAX_VALUE,
                Sampler.greedy(), Set.of(), null);
        assertEquals(3, g.tokens().length);
        assertEquals(Generation.StopReason.CONTEXT_FULL, g.stop());
    }

    @Test
    void rewindingReplaysTheSameLogits() {
        Session session = model.newSession(32, null);
        float[] first = session.logits(PROMPT);
        session.logits(7, 8, 9);
        session.rewind(PROMPT.length - 1);
        assertArrayEquals(first, session.logits(PROMPT[PROMPT.length - 1]));
        session.rewind(0);
        assertArrayEquals(first, session.logits(PROMPT));
    }

    @Test
    void seededSamplingRepeatsItself() {
        Sampler a = Sampler.of(0.9f, 40, 0.95f, 7);
        Sampler b = Sampler.of(0.9f, 40, 0.95f, 7);
        int[] one = model.newSession(64, null).generate(PROMPT, 16, a, Set.of(), null).tokens();
        int[] two = model.newSession(64, null).generate(PROMPT, 16, b, Set.of(), null).tokens();
        assertArrayEquals(one, two);
    }

    @Test
    void badInputIsNamed() {
        Session session = model.newSession(8, null);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> session.logits()), "no tokens");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> session.logits(1, 4016)),
                "token 1 is id 4016, outside the vocabulary of 4016");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> session.logits(new int[9])),
                "9 tokens do not fit the context: 0 of 8");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> session.rewind(1)),
                "cannot rewind to 1: the cache holds 0 tokens");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> model.newSession(0, null)),
                "context size is 0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> model.newSession(Integer.MAX_VALUE, null)),
                "more than a Java array holds");
        assertEquals(0, session.position(), "nothing was fed");
    }

    static void assertMessage(Throwable e, String fragment) {
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' does not say '" + fragment + "'");
    }
}
