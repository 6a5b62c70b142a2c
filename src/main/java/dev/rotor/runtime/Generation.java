package dev.rotor.runtime;

/**
 * What {@link Session#generate} did: the prompt, the tokens it generated (a stop token included when one ended
 * it), why it stopped, and how long each part took.
 *
 * @param promptTokens   the prompt's ids as given
 * @param tokens         the generated ids, in order
 * @param stop           why generation stopped
 * @param promptNanos    time of the prompt's forward pass (prompt processing)
 * @param firstTokenNanos time from the call to the first generated token (prompt processing and one sampling)
 * @param decodeNanos    time of the one-token forward passes after the first token, with their sampling
 * @param decodeSteps    how many one-token forward passes that was
 */
public record Generation(int[] promptTokens, int[] tokens, StopReason stop, long promptNanos, long firstTokenNanos,
                         long decodeNanos, int decodeSteps) {
    /** Why generation ended. */
    public enum StopReason {
        /** A stop token (end of text, end of turn) was generated. */
        STOP_TOKEN,
        /** The requested number of tokens was generated. */
        MAX_TOKENS,
        /** The session's context is full. */
        CONTEXT_FULL
    }

    /** Prompt tokens per second. */
    public double promptTokensPerSecond() {
        return rate(promptTokens.length, promptNanos);
    }

    /** Decoded tokens per second (one-token forward passes per second). */
    public double decodeTokensPerSecond() {
        return rate(decodeSteps, decodeNanos);
    }

    private static double rate(int count, long nanos) {
        return nanos <= 0 ? 0 : count * 1e9 / nanos;
    }
}
