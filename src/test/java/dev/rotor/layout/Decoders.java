package dev.rotor.layout;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Named;

/** Every decoder this JVM can run: scalar always, Vector API at each width up to the preferred one. */
final class Decoders {
    private Decoders() { }

    static final String VECTOR_MODULE = "jdk.incubator.vector";

    static List<Named<LaneDecoder>> all() {
        List<Named<LaneDecoder>> decoders = new ArrayList<>();
        decoders.add(Named.of("scalar", new ScalarLaneDecoder()));
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent()) {
            decoders.addAll(VectorWidths.decoders());
        }
        return decoders;
    }

    /** Separate so that jdk.incubator.vector classes load only when the module is present. */
    private static final class VectorWidths {
        static List<Named<LaneDecoder>> decoders() {
            int preferred = jdk.incubator.vector.VectorShape.preferredShape().vectorBitSize();
            List<Named<LaneDecoder>> decoders = new ArrayList<>();
            for (int bits : new int[] {128, 256, 512}) {
                if (bits <= preferred) {
                    decoders.add(Named.of("vector" + bits, new VectorLaneDecoder(bits)));
                }
            }
            return decoders;
        }
    }
}
