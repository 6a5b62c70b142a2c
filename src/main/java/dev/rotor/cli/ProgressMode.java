package dev.rotor.cli;

/** How progress is shown: a live bar, periodic plain lines, or not at all. */
enum ProgressMode {
    /** A redrawn progress bar (stderr is a terminal). */
    BAR,
    /** A plain line every few seconds (stderr is a file or pipe, e.g. CI logs). */
    LINES,
    /** Nothing ({@code --quiet}). */
    NONE;

    /** NONE when quiet, else BAR on a terminal and LINES otherwise. */
    static ProgressMode choose(boolean quiet) {
        if (quiet) {
            return NONE;
        }
        return Terminal.stderrIsTerminal() ? BAR : LINES;
    }
}
