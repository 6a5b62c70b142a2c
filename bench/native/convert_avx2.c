/*
 * Hand-written AVX2 conversion kernels: the yardstick for rotor's 256-bit Vector API kernel.
 *
 * Same conversions and the same contract as dev.rotor.kernel.VectorKernel (FORMATS.md sections 1
 * and 2): every kernel also returns a flag that is non-zero if a code was 11, a weight had both plane
 * bits set, or an int8 value was outside -1..1, and writes the LENIENT result (0) for such weights.
 * Each kernel is checked weight by weight against a scalar reference before it is timed.
 *
 * Timing, as the Java side reports it: warm-up for a while, then N calls timed one by one; best and
 * median. Built and run by bench/native/convert-avx2.sh (gcc -O2 -mavx2: no AVX-512 instruction is emitted).
 *
 * Usage: convert_avx2 [rows cols [calls [warm-up seconds]]]   (default 2560 2560 400 2)
 */
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef uint64_t (*kernel_fn)(const uint8_t *in, uint8_t *out1, uint8_t *out2, size_t n);

/* ---------------------------------------------------------------------------------------------
 * Scalar reference, weight by weight (n = number of weights, a multiple of 8).
 * ------------------------------------------------------------------------------------------- */

static uint64_t ref_bitnet_to_planes(const uint8_t *packed, uint8_t *pos, uint8_t *neg, size_t n) {
    uint64_t invalid = 0;
    memset(pos, 0, n / 8);
    memset(neg, 0, n / 8);
    for (size_t i = 0; i < n; i++) {
        int code = (packed[i / 4] >> (2 * (i % 4))) & 3;
        if (code == 2) pos[i / 8] |= 1 << (i % 8);
        if (code == 1) neg[i / 8] |= 1 << (i % 8);
        invalid += code == 3;
    }
    return invalid;
}

static uint64_t ref_planes_to_bitnet(const uint8_t *pos, const uint8_t *neg, uint8_t *packed, size_t n) {
    uint64_t both = 0;
    memset(packed, 0, n / 4);
    for (size_t i = 0; i < n; i++) {
        int p = (pos[i / 8] >> (i % 8)) & 1, m = (neg[i / 8] >> (i % 8)) & 1;
        packed[i / 4] |= (p << 1 | m) << (2 * (i % 4));
        both += p & m;
    }
    return both;
}

static uint64_t ref_planes_to_int8(const uint8_t *pos, const uint8_t *neg, int8_t *values, size_t n) {
    uint64_t both = 0;
    for (size_t i = 0; i < n; i++) {
        int p = (pos[i / 8] >> (i % 8)) & 1, m = (neg[i / 8] >> (i % 8)) & 1;
        values[i] = (int8_t) (p - m);
        both += p & m;
    }
    return both;
}

static uint64_t ref_int8_to_planes(const int8_t *values, uint8_t *pos, uint8_t *neg, size_t n) {
    uint64_t bad = 0;
    memset(pos, 0, n / 8);
    memset(neg, 0, n / 8);
    for (size_t i = 0; i < n; i++) {
        if (values[i] == 1) pos[i / 8] |= 1 << (i % 8);
        if (values[i] == -1) neg[i / 8] |= 1 << (i % 8);
        bad += values[i] < -1 || values[i] > 1;
    }
    return bad;
}

/* ---------------------------------------------------------------------------------------------
 * 2-bit -> planes. 32 code bytes (128 weights) give 16 pos and 16 neg bytes.
 * ------------------------------------------------------------------------------------------- */

/* Nibble lookup: for the 2 codes of a byte's low nibble, pos bits at 0..1 and neg bits at 4..5; for
 * the high nibble's codes, pos at 2..3 and neg at 6..7. Code 11 sets neither (the LENIENT result). */
