package dev.rotor.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.rotor.RotorPlanes;
import dev.rotor.layout.SourceLayout;
import dev.rotor.model.ModelConverter;
import dev.rotor.model.RotorFile;
import dev.rotor.synthetic.ModelShape;
import dev.rotor.synthetic.SyntheticModel;

/** Matrices over the memory-mapped tensors of a rotor file: their planes, scales and convention, not copied. */
class MappedTensorTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = SourceLayout.class, names = {"HF_BITNET", "GGUF_TQ2_0"})
    void mappedTensorsMultiplyLikeTheirPlanesOnHeap(SourceLayout layout) throws IOException {
        Path source = dir.resolve(layout == SourceLayout.HF_BITNET ? "model.safetensors" : "model.gguf");
        SyntheticModel.of(ModelShape.TINY, 5).write(source, layout);
        Path rotor = dir.resolve("model.rotor.safetensors");
        ModelConverter.create().toRotor(source, rotor);
        SplittableRandom random = new SplittableRandom(9);
        try (RotorFile file = RotorFile.open(rotor)) {
            assertFalse(file.ternaryTensors().isEmpty());
            for (RotorFile.TernaryPlanes t : file.ternaryTensors()) {
                TernaryMatrix mapped = TernaryMatrix.of(t);
                assertEquals(layout.scaleConvention(), mapped.scales().convention(), t.name());
                RotorPlanes heap = RotorPlanes.of(t.rows(), t.cols(), t.pos().toArray(ValueLayout.JAVA_BYTE),
                        t.neg().toArray(ValueLayout.JAVA_BYTE));
                byte[] x = ComputeData.int8(t.cols(), random);
                int[] y = new int[t.rows()];
                mapped.gemv(x, y);
                assertArrayEquals(ComputeData.literalGemm(heap, x, 1), y, t.name());

                float[] xf = new float[2 * t.cols()];
                for (int i = 0; i < xf.length; i++) {
                    xf[i] = (float) random.nextGaussian();
                }
                float[] yf = new float[2 * t.rows()];
                BitLinear.of(mapped).forward(xf, yf, 2, new Workspace());
                assertArrayEquals(BitLinearReference.forward(heap, mapped.scales(), xf, 2), yf, t.name());
            }
        }
    }
}
