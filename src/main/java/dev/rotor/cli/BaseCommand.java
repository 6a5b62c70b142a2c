package dev.rotor.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What every command shares: the common options, where to write, and how to reject bad arguments. */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common = new CommonOptions();

    /** Runs the command; throw {@link BadInputException} (exit 1) or {@link #usageError} (exit 2) on failure. */
    abstract void run(Io io) throws Exception;

    @Override
    public final Integer call() throws Exception {
        Io io = io();
        LibraryLog.routeTo(io);
        try {
            run(io);
        } catch (OutOfMemoryError e) {
            throw new BadInputException("out of memory (" + e.getMessage() + "); give the JVM more with"
                    + " ROTOR_JAVA_OPTS=-Xmx<size>", e);
        }
        return 0;
    }

    /** Whether stack traces were asked for. */
    boolean verbose() {
        return common.verbose;
    }

    Io io() {
        return new Io(System.in, spec.commandLine().getOut(), spec.commandLine().getErr(), common.quiet);
    }

    /** A usage error (exit code 2) saying what is wrong with the arguments. */
    ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Rejects a value below {@code min} as a usage error naming the option. */
    void requireAtLeast(String option, long value, long min) {
        if (value < min) {
            throw usageError(option + " must be at least " + min + ", got " + value);
        }
    }
}
