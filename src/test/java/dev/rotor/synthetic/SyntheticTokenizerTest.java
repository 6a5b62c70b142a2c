package dev.rotor.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.rotor.tokenizer.Llama3Tokenizer;
import dev.rotor.tokenizer.Vocabulary;

class SyntheticTokenizerTest {
    @Test
    void llama3SizedVocabularyHasLlama3sCountsAndSpecialTokens() {
        Vocabulary v = SyntheticTokenizer.vocabulary(128_256, 42);
        assertEquals(128_256, v.tokens().size());
        assertEquals(280_147, v.merges().size(), "Llama 3's merge count");
        assertEquals(128_000, v.bosId());
        assertEquals("<|begin_of_text|>", v.tokens().get(128_000));
        assertEquals("<|end_of_text|>", v.tokens().get(v.eosId()));
        assertEquals("<|reserved_special_token_0|>", v.tokens().get(128_002));
        assertEquals("<|start_header_id|>", v.tokens().get(128_006));
        assertEquals("<|eot_id|>", v.tokens().get(128_009));
        assertEquals("<|reserved_special_token_250|>", v.tokens().get(128_255), "as in Llama 3 (3.1 names three more)");
        assertEquals(256, Arrays.stream(v.tokenTypes()).filter(t -> t == Vocabulary.CONTROL).count());

        Llama3Tokenizer tok = Llama3Tokenizer.fromJson(v.tokenizerJson());
        String text = "Some text, with Ünïcödé 😀 and 12345 digits <|eot_id|>\n\tend";
        int[] ids = tok.encode(text, true);
        assertEquals(128_000, ids[0]);
        assertEquals(1, Arrays.stream(ids).filter(id -> id == 128_009).count(), "the special token is one id");
        assertEquals("<|begin_of_text|>" + text, tok.decode(ids));
    }

    @Test
    void theSeedDecidesTheVocabulary() {
        Vocabulary a = SyntheticTokenizer.vocabulary(4096, 1);
        assertEquals(a.tokens(), SyntheticTokenizer.vocabulary(4096, 1).tokens());
        assertEquals(a.merges(), SyntheticTokenizer.vocabulary(4096, 1).merges());
        assertNotEquals(a.tokens(), SyntheticTokenizer.vocabulary(4096, 2).tokens());
        Vocabulary small = SyntheticTokenizer.vocabulary(512, 1);
        assertEquals(16, Arrays.stream(small.tokenTypes()).filter(t -> t == Vocabulary.CONTROL).count());
        assertThrows(IllegalArgumentException.class, () -> SyntheticTokenizer.vocabulary(272, 1));
    }
}
