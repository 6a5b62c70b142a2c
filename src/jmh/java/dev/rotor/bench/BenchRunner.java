package dev.rotor.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.rotor.KernelBenchmark;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs JMH with the usual command-line options and three rules of its own. Unless {@code -p impl=...} is
 * given, only the kernels that run natively here (no vector width above the JIT's preferred shape). The
 * vector kernel's width is fixed per JVM (C2 only emits SIMD for constant species): the first JMH run
 * covers everything at the default (preferred) width, then {@link KernelBenchmark} runs again for each
 * other width with forks started with {@code -Drotor.vectorBits=W}; the results of all runs go to the one
 * {@code -rff} JSON file. Unless {@code -jvmArgs} is given, forks get only their {@code @Fork}
 * options instead of inheriting this launcher's. To list benchmarks use org.openjdk.jmh.Main.
 */
public final class BenchRunner {
    private static final String IMPL_PARAM = "impl";

    private BenchRunner() { }

    public static void main(String[] args) throws CommandLineOptionException, RunnerException, IOException {
        CommandLineOptions cli = new CommandLineOptions(args);
        List<Implementation> impls = cli.getParameter(IMPL_PARAM).hasValue()
                ? cli.getParameter(IMPL_PARAM).get().stream().map(Implementation::valueOf).toList()
                : Implementation.runnable();
        System.out.println("# rotor benchmarks on Java " + System.getProperty("java.version") + " ("
                + System.getProperty("java.home") + "), preferred vector size "
                + Implementation.preferredVectorBits() + " bits, implementations " + impls);
        Map<Integer, List<Implementation>> byWidth = byVectorWidth(impls);
        List<Implementation> first = new ArrayList<>(byWidth.getOrDefault(0, List.of()));
        first.addAll(byWidth.getOrDefault(Implementation.preferredVectorBits(), List.of()));
        List<RunResult> results = new ArrayList<>(run(cli, first, 0));
        for (Map.Entry<Integer, List<Implementation>> width : byWidth.entrySet()) {
            if (width.getKey() != 0 && width.getKey() != Implementation.preferredVectorBits()
                    && selectsKernelBenchmark(cli)) {
                results.addAll(run(cli, width.getValue(), width.getKey()));
            }
        }
        if (cli.getResult().hasValue()) {
            writeJson(Path.of(cli.getResult().get()), results);
        }
    }

    /** Whether the command line selects {@link KernelBenchmark} (no benchmark named selects every one). */
    private static boolean selectsKernelBenchmark(CommandLineOptions cli) {
        String name = KernelBenchmark.class.getName() + ".convert";
        List<String> includes = cli.getIncludes();
        return includes.isEmpty() || includes.stream().anyMatch(regex -> Pattern.compile(regex).matcher(name).find());
    }

    /** The implementations grouped by the -Drotor.vectorBits their forks need (0: any, the non-vector ones). */
    private static Map<Integer, List<Implementation>> byVectorWidth(List<Implementation> impls) {
        Map<Integer, List<Implementation>> groups = new LinkedHashMap<>();
        for (Implementation impl : impls) {
            groups.computeIfAbsent(impl.vectorBits(), bits -> new ArrayList<>()).add(impl);
        }
        return groups;
    }

    /**
     * One JMH run of {@code impls}: with {@code vectorBits} 0 every selected benchmark at the default width,
     * else only the kernel benchmark in forks whose vector kernel is {@code vectorBits} wide.
     */
    private static Collection<RunResult> run(CommandLineOptions cli, List<Implementation> impls, int vectorBits)
            throws RunnerException {
        if (impls.isEmpty()) {
            return List.of();
        }
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli)
                .param(IMPL_PARAM, impls.stream().map(Enum::name).toArray(String[]::new))
                .resultFormat(ResultFormatType.TEXT).result("/dev/null");
        if (!cli.getJvmArgs().hasValue()) {
            options.jvmArgs(); // forks get the @Fork options, not a copy of this launcher's JVM options
        }
        if (vectorBits > 0) {
            List<String> append = new ArrayList<>(cli.getJvmArgsAppend().orElse(List.of()));
            append.add("-Drotor.vectorBits=" + vectorBits);
            // The command line's own selection stays included (JMH merges it in): leave out every other class.
            options.include(KernelBenchmark.class.getName() + ".*")
                    .exclude("^(?!" + Pattern.quote(KernelBenchmark.class.getName() + ".") + ")")
                    .jvmArgsAppend(append.toArray(String[]::new));
        }
        return new Runner(options.build()).run();
    }

    private static void writeJson(Path file, Collection<RunResult> results) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), true, "UTF-8")) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(results);
        }
    }
}
