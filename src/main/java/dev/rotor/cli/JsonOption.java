package dev.rotor.cli;

import picocli.CommandLine.Option;

/** The {@code --json} option: the result as JSON on stdout instead of text. */
final class JsonOption {
    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean enabled;

    /** Prints {@code report} as JSON or as its text. */
    void show(Io io, Report report) {
        if (enabled) {
            Json.print(io.out(), report);
        } else {
            io.print(report.render());
        }
    }
}
