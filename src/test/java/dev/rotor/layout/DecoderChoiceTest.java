package dev.rotor.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.rotor.InvalidCodePolicy;
import dev.rotor.Rotor;
import dev.rotor.kernel.KernelProvider;
import dev.rotor.kernel.LaneDecoder;
import dev.rotor.kernel.ScalarLaneDecoder;
import dev.rotor.kernel.VectorLaneDecoder;

/** The codecs decode with the Vector API exactly when the core does, and run without the module at all. */
class DecoderChoiceTest {
    /** A line of {@code -Xlog:class+load}: {@code [...][info][class,load] java.lang.Object source: ...}. */
    private static final Pattern CLASS_LOAD = Pattern.compile("\\[class,load\\] (\\S+) source:");

    @Test
    void followsTheCoreBackend() {
        LaneDecoder chosen = KernelProvider.choice().decoder();
        assertEquals(Rotor.backend().isVector() ? "VectorLaneDecoder" : "ScalarLaneDecoder",
                chosen.getClass().getSimpleName(), "backend " + Rotor.backend());
    }

    /** Entry point of the child JVM: round trips every layout through {@link TernaryCodec#of}. */
    public static void main(String[] args) {
        Random rnd = new Random(1);
        int rows = 8;
        int cols = 512;
        for (SourceLayout layout : SourceLayout.values()) {
            TernaryCodec codec = TernaryCodec.of(layout);
            CodecContract.Shape shape = new CodecContract.Shape(rows, cols);
            CodecContract.Planes planes = CodecContract.Planes.random(shape, rnd);
            float[] scales = new float[(int) codec.scaleCount(rows, cols)];
            byte[] data = CodecContract.encode(codec, planes, scales, shape);
            CodecContract.Planes back = CodecContract.decode(codec, data, shape, InvalidCodePolicy.STRICT);
            planes.assertSameBits(back, layout.id());
        }
        System.out.println("backend " + Rotor.backend().kernel() + "; decoder "
                + KernelProvider.choice().decoder().getClass().getSimpleName());
    }

    @Test
    void runsWithoutTheVectorModule() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(List.of(java, "-Xlog:class+load=info", "-cp",
                System.getProperty("java.class.path"), DecoderChoiceTest.class.getName()))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("backend scalar; decoder ScalarLaneDecoder"), output);
        Set<String> loaded = CLASS_LOAD.matcher(output).results().map(m -> m.group(1)).collect(Collectors.toSet());
        assertTrue(loaded.contains(ScalarLaneDecoder.class.getName()), "no class-load log: " + output);
        assertFalse(loaded.contains(VectorLaneDecoder.class.getName()), "loaded the vector decoder");
        assertEquals(List.of(), loaded.stream().filter(c -> c.startsWith(Decoders.VECTOR_MODULE + ".")).toList());
    }
}
