package dev.rotor.kernel;

import java.lang.management.ManagementFactory;
import java.util.Locale;

import com.sun.management.HotSpotDiagnosticMXBean;

import dev.rotor.Backend;

/**
 * The one place that picks kernels, once per JVM, like Lucene's vectorization provider: the Vector API
 * kernels only on HotSpot with C2, with {@code jdk.incubator.vector} readable and a native vector width the
 * kernels support; otherwise the portable scalar kernels, with one log line saying why. Every kernel family
 * (the conversion kernel, the layout lane decoders, the matrix kernel and the float kernel) follows the same
 * choice, so a JVM never mixes a vector conversion with a scalar decoder or the other way round.
 *
 * <p>System properties, for tests and experiments:
 * <ul>
 *   <li>{@code rotor.kernel} = {@code auto} (default), {@code vector}, {@code scalar} or {@code reference};
 *       forcing {@code vector} where it cannot run natively still falls back, with the reason;</li>
 *   <li>{@code rotor.vectorBits} = 128, 256 or 512: the width to use if the hardware has it
 *       (default: the JIT's preferred width, i.e. the widest the hardware runs natively).</li>
 * </ul>
 */
public final class KernelProvider {
    static final String KERNEL_PROPERTY = "rotor.kernel";
    static final String BITS_PROPERTY = "rotor.vectorBits";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    static final int MIN_BITS = 128;

    private static final System.Logger LOG = System.getLogger("dev.rotor");

    private KernelProvider() { }

    /**
     * The kernels of every family and the backend description, chosen once.
     *
     * @param kernel  conversions between the BitNet 2-bit layout, planes and int8
     * @param decoder the bulk decoders behind the layout codecs
     * @param matrix  the matrix products on planes (int8 GEMV/GEMM, ternary products)
     * @param floats  the float operations of a forward pass (dot products, float matrices of the output head)
     * @param backend which kernel family runs, its width and why
     */
    public record Choice(TernaryKernel kernel, LaneDecoder decoder, MatrixKernel matrix, FloatKernel floats,
                         Backend backend) { }

    private static final class Holder {
        static final Choice CHOICE = choose();
    }

    public static Choice choice() {
        return Holder.CHOICE;
    }

