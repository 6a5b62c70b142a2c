package dev.rotor.layout;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Named;

import dev.rotor.Rotor;
import dev.rotor.kernel.LaneDecoder;
import dev.rotor.kernel.ScalarLaneDecoder;
import dev.rotor.kernel.VectorLaneDecoder;

/** Every decoder this JVM can run: scalar always, and the Vector API one at this JVM's width. */
public final class Decoders {
    private Decoders() { }

    static final String VECTOR_MODULE = "jdk.incubator.vector";

    public static List<Named<LaneDecoder>> all() {
        List<Named<LaneDecoder>> decoders = new ArrayList<>();
        decoders.add(Named.of("scalar", new ScalarLaneDecoder()));
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent()) {
            decoders.addAll(VectorWidths.decoders());
        }
        return decoders;
    }

    /**
     * Separate so that jdk.incubator.vector classes load only when the module is present. The vector
     * decoder's width is fixed per JVM (constant species); the build reruns these tests in JVMs forced to
     * 128 and 256 bits (surefire executions in pom.xml) so every width is covered.
     */
    private static final class VectorWidths {
        static List<Named<LaneDecoder>> decoders() {
            if (!Rotor.backend().isVector()) {
                return List.of();
            }
            return List.of(Named.of("vector" + Rotor.backend().vectorBits(), new VectorLaneDecoder()));
        }
    }
}
