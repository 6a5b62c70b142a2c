package dev.rotor.cli;

/**
 * What the CLI knows about the terminal. The {@code rotor} launcher tells the JVM, since the JDK can
 * only say whether stdin and stdout are a terminal, not stderr, and cannot read the width.
 */
final class Terminal {
    /** {@code true} or {@code false}: whether stderr is a terminal (the launcher's {@code [[ -t 2 ]]}). */
    static final String TTY_PROPERTY = "rotor.tty";
    /** The terminal's width in columns (the launcher's {@code stty size}). */
    static final String COLUMNS_PROPERTY = "rotor.columns";

    private static final int DEFAULT_COLUMNS = 80;

    private Terminal() { }

    /** Whether stderr is an interactive terminal, where a redrawn progress bar makes sense. */
    static boolean stderrIsTerminal() {
        String told = System.getProperty(TTY_PROPERTY);
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** The terminal width: from the launcher, else {@code $COLUMNS}, else 80. */
    static int columns() {
        String told = System.getProperty(COLUMNS_PROPERTY, System.getenv("COLUMNS"));
        try {
            int columns = told == null ? 0 : Integer.parseInt(told.trim());
            return columns >= 20 ? columns : DEFAULT_COLUMNS;
        } catch (NumberFormatException e) {
            return DEFAULT_COLUMNS;
        }
    }
}
