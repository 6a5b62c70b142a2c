package dev.rotor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.rotor.layout.SourceLayout;

/**
 * The training run of the launcher's AOT cache (JDK 25, JEP 483/514/515): run once at build time as
 * {@code java -XX:AOTCacheOutput=target/rotor-cli.aot -cp target/rotor-cli.jar dev.rotor.cli.AotTraining DIR}, it
 * runs the commands a user runs, in this JVM, so that the cache holds the classes they load (already parsed and
 * linked) and the method profiles of their hot code (so the JIT compiles the kernels sooner). For every packed
 * layout: generate a tiny model, convert it to a rotor file and back, inspect and verify (a few seconds; bigger
 * models made the cache no better). Files go to {@code DIR},
 * which is emptied of them afterwards. Not part of the library and not a user command.
 */
final class AotTraining {
    private AotTraining() {
    }

    /** Runs the training workload in directory {@code args[0]}; exits non-zero if a command failed. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: AotTraining DIR");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        List<Path> written = new ArrayList<>();
        try {
            run("--version");
            run("backend");
            for (SourceLayout layout : SourceLayout.values()) {
                written.addAll(roundTrip(dir, new Target(layout)));
            }
        } finally {
            for (Path file : written) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Generates a model in {@code layout}, converts it to rotor and back, inspects and verifies; returns the files. */
    private static List<Path> roundTrip(Path dir, Target layout) {
        String base = "training-" + layout.name();
        Path packed = dir.resolve(base + layout.extension());
        Path rotor = dir.resolve(base + Target.ROTOR.extension());
        Path back = dir.resolve(base + "-back" + layout.extension());
        run("generate", packed.toString(), "--layout", layout.name(), "--shape", "tiny", "--force", "-q");
        run("convert", packed.toString(), "-o", rotor.toString(), "--force", "-q");
        run("convert", rotor.toString(), "-o", back.toString(), "--force", "-q");
        run("inspect", rotor.toString());
        run("verify", packed.toString(), back.toString(), "-q");
        return List.of(packed, rotor, back);
    }

    private static void run(String... args) {
        StringWriter output = new StringWriter();
        PrintWriter writer = new PrintWriter(output);
        int code = RotorCli.execute(writer, writer, args);
        if (code != 0) {
            writer.flush();
            throw new IllegalStateException("rotor " + String.join(" ", args) + " failed (exit code " + code + "):\n"
                    + output);
        }
    }
}
