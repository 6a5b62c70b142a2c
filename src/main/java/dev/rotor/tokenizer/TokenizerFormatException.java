package dev.rotor.tokenizer;

/** A tokenizer description that cannot be used: the message is one sentence naming the field and the problem. */
public final class TokenizerFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}. */
    public TokenizerFormatException(String message) {
        super(message);
    }

    /** A problem described by {@code message}, found while handling {@code cause}. */
    public TokenizerFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