static __m256i nibble_table(int shift) {
    uint8_t t[32];
    for (int v = 0; v < 16; v++) {
        int p = 0, m = 0;
        for (int k = 0; k < 2; k++) {
            int code = (v >> (2 * k)) & 3;
            p |= (code == 2) << k;
            m |= (code == 1) << k;
        }
        t[v] = t[v + 16] = (uint8_t) ((p | m << 4) << shift);
    }
    return _mm256_loadu_si256((const __m256i *) t);
}

/* Each code byte becomes pos4 | neg4 << 4: two in-lane lookups (vpshufb), one per nibble. */
static inline __m256i code_byte_planes(__m256i b, __m256i lut_lo, __m256i lut_hi) {
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    __m256i lo = _mm256_and_si256(b, low4);
    __m256i hi = _mm256_and_si256(_mm256_srli_epi16(b, 4), low4);
    return _mm256_or_si256(_mm256_shuffle_epi8(lut_lo, lo), _mm256_shuffle_epi8(lut_hi, hi));
}

/* Joins the nibbles of each byte pair: pmaddubsw with weights (1, 16) gives n0 | n1 << 4 in a 16-bit lane. */
static inline __m256i join_nibbles(__m256i nibbles) {
    return _mm256_maddubs_epi16(nibbles, _mm256_set1_epi16(0x1001));
}

/* Lookup + pmaddubsw + packus, one pass, 64 code bytes (two vectors) per step for 256-bit stores. */
static uint64_t avx2_bitnet_to_planes(const uint8_t *packed, uint8_t *pos, uint8_t *neg, size_t n) {
    const __m256i lut_lo = nibble_table(0), lut_hi = nibble_table(2), low4 = _mm256_set1_epi8(0x0F);
    __m256i invalid = _mm256_setzero_si256();
    size_t bytes = n / 4, i = 0;
    for (; i + 64 <= bytes; i += 64) {
        __m256i a = _mm256_loadu_si256((const __m256i *) (packed + i));
        __m256i b = _mm256_loadu_si256((const __m256i *) (packed + i + 32));
        invalid = _mm256_or_si256(invalid, _mm256_and_si256(a, _mm256_srli_epi16(a, 1)));
        invalid = _mm256_or_si256(invalid, _mm256_and_si256(b, _mm256_srli_epi16(b, 1)));
        __m256i ta = code_byte_planes(a, lut_lo, lut_hi), tb = code_byte_planes(b, lut_lo, lut_hi);
        __m256i pa = join_nibbles(_mm256_and_si256(ta, low4));
        __m256i pb = join_nibbles(_mm256_and_si256(tb, low4));
        __m256i na = join_nibbles(_mm256_and_si256(_mm256_srli_epi16(ta, 4), low4));
        __m256i nb = join_nibbles(_mm256_and_si256(_mm256_srli_epi16(tb, 4), low4));
        /* packus interleaves the 128-bit lanes of its sources; vpermq puts the 8-byte runs in order. */
        __m256i p = _mm256_permute4x64_epi64(_mm256_packus_epi16(pa, pb), 0xD8);
        __m256i m = _mm256_permute4x64_epi64(_mm256_packus_epi16(na, nb), 0xD8);
        _mm256_storeu_si256((__m256i *) (pos + i / 2), p);
        _mm256_storeu_si256((__m256i *) (neg + i / 2), m);
    }
    uint64_t flag = (uint64_t) !_mm256_testz_si256(invalid, _mm256_set1_epi8(0x55));
    uint64_t rest = ref_bitnet_to_planes(packed + i, pos + i / 2, neg + i / 2, n - 4 * i);
    return flag | rest;
}

/* The same with the three-multiply gather of Java's VectorKernel (no lookup), for comparison. */
static inline __m256i gather_odd_bits(__m256i x) {
    x = _mm256_and_si256(_mm256_mullo_epi16(x, _mm256_set1_epi16(3)), _mm256_set1_epi16((short) 0xCCCC));
    x = _mm256_and_si256(_mm256_mullo_epi16(x, _mm256_set1_epi16(5)), _mm256_set1_epi16((short) 0xF0F0));
    return _mm256_srli_epi16(_mm256_mullo_epi16(x, _mm256_set1_epi16(0x11)), 8);
}

