package dev.rotor.cli;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Shows the library's log records (which kernel was chosen and why, ...) as the command's own notes: one line
 * {@code rotor: MESSAGE} on stderr, nothing under {@code --quiet}; warnings and errors always. Replaces
 * java.util.logging's default two-line console format for the {@code dev.rotor} loggers.
 */
final class LibraryLog extends Handler {
    private static final String LIBRARY_LOGGER = "dev.rotor";
    /** Held so the configured logger is not collected (and its configuration lost) while the command runs. */
    private static final Logger LOGGER = Logger.getLogger(LIBRARY_LOGGER);

    private final Io io;

    private LibraryLog(Io io) {
        this.io = io;
    }

    /** Routes the library's records to {@code io} from now on. */
    static void routeTo(Io io) {
        for (Handler handler : LOGGER.getHandlers()) {
            LOGGER.removeHandler(handler);
        }
        LOGGER.setUseParentHandlers(false);
        LOGGER.setLevel(Level.INFO);
        LOGGER.addHandler(new LibraryLog(io));
    }

    @Override
    public void publish(LogRecord record) {
        String line = "rotor: " + record.getMessage();
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            io.err().println(line);
            io.err().flush();
        } else if (record.getLevel().intValue() >= Level.INFO.intValue()) {
            io.note(line);
        }
    }

    @Override
    public void flush() {
        io.err().flush();
    }

    @Override
    public void close() {
        flush();
    }
}
