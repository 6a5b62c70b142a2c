/**
 * The JMH benchmark suite's support code and report generator. The benchmarks themselves are in package
 * {@code dev.rotor} (src/jmh/java/dev/rotor/*Benchmark.java) because the kernels are package-private:
 * <ul>
 *   <li>{@code KernelBenchmark}: every conversion x kernel (reference, scalar, vector at each native width);</li>
 *   <li>{@code RotorBenchmark}: the public MemorySegment API on heap and off-heap buffers (and the marked
 *       place for the parallel API's benchmark);</li>
 *   <li>{@code CopyBenchmark}: {@code MemorySegment.copy} of each conversion's larger side, the baseline.</li>
 * </ul>
 * Sizes: 8 weights (call overhead), 2560x2560 and 6912x2560 (BitNet b1.58 2B4T projections) and 64MiB
 * (larger side 64 MiB, out of cache); see {@link dev.rotor.bench.Shape}.
 *
 * <p>Commands (Maven picks JDK 25 through maven-toolchains-plugin; every JVM, forks included, runs on it):
 * <pre>
 * mvn -Pbench verify                              # full run, about 14 minutes on 2 cores
 * mvn -Pbench verify -Djmh.args="-f 1 -wi 0 -i 1 -r 100ms -p size=8 KernelBenchmark"   # any JMH options
 * scripts/bench-smoke.sh                          # CI smoke run, under a minute
 * </pre>
 * Output in target/bench (or -Dbench.dir=...): {@code jmh.json} (raw JMH results), {@code report.md}
 * (machine, JDK, vector backend, command; throughput, speedup over the reference, fraction of copy speed,
 * vector widths, heap versus off-heap) and {@code throughput.png}. {@link dev.rotor.bench.BenchReport}
 * can be rerun on an existing directory. Unit tests are skipped under -Pbench; run them with mvn test.
 */
package dev.rotor.bench;
