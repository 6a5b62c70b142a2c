package dev.rotor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

import dev.rotor.container.ModelFormatException;

/**
 * Turns failures into exit codes and one sentence on stderr: 2 for usage errors (with a pointer to
 * {@code --help}), 1 for bad input and anything else that went wrong. Stack traces only with {@code --verbose}.
 */
final class Errors implements IExecutionExceptionHandler, IParameterExceptionHandler {
    /** Exit code for a success. */
    static final int OK = 0;
    /** Exit code for input that cannot be used, or a failure while running. */
    static final int BAD_INPUT = 1;
    /** Exit code for wrong arguments. */
    static final int USAGE = 2;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": " + problem(ex));
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return USAGE;
    }

    /** Picocli's message, except for unknown words, which get a plainer one. */
    private static String problem(ParameterException ex) {
        if (!(ex instanceof UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
            return ex.getMessage();
        }
        String word = unmatched.getUnmatched().getFirst();
        boolean hasCommands = !ex.getCommandLine().getSubcommands().isEmpty();
        String what = word.startsWith("-") ? "unknown option" : hasCommands ? "unknown command" : "unexpected argument";
        return what + " '" + word + "'";
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + sentence(ex));
        if (cmd.getCommand() instanceof BaseCommand command && command.verbose()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return BAD_INPUT;
    }

    /** The one sentence printed for a failure: the message for expected problems, the type too for bugs. */
    static String sentence(Throwable ex) {
        Throwable cause = ex instanceof UncheckedIOException unchecked ? unchecked.getCause() : ex;
        if (cause instanceof FileSystemException fs) {
            return fileProblem(fs);
        }
        if (cause instanceof BadInputException || cause instanceof ModelFormatException
                || cause instanceof IllegalArgumentException || cause instanceof IOException) {
            return cause.getMessage() != null ? inCliTerms(cause.getMessage()) : cause.toString();
        }
        return "internal error: " + cause + " (run with --verbose for the stack trace)";
    }

    /** The library's advice, as the option that follows it. */
    private static String inCliTerms(String message) {
        return message.replace("use InvalidCodePolicy.LENIENT", "pass --lenient");
    }

    private static String fileProblem(FileSystemException ex) {
        String file = ex.getFile();
        String problem = switch (ex) {
            case NoSuchFileException e -> "no such file or directory";
            case AccessDeniedException e -> "permission denied";
            case FileAlreadyExistsException e -> "already exists";
            case NotDirectoryException e -> "not a directory";
            default -> ex.getReason() != null ? ex.getReason() : ex.getClass().getSimpleName();
        };
        return ex.getOtherFile() == null ? file + ": " + problem : file + " -> " + ex.getOtherFile() + ": " + problem;
    }
}
