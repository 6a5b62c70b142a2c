package dev.rotor.cli;

import java.util.Locale;

import dev.rotor.Backend;
import dev.rotor.Rotor;

/**
 * Everything {@code rotor backend} reports about vector support on this JVM.
 *
 * @param kernel           the kernel conversions use, as {@link Backend#toString()}
 * @param vectorBits       the width the vector kernel runs at, 0 if it is not used
 * @param why              why that kernel was chosen
 * @param vectorModule     whether jdk.incubator.vector is readable
 * @param preferredBits    the JIT's preferred vector width, 0 if unknown (module not enabled)
 * @param preferredSpecies the preferred byte species, or why it is unknown
 * @param javaVersion      {@code java.runtime.version}
 * @param javaVendor       {@code java.vendor}
 * @param vm               {@code java.vm.name} and {@code java.vm.info}
 * @param osArch           {@code os.arch}
 * @param cores            available processors
 */
record BackendFacts(String kernel, int vectorBits, String why, boolean vectorModule, int preferredBits,
                    String preferredSpecies, String javaVersion, String javaVendor, String vm, String osArch,
                    int cores) implements Report {
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** The facts of this JVM. */
    static BackendFacts collect() {
        Backend backend = Rotor.backend();
        boolean module = ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
        return new BackendFacts(backend.toString(), backend.vectorBits(), why(backend), module,
                module ? VectorFacts.preferredBits() : 0,
                module ? VectorFacts.preferredSpecies() : "unknown without --add-modules " + VECTOR_MODULE,
                System.getProperty("java.runtime.version"), System.getProperty("java.vendor"),
                System.getProperty("java.vm.name") + " (" + System.getProperty("java.vm.info") + ")",
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors());
    }

    /** A sentence saying why {@code backend} was chosen. */
    static String why(Backend backend) {
        if (!backend.isVector()) {
            return backend.reason();
        }
        return String.format(Locale.ROOT, "%s is enabled and C2 compiles %d-bit vectors natively (%s)",
                VECTOR_MODULE, backend.vectorBits(), backend.reason());
    }

    /** The one-screen text for people. */
    @Override
    public String render() {
        return Table.keyValue()
                .row("kernel", kernel)
                .row("why", why)
                .row("vector module", VECTOR_MODULE + (vectorModule ? " enabled"
                        : " not enabled (pass --add-modules " + VECTOR_MODULE + ")"))
                .row("preferred width", preferredBits > 0 ? preferredBits + " bits" : "unknown")
                .row("preferred species", preferredSpecies)
                .row("JDK", javaVersion + " (" + javaVendor + ")")
                .row("VM", vm)
                .row("os.arch", osArch)
                .row("cores", cores)
                .render();
    }
}
