package dev.rotor.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.rotor.Rotor;
import dev.rotor.compute.WorkerTeam;
import dev.rotor.runtime.BitNetModel;
import dev.rotor.runtime.Chat;
import dev.rotor.runtime.ChatTemplate;
import dev.rotor.runtime.Generation;
import dev.rotor.runtime.Sampler;
import dev.rotor.runtime.SamplingSettings;
import dev.rotor.runtime.Session;
import dev.rotor.runtime.TextStream;
import dev.rotor.tokenizer.Llama3Tokenizer;

/** {@code rotor run}: text generation with a BitNet b1.58 model in a rotor file, one prompt or a chat. */
@Command(name = "run", description = {
        "Generate text with a BitNet b1.58 model in a rotor file (converted from a Hugging Face directory or a GGUF: "
                + "its configuration, tokenizer and chat template travel in the file).",
        "Tokens stream to stdout; load time, prompt and generation speed go to stderr. With --chat, each line of "
                + "standard input is a user turn, answered through the model's chat template."})
final class RunCommand extends BaseCommand {
    /** Where {@code --chat} reads user turns; tests replace it. */
    static InputStream input = System.in;
    /** Context size when the model allows it and none is given (llama.cpp's default). */
    static final int DEFAULT_CONTEXT = 4096;

    @Parameters(paramLabel = "FILE", description = "A rotor file of a BitNet b1.58 model.")
    Path file;

    @Option(names = {"-p", "--prompt"}, paramLabel = "TEXT", description = "The prompt (BOS is added).")
    String prompt;

    @Option(names = {"-n", "--n-predict"}, paramLabel = "N",
            description = "Tokens to generate at most, per answer with --chat (default: ${DEFAULT-VALUE}).")
    int maxTokens = 256;

    @Option(names = {"--temperature", "--temp"}, paramLabel = "T",
            description = "0 for greedy (default: the model's generation_config.json, else 0.8).")
    Float temperature;

    @Option(names = "--top-k", paramLabel = "K", description = "Sample from the K most likely tokens, 0 for all "
            + "(default: the model's, else 40).")
    Integer topK;

    @Option(names = "--top-p", paramLabel = "P", description = "Sample from the most likely tokens up to "
            + "probability P (default: the model's, else 0.95).")
    Float topP;

    @Option(names = {"-s", "--seed"}, description = "Sampling seed (default: random; --json reports it).")
    Long seed;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Threads (default: the available "
            + "processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = {"-c", "--ctx-size"}, paramLabel = "N", description = "Context size in tokens (default: the "
            + "model's, at most " + DEFAULT_CONTEXT + ").")
    Integer contextSize;

    @Option(names = "--chat", description = "Interactive chat through the model's chat template.")
    boolean chat;

    @Option(names = {"-sys", "--system"}, paramLabel = "TEXT", description = "System prompt for --chat.")
    String systemPrompt;

    @Option(names = "--ignore-eos", description = "Do not stop at end-of-text or end-of-turn tokens.")
    boolean ignoreEos;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "Take config.json, tokenizer.json, "
            + "tokenizer_config.json and generation_config.json from this Hugging Face model directory instead of "
            + "the file.")
    Path modelDirectory;

    @Mixin
    JsonOption json = new JsonOption();

    @Override
    void run(Io io) throws IOException {
        checkOptions();
        long start = System.nanoTime();
        try (BitNetModel model = RuntimeModels.open(file, modelDirectory)) {
            double loadSeconds = (System.nanoTime() - start) / 1e9;
            Llama3Tokenizer tokenizer = model.tokenizer().orElseThrow(() -> new BadInputException(file + ": "
                    + model.tokenizerProblem() + "; pass --model-dir with the model's tokenizer.json"));
            io.note("loaded " + file + " in " + Units.duration(loadSeconds) + " (" + model.config().layers()
                    + " layers, hidden " + model.config().hiddenSize() + ", " + Rotor.backend() + ")");
            long seedUsed = seed != null ? seed : new java.util.SplittableRandom().nextLong();
            Sampler sampler = sampling(model.samplingDefaults()).sampler(seedUsed);
            Set<Integer> stops = ignoreEos ? Set.of() : model.stopTokens();
            try (WorkerTeam team = WorkerTeam.of(threads)) {
                Session session = model.newSession(context(model), threads > 1 ? team : null);
                if (chat) {
                    chat(io, model, session, tokenizer, sampler, stops);
                } else {
                    complete(io, session, tokenizer, sampler, stops, loadSeconds, seedUsed);
                }
            }
        }
    }

    private void checkOptions() {
        requireAtLeast("--n-predict", maxTokens, 0);
        requireAtLeast("--threads", threads, 1);
        if (contextSize != null) {
            requireAtLeast("--ctx-size", contextSize, 1);
        }
        if (chat == (prompt != null)) {
            throw usageError(chat ? "--chat reads the conversation from standard input; drop --prompt"
                    : "give a prompt with -p TEXT, or --chat");
        }
        if (chat && json.enabled) {
            throw usageError("--json is for one prompt, not --chat");
        }
        if (systemPrompt != null && !chat) {
            throw usageError("--system applies to --chat only");
        }
    }

