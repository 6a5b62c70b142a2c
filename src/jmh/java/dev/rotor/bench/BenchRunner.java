package dev.rotor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs JMH with the usual command-line options and two defaults of its own: unless {@code -p impl=...}
 * is given, only the kernels that run natively here (no vector width above the JIT's preferred shape);
 * unless {@code -jvmArgs} is given, forks get only their {@code @Fork} options instead of inheriting this
 * launcher's. Creates the directory of the {@code -rff} result file. To list benchmarks use org.openjdk.jmh.Main.
 */
public final class BenchRunner {
    private static final String IMPL_PARAM = "impl";

    private BenchRunner() { }

    public static void main(String[] args) throws CommandLineOptionException, RunnerException, IOException {
        CommandLineOptions cli = new CommandLineOptions(args);
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
        if (!cli.getParameter(IMPL_PARAM).hasValue()) {
            options.param(IMPL_PARAM, Implementation.runnable().stream().map(Enum::name).toArray(String[]::new));
        }
        if (!cli.getJvmArgs().hasValue()) {
            options.jvmArgs(); // forks get the @Fork options, not a copy of this launcher's JVM options
        }
        if (cli.getResult().hasValue()) {
            Path parent = Path.of(cli.getResult().get()).toAbsolutePath().getParent();
            Files.createDirectories(parent);
        }
        System.out.println("# rotor benchmarks on Java " + System.getProperty("java.version") + " ("
                + System.getProperty("java.home") + "), preferred vector size "
                + Implementation.preferredVectorBits() + " bits, implementations " + Implementation.runnable());
        new Runner(options.build()).run();
    }
}
