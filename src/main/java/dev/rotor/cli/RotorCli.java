package dev.rotor.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;

/**
 * The {@code rotor} command line: {@code main} parses the arguments, runs one command and exits with
 * 0 on success, 1 on bad input or failure, 2 on usage errors. With no command it runs the demo.
 */
@Command(name = "rotor",
        description = "Convert ternary (BitNet b1.58) weights to rotor bit planes and back, and run the models.%n"
                + "With no command, runs the demo.",
        subcommands = {ConvertCommand.class, InspectCommand.class, VerifyCommand.class, RunCommand.class,
                TokenizeCommand.class, GenerateCommand.class, DemoCommand.class, BenchCommand.class,
                BackendCommand.class, HelpCommand.class},
        usageHelpAutoWidth = true,
        versionProvider = Version.class,
        footer = "%nExit codes: 0 success, 1 bad input or failure, 2 usage error.")
public final class RotorCli extends BaseCommand {
    @Option(names = {"-V", "--version"}, versionHelp = true,
            description = "Print the version, the JDK and the kernel in use, and exit.")
    boolean version;

    /** Runs {@code rotor} with these arguments and exits with its exit code. */
    public static void main(String[] args) {
        int code = execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        System.exit(code);
    }

    /** Runs {@code rotor} with these arguments, writing to {@code out} and {@code err}; returns the exit code. */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err).execute(args);
    }

    /** The configured command line (usable in tests with captured output). */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        Errors errors = new Errors();
        return new CommandLine(new RotorCli())
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
    }

    @Override
    void run(Io io) {
        DemoCommand.demo(io);
    }
}
