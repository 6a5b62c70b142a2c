package dev.rotor.runtime;

/**
 * A model the runtime cannot run: another architecture, activation, linear-layer variant or tokenizer, or a
 * configuration that is missing or inconsistent. The message is one sentence saying what was found and what the
 * runtime needs.
 */
public final class UnsupportedModelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}. */
    public UnsupportedModelException(String message) {
        super(message);
    }

    /** A problem described by {@code message}, found through {@code cause}. */
    public UnsupportedModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