static uint64_t avx2_mul_bitnet_to_planes(const uint8_t *packed, uint8_t *pos, uint8_t *neg, size_t n) {
    const __m256i high = _mm256_set1_epi16((short) 0xAAAA);
    __m256i invalid = _mm256_setzero_si256();
    size_t bytes = n / 4, i = 0;
    for (; i + 64 <= bytes; i += 64) {
        __m256i pp[2], mm[2];
        for (int h = 0; h < 2; h++) {
            __m256i c = _mm256_loadu_si256((const __m256i *) (packed + i + 32 * h));
            __m256i hi = _mm256_and_si256(c, high), lo = _mm256_and_si256(_mm256_slli_epi16(c, 1), high);
            pp[h] = gather_odd_bits(_mm256_andnot_si256(lo, hi));
            mm[h] = gather_odd_bits(_mm256_andnot_si256(hi, lo));
            invalid = _mm256_or_si256(invalid, _mm256_and_si256(hi, lo));
        }
        _mm256_storeu_si256((__m256i *) (pos + i / 2), _mm256_permute4x64_epi64(_mm256_packus_epi16(pp[0], pp[1]), 0xD8));
        _mm256_storeu_si256((__m256i *) (neg + i / 2), _mm256_permute4x64_epi64(_mm256_packus_epi16(mm[0], mm[1]), 0xD8));
    }
    uint64_t flag = (uint64_t) !_mm256_testz_si256(invalid, invalid);
    return flag | ref_bitnet_to_planes(packed + i, pos + i / 2, neg + i / 2, n - 4 * i);
}

/* Scalar BMI2: one pext per plane per 64 bits of codes. */
static uint64_t pext_bitnet_to_planes(const uint8_t *packed, uint8_t *pos, uint8_t *neg, size_t n) {
    const uint64_t low = 0x5555555555555555ull;
    uint64_t invalid = 0;
    size_t bytes = n / 4, i = 0;
    for (; i + 8 <= bytes; i += 8) {
        uint64_t c;
        memcpy(&c, packed + i, 8);
        uint64_t hi = (c >> 1) & low, lo = c & low;
        uint32_t p = (uint32_t) _pext_u64(hi & ~lo, low), m = (uint32_t) _pext_u64(lo & ~hi, low);
        memcpy(pos + i / 2, &p, 4);
        memcpy(neg + i / 2, &m, 4);
        invalid |= hi & lo;
    }
    return (invalid != 0) | ref_bitnet_to_planes(packed + i, pos + i / 2, neg + i / 2, n - 4 * i);
}

/* ---------------------------------------------------------------------------------------------
 * planes -> 2-bit. 16 pos and 16 neg bytes (128 weights) give 32 code bytes.
 * ------------------------------------------------------------------------------------------- */

/* Nibble value v -> its 4 bits spread to bits 0, 2, 4, 6, then shifted up by `shift` (1 for pos). */
static __m256i spread_table(int shift) {
    uint8_t t[32];
    for (int v = 0; v < 16; v++) {
        int s = 0;
        for (int k = 0; k < 4; k++) s |= ((v >> k) & 1) << (2 * k);
        t[v] = t[v + 16] = (uint8_t) (s << shift);
    }
    return _mm256_loadu_si256((const __m256i *) t);
}

/* 16 plane bytes -> 32 bytes, each the codes of one nibble: zero-extend to 16 bits, nibbles to bytes, lookup. */
static inline __m256i plane_codes(__m128i plane, __m256i table) {
    __m256i w = _mm256_cvtepu8_epi16(plane);
    w = _mm256_and_si256(_mm256_or_si256(w, _mm256_slli_epi16(w, 4)), _mm256_set1_epi16(0x0F0F));
    return _mm256_shuffle_epi8(table, w);
}

