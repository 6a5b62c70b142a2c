package dev.rotor.cli;

import picocli.CommandLine.Command;

/** {@code rotor demo} (also plain {@code rotor}): the embedded showcase. */
@Command(name = "demo", description = {
        "The original library's headline test: convert a seeded random 2560x2560 layer with every kernel, "
                + "check they agree, and print the time of each and the speedups.",
        "This is what plain 'rotor' runs."})
final class DemoCommand extends BaseCommand {
    static final int SIZE = 2560;
    static final int REPETITIONS = 20;

    @Override
    void run(Io io) {
        demo(io);
    }

    /** Runs the demo; shared with the bare {@code rotor} command. */
    static void demo(Io io) {
        io.note("rotor demo: converting a " + SIZE + "x" + SIZE + " layer with every kernel...");
        BenchCommand.show(io, BenchReport.measure(SIZE, SIZE, REPETITIONS), false);
    }
}
