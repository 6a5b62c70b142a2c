package dev.rotor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SmokeAgreementTest {
    @Test
    void allKernelsAgree() {
        TernaryKernel[] ks = {new ScalarKernel(), new VectorKernel()};
        Random rnd = new Random(1);
        for (int cols = 1; cols < 300; cols += 1) {
            int rows = 1 + rnd.nextInt(5);
            byte[] packed = new byte[(int) (rows * Geometry.packedStride(cols))];
            rnd.nextBytes(packed);
            int ps = (int) Geometry.planeStride(cols);
            byte[] rp = new byte[rows * ps], rn = new byte[rows * ps];
            long ri = new ReferenceKernel().bitnetToPlanes(MemorySegment.ofArray(packed), MemorySegment.ofArray(rp), MemorySegment.ofArray(rn), rows, cols);
            byte[] rb = new byte[packed.length];
            long rbo = new ReferenceKernel().planesToBitnet(MemorySegment.ofArray(rp), MemorySegment.ofArray(rn), MemorySegment.ofArray(rb), rows, cols);
            byte[] r8 = new byte[rows * cols];
            new ReferenceKernel().planesToInt8(MemorySegment.ofArray(rp), MemorySegment.ofArray(rn), MemorySegment.ofArray(r8), rows, cols);
            for (TernaryKernel k : ks) {
                byte[] p = new byte[rows * ps], n = new byte[rows * ps];
                long inv = k.bitnetToPlanes(MemorySegment.ofArray(packed), MemorySegment.ofArray(p), MemorySegment.ofArray(n), rows, cols);
                String m = k.name() + " cols=" + cols;
                assertEquals(ri, inv, m);
                assertArrayEquals(rp, p, m);
                assertArrayEquals(rn, n, m);
                byte[] b = new byte[packed.length];
                assertEquals(rbo, k.planesToBitnet(MemorySegment.ofArray(p), MemorySegment.ofArray(n), MemorySegment.ofArray(b), rows, cols), m);
                assertArrayEquals(rb, b, m);
                byte[] v = new byte[rows * cols];
                assertEquals(0, k.planesToInt8(MemorySegment.ofArray(p), MemorySegment.ofArray(n), MemorySegment.ofArray(v), rows, cols), m);
                assertArrayEquals(r8, v, m);
                byte[] p2 = new byte[rows * ps], n2 = new byte[rows * ps];
                assertEquals(0, k.int8ToPlanes(MemorySegment.ofArray(v), MemorySegment.ofArray(p2), MemorySegment.ofArray(n2), rows, cols), m);
                assertArrayEquals(rp, p2, m);
                assertArrayEquals(rn, n2, m);
            }
        }
    }
}
