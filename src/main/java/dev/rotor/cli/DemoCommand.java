package dev.rotor.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import dev.rotor.synthetic.ModelShape;

/** {@code rotor demo} (also plain {@code rotor} and {@code rotor convert} without input): the embedded showcase. */
@Command(name = "demo", description = {
        "Generate a seeded BitNet b1.58 2B4T-shaped model in memory (Hugging Face 2-bit packing, 210 ternary "
                + "tensors, 2.1 billion weights), convert it to rotor planes, check a sample weight by weight, and "
                + "print the time of each step and the throughput.",
        "This is what plain 'rotor' runs."})
final class DemoCommand extends BaseCommand {
    static final long DEFAULT_SEED = 42;

    @Option(names = "--shape", paramLabel = "SHAPE", converter = ShapeConverter.class,
            description = "Model shape: 2b4t (default), small or tiny.")
    ModelShape shape = ModelShape.BITNET_B158_2B4T;

    @Option(names = "--seed", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed = DEFAULT_SEED;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    void run(Io io) {
        requireAtLeast("--threads", threads, 1);
        demo(io, shape, seed, threads);
    }

    /** The demo with its defaults, for the bare {@code rotor} command and {@code rotor convert}. */
    static void demo(Io io) {
        demo(io, ModelShape.BITNET_B158_2B4T, DEFAULT_SEED, Runtime.getRuntime().availableProcessors());
    }

    private static void demo(Io io, ModelShape shape, long seed, int threads) {
        io.print(ModelDemo.render(ModelDemo.run(io, shape, seed, threads)));
    }

    /** The shapes by their option names. */
    static final class ShapeConverter implements ITypeConverter<ModelShape> {
        static final Map<String, ModelShape> SHAPES = new LinkedHashMap<>();

        static {
            SHAPES.put("2b4t", ModelShape.BITNET_B158_2B4T);
            SHAPES.put("small", ModelShape.SMALL);
            SHAPES.put("tiny", ModelShape.TINY);
        }

        @Override
        public ModelShape convert(String value) {
            ModelShape shape = SHAPES.get(value.toLowerCase(Locale.ROOT));
            if (shape == null) {
                throw new TypeConversionException("unknown shape '" + value + "'; expected one of "
                        + String.join(", ", SHAPES.keySet()));
            }
            return shape;
        }
    }
}