static uint64_t avx2_planes_to_bitnet(const uint8_t *pos, const uint8_t *neg, uint8_t *packed, size_t n) {
    const __m256i plus = spread_table(1), minus = spread_table(0);
    __m128i both = _mm_setzero_si128();
    size_t bytes = n / 8, i = 0;
    for (; i + 16 <= bytes; i += 16) {
        __m128i p = _mm_loadu_si128((const __m128i *) (pos + i)), m = _mm_loadu_si128((const __m128i *) (neg + i));
        both = _mm_or_si128(both, _mm_and_si128(p, m));
        _mm256_storeu_si256((__m256i *) (packed + 2 * i), _mm256_or_si256(plane_codes(p, plus), plane_codes(m, minus)));
    }
    uint64_t flag = (uint64_t) !_mm_testz_si128(both, both);
    return flag | ref_planes_to_bitnet(pos + i, neg + i, packed + 2 * i, n - 8 * i);
}

/* ---------------------------------------------------------------------------------------------
 * planes -> int8. 4 pos and 4 neg bytes (32 weights) give 32 int8 bytes.
 * ------------------------------------------------------------------------------------------- */

/* Broadcast 4 plane bytes, copy byte k to output bytes 8k..8k+7 (vpshufb), then 0xFF where the byte's bit is set. */
static inline __m256i plane_bytes(const uint8_t *plane, __m256i expand, __m256i bits) {
    int32_t word;
    memcpy(&word, plane, 4);
    __m256i x = _mm256_shuffle_epi8(_mm256_set1_epi32(word), expand);
    return _mm256_cmpeq_epi8(_mm256_and_si256(x, bits), bits);
}

static uint64_t avx2_planes_to_int8(const uint8_t *pos, const uint8_t *neg, int8_t *values, size_t n) {
    const __m256i expand = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
                                            2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
    const __m256i bits = _mm256_set1_epi64x(0x8040201008040201ll);
    __m256i both = _mm256_setzero_si256();
    size_t bytes = n / 8, i = 0;
    for (; i + 32 <= bytes; i += 32) {
        both = _mm256_or_si256(both, _mm256_and_si256(_mm256_loadu_si256((const __m256i *) (pos + i)),
                                                      _mm256_loadu_si256((const __m256i *) (neg + i))));
        for (size_t k = 0; k < 32; k += 4) {
            __m256i p = plane_bytes(pos + i + k, expand, bits), m = plane_bytes(neg + i + k, expand, bits);
            /* 0xFF masks: 0 - (-1) = +1, -1 - 0 = -1, and -1 - (-1) = 0 where both are set. */
            _mm256_storeu_si256((__m256i *) (values + 8 * (i + k)), _mm256_sub_epi8(m, p));
        }
    }
    uint64_t flag = (uint64_t) !_mm256_testz_si256(both, both);
    return flag | ref_planes_to_int8(pos + i, neg + i, values + 8 * i, n - 8 * i);
}

/* ---------------------------------------------------------------------------------------------
 * int8 -> planes. 32 int8 bytes give 4 pos and 4 neg bytes: two compares and two vpmovmskb.
 * ------------------------------------------------------------------------------------------- */

static uint64_t avx2_int8_to_planes(const int8_t *values, uint8_t *pos, uint8_t *neg, size_t n) {
    const __m256i one = _mm256_set1_epi8(1), minus_one = _mm256_set1_epi8(-1);
    __m256i top = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *) (values + i));
        uint32_t p = (uint32_t) _mm256_movemask_epi8(_mm256_cmpeq_epi8(v, one));
        uint32_t m = (uint32_t) _mm256_movemask_epi8(_mm256_cmpeq_epi8(v, minus_one));
        memcpy(pos + i / 8, &p, 4);
        memcpy(neg + i / 8, &m, 4);
        top = _mm256_max_epu8(top, _mm256_add_epi8(v, one));  /* v + 1 is 0..2 for valid values */
    }
    uint64_t flag = (uint64_t) !_mm256_testz_si256(_mm256_subs_epu8(top, _mm256_set1_epi8(2)), minus_one);
    return flag | ref_int8_to_planes(values + i, pos + i / 8, neg + i / 8, n - i);
}

