package dev.rotor.bench;

/**
 * JVM options every benchmark fork gets, as {@code @Fork(jvmArgsPrepend)} so that {@code -jvmArgs} and
 * {@code -jvmArgsAppend} on the JMH command line add to them instead of replacing them.
 */
public final class ForkOptions {
    private ForkOptions() { }

    /** Without it the Vector API classes are missing and Rotor falls back to the scalar kernel. */
    public static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";
    /** Room for the largest workload (a 64 MiB side and its counterpart) on the heap. */
    public static final String HEAP = "-Xmx1g";
}