    private SamplingSettings sampling(SamplingSettings defaults) {
        SamplingSettings s = new SamplingSettings(temperature != null ? temperature : defaults.temperature(),
                topK != null ? topK : defaults.topK(), topP != null ? topP : defaults.topP());
        try {
            s.sampler(0);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        return s;
    }

    private int context(BitNetModel model) {
        return contextSize != null ? contextSize : Math.min(DEFAULT_CONTEXT, model.config().maxPositions());
    }

    private void complete(Io io, Session session, Llama3Tokenizer tokenizer, Sampler sampler, Set<Integer> stops,
                          double loadSeconds, long seedUsed) {
        int[] ids = tokenizer.encode(prompt, true);
        TextStream stream = new TextStream(tokenizer);
        Generation g = session.generate(ids, maxTokens, sampler, stops, id -> {
            if (!json.enabled && !stops.contains(id)) {
                io.print(stream.next(id));
            }
        });
        if (json.enabled) {
            Json.print(io.out(), report(g, tokenizer, stops, loadSeconds, seedUsed, sampler));
        } else {
            io.print(stream.flush() + "\n");
        }
        timings(io, g, loadSeconds);
    }

    /** The fixed shape of {@code --json}: ids, text, why it stopped, timings. */
    private Map<String, Object> report(Generation g, Llama3Tokenizer tokenizer, Set<Integer> stops,
                                       double loadSeconds, long seedUsed, Sampler sampler) {
        int[] tokens = g.tokens();
        int textTokens = g.stop() == Generation.StopReason.STOP_TOKEN ? tokens.length - 1 : tokens.length;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("prompt_tokens", g.promptTokens());
        r.put("tokens", tokens);
        r.put("text", tokenizer.decode(java.util.Arrays.copyOf(tokens, textTokens)));
        r.put("stop", g.stop().name().toLowerCase(java.util.Locale.ROOT));
        r.put("load_ms", loadSeconds * 1e3);
        r.put("prompt_ms", g.promptNanos() / 1e6);
        r.put("prompt_tokens_per_s", g.promptTokensPerSecond());
        r.put("time_to_first_token_ms", g.firstTokenNanos() / 1e6);
        r.put("generated_tokens", tokens.length);
        r.put("generation_ms", g.decodeNanos() / 1e6);
        r.put("generation_tokens_per_s", g.decodeTokensPerSecond());
        r.put("seed", seedUsed);
        r.put("sampler", sampler.toString());
        r.put("threads", threads);
        return r;
    }

    private static void timings(Io io, Generation g, double loadSeconds) {
        io.note(Table.keyValue()
                .row("load", Units.duration(loadSeconds))
                .row("prompt", Units.plural(g.promptTokens().length, "token") + " in "
                        + Units.duration(g.promptNanos() / 1e9) + " (" + rate(g.promptTokensPerSecond()) + ")")
                .row("first token", "after " + Units.duration(g.firstTokenNanos() / 1e9))
                .row("generation", Units.plural(g.tokens().length, "token") + ", " + g.decodeSteps()
                        + " decoded in " + Units.duration(g.decodeNanos() / 1e9) + " ("
                        + rate(g.decodeTokensPerSecond()) + ")")
                .render().stripTrailing());
    }

    private static String rate(double tokensPerSecond) {
        return String.format(java.util.Locale.ROOT, "%.1f tokens/s", tokensPerSecond);
    }

    private void chat(Io io, BitNetModel model, Session session, Llama3Tokenizer tokenizer, Sampler sampler,
                      Set<Integer> stops) throws IOException {
        ChatTemplate template = ChatTemplate.of(model.chatTemplate().orElseThrow(() -> new BadInputException(file
                + ": the model has no chat template; use -p instead of --chat")));
        Chat conversation = new Chat(session, template, tokenizer, stops, systemPrompt);
        BufferedReader lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        while (true) {
            if (!io.quiet()) {
                io.err().print("> ");
                io.err().flush();
            }
            String line = lines.readLine();
            if (line == null || line.strip().equals("/exit")) {
                return;
            }
            if (line.isBlank()) {
                continue;
            }
            Generation g = conversation.respond(line, maxTokens, sampler, io::print);
            io.print("\n");
            if (g.stop() == Generation.StopReason.CONTEXT_FULL) {
                io.note("(the context of " + session.contextSize() + " tokens is full; start again or pass a larger "
                        + "--ctx-size)");
                return;
            }
            io.note(String.format(java.util.Locale.ROOT, "(%d prompt tokens at %.1f tokens/s, %d generated at %.1f "
                    + "tokens/s)", g.promptTokens().length, g.promptTokensPerSecond(), g.tokens().length,
                    g.decodeTokensPerSecond()));
        }
    }
}