/* ---------------------------------------------------------------------------------------------
 * Copies of the larger side, the other yardstick.
 * ------------------------------------------------------------------------------------------- */

static uint64_t copy_kernel(const uint8_t *in, uint8_t *out, uint8_t *unused, size_t bytes) {
    (void) unused;
    memcpy(out, in, bytes);
    return out[bytes - 1];
}

/* ---------------------------------------------------------------------------------------------
 * Harness.
 * ------------------------------------------------------------------------------------------- */

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static volatile uint64_t sink;

/* Warm up for `warm_s` seconds, then time `calls` calls one by one; prints best and median. */
static void measure(const char *direction, const char *name, kernel_fn f, const void *in, void *o1, void *o2,
                    size_t n, double in_bytes, int calls, double warm_s) {
    double end = now_ns() + warm_s * 1e9;
    while (now_ns() < end) sink += f(in, o1, o2, n);
    double *t = malloc(sizeof(double) * calls);
    for (int c = 0; c < calls; c++) {
        double start = now_ns();
        sink += f(in, o1, o2, n);
        t[c] = now_ns() - start;
    }
    qsort(t, calls, sizeof(double), compare_doubles);
    double median = t[calls / 2];
    printf("| %-15s | %-26s | %9.1f | %9.1f | %7.2f |\n", direction, name, t[0] / 1e3, median / 1e3,
           in_bytes / median);
    fflush(stdout);
    free(t);
}

static void *buffer(size_t bytes) {
    void *p = aligned_alloc(64, (bytes + 63) / 64 * 64);
    if (!p) { fprintf(stderr, "out of memory\n"); exit(1); }
    memset(p, 0, bytes);
    return p;
}

static void check(const char *what, const void *a, const void *b, size_t bytes, uint64_t flag_a, uint64_t flag_b) {
    if (memcmp(a, b, bytes) != 0 || (flag_a != 0) != (flag_b != 0)) {
        fprintf(stderr, "%s differs from the reference\n", what);
        exit(1);
    }
}

/* Every kernel against the reference, on data with and without bad weights. */
static void self_test(size_t n) {
    uint8_t *packed = buffer(n / 4), *pos = buffer(n / 8), *neg = buffer(n / 8), *p2 = buffer(n / 8), *n2 = buffer(n / 8);
    uint8_t *packed2 = buffer(n / 4);
    int8_t *values = buffer(n), *values2 = buffer(n);
    kernel_fn to_planes[] = {(kernel_fn) avx2_bitnet_to_planes, (kernel_fn) avx2_mul_bitnet_to_planes,
                             (kernel_fn) pext_bitnet_to_planes};
    for (int bad = 0; bad < 2; bad++) {
        srand(7 + bad);
        for (size_t i = 0; i < n / 4; i++) packed[i] = (uint8_t) rand();   /* all four codes, 11 included */
        if (!bad) for (size_t i = 0; i < n / 4; i++) packed[i] &= ~((packed[i] >> 1) & 0x55); /* 11 -> 10 */
        uint64_t want = ref_bitnet_to_planes(packed, pos, neg, n);
        for (size_t k = 0; k < sizeof to_planes / sizeof *to_planes; k++) {
            uint64_t got = to_planes[k](packed, p2, n2, n);
            check("2-bit -> planes (pos)", pos, p2, n / 8, want, got);
            check("2-bit -> planes (neg)", neg, n2, n / 8, want, got);
        }
        for (size_t i = 0; i < n / 8; i++) neg[i] = (uint8_t) rand() & (bad ? 0xFF : ~pos[i]);
        want = ref_planes_to_bitnet(pos, neg, packed, n);
        check("planes -> 2-bit", packed, packed2, n / 4, want, avx2_planes_to_bitnet(pos, neg, packed2, n));
        want = ref_planes_to_int8(pos, neg, values, n);
        check("planes -> int8", values, values2, n, want, avx2_planes_to_int8(pos, neg, values2, n));
        for (size_t i = 0; i < n; i++) values[i] = (int8_t) (rand() % 3 - 1);
        if (bad) values[n / 3] = 2, values[n - 1] = -128;
        want = ref_int8_to_planes(values, pos, neg, n);
        uint64_t got = avx2_int8_to_planes(values, p2, n2, n);
        check("int8 -> planes (pos)", pos, p2, n / 8, want, got);
        check("int8 -> planes (neg)", neg, n2, n / 8, want, got);
    }
    free(packed); free(packed2); free(pos); free(neg); free(p2); free(n2); free(values); free(values2);
}

