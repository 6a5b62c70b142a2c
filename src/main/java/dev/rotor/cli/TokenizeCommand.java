package dev.rotor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.rotor.tokenizer.Llama3Tokenizer;

/** {@code rotor tokenize}: text to token ids and back, as llama.cpp's {@code llama-tokenize}. */
@Command(name = "tokenize", description = {
        "Turn text into token ids with the Llama 3 tokenizer of FILE (the same ids as Hugging Face tokenizers), or"
                + " ids back into text.",
        "FILE is a tokenizer.json, a model directory, a GGUF file or a rotor file. Without TEXT, the text (or the"
                + " ids) is read from standard input as it is (a final newline is part of the text), up to 64 MiB."
                + " Special tokens in the text become their ids."})
final class TokenizeCommand extends BaseCommand {
    /** Most bytes of text read from standard input (JSON input is streamed instead). */
    static final int MAX_INPUT_BYTES = 64 << 20;
    private static final JsonFactory JSON = new JsonFactory();

    @Parameters(index = "0", paramLabel = "FILE", description = "tokenizer.json, model directory, GGUF or rotor file.")
    Path file;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TEXT",
            description = "The text (with --decode: the ids, e.g. \"128000 9906\"). Default: standard input.")
    String text;

    @Option(names = "--tokens", description = "Print each id with its piece of text, one per line.")
    boolean tokens;

    @Option(names = "--decode", description = "Turn ids (separated by spaces or commas) back into text.")
    boolean decode;

    @Option(names = "--bos", description = "Put <|begin_of_text|> (the model's BOS) first.")
    boolean bos;

    @Option(names = "--json", description = "For scripts: standard input is a JSON array of strings, standard output"
            + " one JSON array with each string's array of ids (with --decode: arrays of ids in, strings out).")
    boolean json;

    @Override
    void run(Io io) throws IOException {
        if (json && (text != null || tokens)) {
            throw usageError("--json reads standard input and prints ids only: give no TEXT and no --tokens");
        }
        if (decode && (tokens || bos)) {
            throw usageError("--decode turns ids into text: --tokens and --bos do not apply");
        }
        Llama3Tokenizer tokenizer = Llama3Tokenizer.load(file);
        if (json) {
            streamJson(tokenizer, io.in(), io.out());
            return;
        }
        String input = text != null ? text : readInput(io.in());
        if (decode) {
            io.out().println(tokenizer.decode(ids(input)));
        } else if (tokens) {
            for (int id : tokenizer.encode(input, bos)) {
                io.out().println(id + " -> '" + escaped(tokenizer.decode(new int[] {id})) + "'");
            }
        } else {
            io.out().println(Arrays.toString(tokenizer.encode(input, bos)));
        }
        io.out().flush();
    }

    private static String readInput(InputStream stdin) throws IOException {
        byte[] bytes = stdin.readNBytes(MAX_INPUT_BYTES + 1);
        if (bytes.length > MAX_INPUT_BYTES) {
            throw new BadInputException("standard input holds more than " + Units.bytes(MAX_INPUT_BYTES)
                    + " of text: split it, or stream it as a JSON array of strings with --json");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Ids separated by spaces or commas, optionally in brackets. */
    private static int[] ids(String input) {
        String trimmed = input.strip();
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1).strip();
        }
        if (trimmed.isEmpty()) {
            return new int[0];
        }
        String[] parts = trimmed.split("[\\s,]+");
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new BadInputException("'" + parts[i] + "' is not a token id (ids are integers separated by"
                        + " spaces or commas)");
            }
        }
        return ids;
    }


    /** A piece of text as a quoted literal: backslash escapes for quotes, backslashes and control characters. */
    static String escaped(String piece) {
        StringBuilder out = new StringBuilder(piece.length());
        for (int i = 0; i < piece.length(); i++) {
            char c = piece.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\'', '\\' -> out.append('\\').append(c);
                default -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c)
                        : String.valueOf(c));
            }
        }
        return out.toString();
    }

    /**
     * Reads a JSON array from standard input one element at a time and writes one JSON array: strings to arrays of
     * ids, or (with --decode) arrays of ids to strings.
     */
    private void streamJson(Llama3Tokenizer tokenizer, InputStream stdin, PrintWriter out) throws IOException {
        try (JsonParser in = JSON.createParser(stdin); JsonGenerator gen = JSON.createGenerator(out)) {
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            expect(in, in.nextToken() == JsonToken.START_ARRAY, "a JSON array");
            gen.writeStartArray();
            for (JsonToken t = in.nextToken(); t != JsonToken.END_ARRAY; t = in.nextToken()) {
                if (decode) {
                    gen.writeString(tokenizer.decode(idArray(in, t)));
                } else {
                    expect(in, t == JsonToken.VALUE_STRING, "a string");
                    int[] ids = tokenizer.encode(in.getText(), bos);
                    gen.writeArray(ids, 0, ids.length);
                }
            }
            expect(in, in.nextToken() == null, "the end of the input after the array");
            gen.writeEndArray();
            gen.writeRaw('\n');
        } catch (JsonProcessingException e) {
            throw new BadInputException("standard input is not the JSON --json reads (" + what() + "): "
                    + e.getOriginalMessage(), e);
        }
        out.flush();
    }

    private int[] idArray(JsonParser in, JsonToken start) throws IOException {
        expect(in, start == JsonToken.START_ARRAY, "an array of ids");
        List<Integer> ids = new ArrayList<>();
        for (JsonToken t = in.nextToken(); t != JsonToken.END_ARRAY; t = in.nextToken()) {
            expect(in, t == JsonToken.VALUE_NUMBER_INT && in.getNumberType() == JsonParser.NumberType.INT,
                    "a token id");
            ids.add(in.getIntValue());
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private void expect(JsonParser in, boolean ok, String expected) {
        if (!ok) {
            var at = in.currentTokenLocation();
            throw new BadInputException("standard input at line " + at.getLineNr() + ", column " + at.getColumnNr()
                    + ": expected " + expected + ", found " + found(in) + " (--json reads " + what() + ")");
        }
    }

    private static String found(JsonParser in) {
        try {
            return in.currentToken() == null ? "the end" : "'" + in.getText() + "'";
        } catch (IOException e) {
            return in.currentToken().name();
        }
    }

    private String what() {
        return decode ? "a JSON array of arrays of token ids" : "a JSON array of strings";
    }
}
