package dev.rotor.cli;

/**
 * Input the user gave cannot be used (a missing file, a wrong layout, a corrupt header): exit code 1,
 * printed as its message alone, which must be one sentence naming the file or tensor and the problem.
 */
final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
        super(message);
    }

    BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