int main(int argc, char **argv) {
    size_t rows = argc > 2 ? strtoul(argv[1], 0, 10) : 2560, cols = argc > 2 ? strtoul(argv[2], 0, 10) : 2560;
    int calls = argc > 3 ? atoi(argv[3]) : 400;
    double warm = argc > 4 ? atof(argv[4]) : 2;
    size_t n = rows * cols;
    if (cols % 8 != 0 || n % 256 != 0 || calls < 1) {
        fprintf(stderr, "usage: convert_avx2 [rows cols [calls [warm-up seconds]]]: cols %% 8 == 0, rows*cols %% 256 == 0\n");
        return 2;
    }
    self_test(n);
    self_test(8 * 256 + 24 * 8);   /* a length that leaves a tail after the vector loops */

    uint8_t *packed = buffer(n / 4), *pos = buffer(n / 8), *neg = buffer(n / 8), *big = buffer(n);
    int8_t *values = buffer(n);
    srand(42);
    for (size_t i = 0; i < n; i++) values[i] = (int8_t) (rand() % 3 - 1);
    ref_int8_to_planes(values, pos, neg, n);
    ref_planes_to_bitnet(pos, neg, packed, n);

    printf("%zux%zu, %d calls after %.1f s of warm-up each; times in us; GB/s of input at the median\n\n",
           rows, cols, calls, warm);
    printf("| direction       | kernel                     |      best |    median |    GB/s |\n");
    printf("|---|---|---|---|---|\n");
    measure("2-bit -> planes", "AVX2 pshufb+pmaddubsw", (kernel_fn) avx2_bitnet_to_planes, packed, pos, neg, n, n / 4.0, calls, warm);
    measure("2-bit -> planes", "AVX2 3 x vpmullw gather", (kernel_fn) avx2_mul_bitnet_to_planes, packed, pos, neg, n, n / 4.0, calls, warm);
    measure("2-bit -> planes", "scalar BMI2 pext", (kernel_fn) pext_bitnet_to_planes, packed, pos, neg, n, n / 4.0, calls, warm);
    measure("2-bit -> planes", "memcpy of the input", (kernel_fn) copy_kernel, packed, big, 0, n / 4, n / 4.0, calls, warm);
    measure("planes -> 2-bit", "AVX2 vpmovzxbw+pshufb", (kernel_fn) avx2_planes_to_bitnet, pos, neg, packed, n, n / 4.0, calls, warm);
    measure("planes -> 2-bit", "memcpy of the output", (kernel_fn) copy_kernel, packed, big, 0, n / 4, n / 4.0, calls, warm);
    measure("planes -> int8", "AVX2 pshufb+pcmpeqb", (kernel_fn) avx2_planes_to_int8, pos, neg, values, n, n / 4.0, calls, warm);
    measure("planes -> int8", "memcpy of the output", (kernel_fn) copy_kernel, values, big, 0, n, n / 4.0, calls, warm);
    measure("int8 -> planes", "AVX2 pcmpeqb+pmovmskb", (kernel_fn) avx2_int8_to_planes, values, pos, neg, n, (double) n, calls, warm);
    measure("int8 -> planes", "memcpy of the input", (kernel_fn) copy_kernel, values, big, 0, n, (double) n, calls, warm);
    return 0;
}
