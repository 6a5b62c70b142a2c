package dev.rotor.cli;

/** A command's result: a record that {@code --json} prints as JSON, or people read as text. */
interface Report {
    /** The result as text for people, ending in a newline. */
    String render();
}
