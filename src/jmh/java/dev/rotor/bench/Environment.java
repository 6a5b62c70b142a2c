package dev.rotor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rotor.Rotor;

/**
 * Where and how the benchmarks ran, for the report's header. JVM and JMH settings come from the JSON
 * (that is, from the forked JVMs); the machine and the vector backend from the JVM writing the report,
 * which runs on the same machine and JDK with the same module options.
 */
public record Environment(String cpu, int cores, String cache, String os, String load, String jvm, String jvmArgs,
                          String jmhSettings, String backend, int preferredVectorBits, String command,
                          String jmhArgs) {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final Path L3_SIZE = Path.of("/sys/devices/system/cpu/cpu0/cache/index3/size");
    private static final Path LOADAVG = Path.of("/proc/loadavg");
    /** /proc/loadavg starts with the 1, 5 and 15 minute load averages. */
    private static final int LOAD_AVERAGES = 3;
    private static final String UNKNOWN = "unknown";
    /** Set by Maven's launcher script to the arguments mvn was started with. */
    private static final String MAVEN_ARGS_VARIABLE = "MAVEN_CMD_LINE_ARGS";
    private static final String JMH_ARGS_PROPERTY = "-Djmh.args=";

    /** Describes the run whose JMH JSON results are {@code runs}, started with JMH arguments {@code jmhArgs}. */
    public static Environment describe(JsonNode runs, String jmhArgs) {
        JsonNode first = runs.path(0);
        Set<String> forkArgs = new LinkedHashSet<>();
        runs.forEach(run -> run.path("jvmArgs").forEach(arg -> forkArgs.add(arg.asText())));
        String mavenArgs = System.getenv(MAVEN_ARGS_VARIABLE);
        return new Environment(
                cpuModel(), Runtime.getRuntime().availableProcessors(), l3Cache(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                loadAverage(),
                "JDK " + first.path("jdkVersion").asText() + ", " + first.path("vmName").asText() + " "
                        + first.path("vmVersion").asText() + " (" + first.path("jvm").asText() + ")",
                String.join(" ", forkArgs),
                first.path("forks").asInt() + " fork(s); warm-up "
                        + iterations(first.path("warmupIterations").asInt(), first.path("warmupTime").asText())
                        + "; measurement "
                        + iterations(first.path("measurementIterations").asInt(), first.path("measurementTime").asText())
                        + "; mode " + first.path("mode").asText(),
                Rotor.backend().toString(), Implementation.preferredVectorBits(),
                mavenArgs == null ? "(not started by mvn)" : mavenCommand(mavenArgs, jmhArgs),
                jmhArgs);
    }

    /**
     * The mvn command line. Maven's script joins its arguments with spaces, losing their quotes; the
     * JMH arguments are known exactly, so they are quoted again to give a command that can be pasted.
     */
    private static String mavenCommand(String mavenArgs, String jmhArgs) {
        String unquoted = JMH_ARGS_PROPERTY + jmhArgs;
        return "mvn " + mavenArgs.trim().replace(unquoted, JMH_ARGS_PROPERTY + "\"" + jmhArgs + "\"");
    }

    private static String iterations(int count, String time) {
        return count == 0 ? "none" : count + " × " + time;
    }

    private static String loadAverage() {
        return lines(LOADAVG).stream()
                .findFirst()
                .map(line -> String.join(" / ", Arrays.asList(line.trim().split("\\s+")).subList(0, LOAD_AVERAGES)))
                .orElse(UNKNOWN);
    }

    private static String cpuModel() {
        return lines(CPUINFO).stream()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst()
                .orElse(UNKNOWN);
    }

    private static String l3Cache() {
        return lines(L3_SIZE).stream().findFirst().map(size -> size.trim() + " L3").orElse(UNKNOWN + " L3");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of(); // not Linux, or no such information: reported as unknown
        }
    }
}
