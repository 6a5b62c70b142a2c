package dev.rotor.cli;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

/** The only CLI class touching jdk.incubator.vector: loaded only once the module is known to be readable. */
final class VectorFacts {
    private VectorFacts() { }

    /** The JIT's preferred width in bits (respects -XX:MaxVectorSize). */
    static int preferredBits() {
        return ByteVector.SPECIES_PREFERRED.vectorBitSize();
    }

    /** The preferred byte species, e.g. {@code ByteVector.SPECIES_256 (32 byte lanes)}. */
    static String preferredSpecies() {
        VectorSpecies<Byte> species = ByteVector.SPECIES_PREFERRED;
        return "ByteVector.SPECIES_" + species.vectorBitSize() + " (" + species.length() + " byte lanes)";
    }
}
