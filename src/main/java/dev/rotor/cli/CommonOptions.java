package dev.rotor.cli;

import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-q", "--quiet"}, description = "No progress and no notes on stderr; only results and errors.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Print stack traces with errors.")
    boolean verbose;
}
