package dev.rotor.cli;

import static dev.rotor.cli.CommandsTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Failures while running: exit 1, one sentence on stderr, a stack trace only with --verbose. */
class ErrorsTest {
    @Command(name = "fail")
    static final class FailCommand extends BaseCommand {
        static RuntimeException toThrow;

        @Override
        void run(Io io) {
            throw toThrow;
        }
    }

    private static Cli fail(RuntimeException problem, String... options) {
        FailCommand.toThrow = problem;
        CommandLine cli = RotorCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        cli.addSubcommand(new CommandLine(new FailCommand()));
        String[] args = new String[options.length + 1];
        args[0] = "fail";
        System.arraycopy(options, 0, args, 1, options.length);
        return Cli.run(cli, args);
    }

    @Test
    void badInputIsOneSentenceAndExit1() {
        Cli run = fail(new BadInputException("model.gguf: tensor 'blk.0.attn_q.weight' has type 99, not a ternary type"));
        assertEquals(Errors.BAD_INPUT, run.exitCode(), run::toString);
        assertEquals("rotor fail: model.gguf: tensor 'blk.0.attn_q.weight' has type 99, not a ternary type\n",
                run.err());
        assertEquals("", run.out());
    }

    @Test
    void stackTraceOnlyWithVerbose() {
        Cli verbose = fail(new BadInputException("broken"), "--verbose");
        assertEquals(Errors.BAD_INPUT, verbose.exitCode());
        assertContains(verbose, "err", "rotor fail: broken\n");
        assertContains(verbose, "err", "dev.rotor.cli.BadInputException: broken\n\tat dev.rotor.cli.ErrorsTest");
        assertFalse(fail(new BadInputException("broken")).err().contains("\tat "));
    }

    @Test
    void bugsSayInternalErrorAndPointToVerbose() {
        Cli run = fail(new IllegalStateException("kernels disagree"));
        assertEquals(Errors.BAD_INPUT, run.exitCode());
        assertEquals("rotor fail: internal error: java.lang.IllegalStateException: kernels disagree"
                + " (run with --verbose for the stack trace)\n", run.err());
    }

    @Test
    void fileProblemsNameTheFile() {
        assertEquals("in.safetensors: no such file or directory",
                Errors.sentence(new UncheckedIOException(new NoSuchFileException("in.safetensors"))));
        assertEquals("/out/x.rotor: permission denied", Errors.sentence(new AccessDeniedException("/out/x.rotor")));
        assertEquals("disk full", Errors.sentence(new UncheckedIOException(new IOException("disk full"))));
        assertEquals("bad shape", Errors.sentence(new IllegalArgumentException("bad shape")));
    }
}
