package dev.rotor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rotor backend}: which conversion kernel this JVM uses and why. */
@Command(name = "backend", description = "Show the conversion kernel this JVM uses and why, with its vector support.")
final class BackendCommand extends BaseCommand {
    @Mixin
    JsonOption json = new JsonOption();

    @Override
    void run(Io io) {
        json.show(io, BackendFacts.collect());
    }
}
