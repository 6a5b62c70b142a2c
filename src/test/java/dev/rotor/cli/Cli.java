package dev.rotor.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/**
 * One in-process run of the real {@code rotor} command line, with stdout and stderr captured.
 *
 * @param exitCode what {@code rotor} would exit with
 * @param out      everything written to stdout
 * @param err      everything written to stderr
 */
record Cli(int exitCode, String out, String err) {
    /** Runs {@code rotor args...} in this JVM. */
    static Cli run(String... args) {
        return run(RotorCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())),
                args);
    }

    /** Runs {@code args} on a configured command line (e.g. one with an extra test command). */
    static Cli run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