    private static Choice choose() {
        String wanted = System.getProperty(KERNEL_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        Choice choice = switch (wanted) {
            case "reference" -> new Choice(new ReferenceKernel(), new ScalarLaneDecoder(), new ReferenceMatrixKernel(),
                    new ReferenceFloatKernel(),
                    new Backend("reference", 0, "forced by -D" + KERNEL_PROPERTY + "=reference (slow, for tests)"));
            case "scalar" -> scalar("forced by -D" + KERNEL_PROPERTY + "=scalar");
            case "auto", "vector" -> vectorOrScalar();
            default -> throw new IllegalStateException("-D" + KERNEL_PROPERTY + "=" + wanted
                    + " is not one of auto, vector, scalar, reference");
        };
        LOG.log(choice.backend().isVector() ? System.Logger.Level.DEBUG : System.Logger.Level.INFO,
                "rotor kernel: " + choice.backend());
        return choice;
    }

    /**
     * Every matrix kernel that can run natively here: reference, scalar, and the vector kernel when the Vector API
     * is usable at this JVM's width.
     */
    public static java.util.List<MatrixKernel> availableMatrixKernels() {
        java.util.List<MatrixKernel> kernels = new java.util.ArrayList<>(
                java.util.List.of(new ReferenceMatrixKernel(), new ScalarMatrixKernel()));
        if (whyVectorKernelUnusable() == null) {
            kernels.add(VectorSupportProbe.matrixKernel());
        }
        return kernels;
    }

    /**
     * Every kernel that can run natively here: reference, scalar, and the vector kernel when the
     * Vector API is usable at this JVM's width (even if {@code rotor.kernel} chose another kernel).
     */
    public static java.util.List<TernaryKernel> availableKernels() {
        java.util.List<TernaryKernel> kernels = new java.util.ArrayList<>(
                java.util.List.of(new ReferenceKernel(), new ScalarKernel()));
        if (whyVectorKernelUnusable() == null) {
            kernels.add(VectorSupportProbe.kernel());
        }
        return kernels;
    }

    private static Choice scalar(String reason) {
        return new Choice(new ScalarKernel(), new ScalarLaneDecoder(), new ScalarMatrixKernel(),
                new ScalarFloatKernel(), new Backend("scalar", 0, reason));
    }

    private static Choice vectorOrScalar() {
        String unusable = whyVectorKernelUnusable();
        if (unusable != null) {
            return scalar(unusable);
        }
        int bits = vectorBits();
        return new Choice(VectorSupportProbe.kernel(), VectorSupportProbe.decoder(), VectorSupportProbe.matrixKernel(),
                VectorSupportProbe.floatKernel(),
                new Backend("vector", bits, isaName(bits, VectorSupportProbe.preferredBitSize())));
    }

    /** Null if the vector kernel can run natively at {@link #vectorBits()}, else the reason it cannot. */
    public static String whyVectorKernelUnusable() {
        String unusable = whyVectorUnusable();
        if (unusable != null) {
            return unusable;
        }
        // Only touch jdk.incubator.vector classes once the module is known to be readable.
        int preferred = VectorSupportProbe.preferredBitSize();
        int bits = vectorBits();
        if (bits > preferred) {
            return "-D" + BITS_PROPERTY + "=" + bits + " is wider than this machine's " + preferred
                    + "-bit vectors (it would run through the slow Java fallback)";
        }
        if (bits < MIN_BITS) {
            return "preferred vector size " + preferred + " bits is too small (need " + MIN_BITS + ")";
        }
        return null;
    }

    /**
     * The vector width for this JVM: {@code rotor.vectorBits} if set, else the preferred width (measured
     * fastest: on an AVX-512 machine the 512-bit kernel converts about twice as fast as the 256-bit one).
     * Only call once the Vector API is known to be usable.
     */
    public static int vectorBits() {
        int preferred = VectorSupportProbe.preferredBitSize();
        String value = System.getProperty(BITS_PROPERTY);
        if (value == null) {
            return preferred;
        }
        int bits;
        try {
            bits = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("-D" + BITS_PROPERTY + "=" + value + " is not a number");
        }
        if (bits != 128 && bits != 256 && bits != 512) {
            throw new IllegalStateException("-D" + BITS_PROPERTY + "=" + value + " must be 128, 256 or 512");
        }
        return bits;
    }

    /** Null if the Vector API can run compiled here, else the reason it cannot. */
    public static String whyVectorUnusable() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return VECTOR_MODULE + " not enabled - pass --add-modules " + VECTOR_MODULE;
        }
        String vm = System.getProperty("java.vm.name", "");
        if (!vm.contains("HotSpot") && !vm.contains("OpenJDK")) {
            return "not a HotSpot VM (" + vm + "): the Vector API may not be compiled to SIMD";
        }
        if (System.getProperty("java.vm.info", "").contains("interpreted mode")) {
            return "the JIT is disabled (-Xint)";
        }
        return c2Problem();
    }

    private static String c2Problem() {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (bean == null) {
                return null;
            }
            if (!Boolean.parseBoolean(bean.getVMOption("UseCompiler").getValue())) {
                return "the JIT is disabled (-XX:-UseCompiler)";
            }
            int level = Integer.parseInt(bean.getVMOption("TieredStopAtLevel").getValue());
            if (Boolean.parseBoolean(bean.getVMOption("TieredCompilation").getValue()) && level < 4) {
                return "C2 is disabled (-XX:TieredStopAtLevel=" + level + ")";
            }
            return null;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return null; // option unknown on this VM: assume a standard C2 build
        }
    }

    private static String isaName(int bits, int preferred) {
        String arch = System.getProperty("os.arch", "");
        String isa;
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            isa = bits >= 512 ? "AVX-512" : bits == 256 ? "AVX2" : "SSE";
        } else if (arch.equals("aarch64")) {
            isa = bits == 128 ? "NEON" : "SVE";
        } else {
            isa = arch;
        }
        return preferred > bits ? isa + "; hardware has " + preferred + "-bit" : isa;
    }
}
