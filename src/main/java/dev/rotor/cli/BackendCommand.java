package dev.rotor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rotor backend}: which conversion kernel this JVM uses and why. */
@Command(name = "backend", description = "Show the conversion kernel this JVM uses and why, with its vector support.")
final class BackendCommand extends BaseCommand {
    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    void run(Io io) {
        BackendFacts facts = BackendFacts.collect();
        if (json) {
            Json.print(io.out(), facts);
        } else {
            io.print(facts.render());
        }
    }
}
