// Times ggml's own ternary kernels the way issue 12 quotes them: TQ2_0 x Q8_K and TQ1_0 x Q8_K vec_dot over
// every row of a rows x cols matrix (one int8-quantised activation vector), single thread, best of 60 passes.
// Builds against a ggml checkout the user provides (run.sh); nothing of ggml is part of this repository.
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "ggml.h"
#include "ggml-cpu.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double time_type(enum ggml_type type, int rows, int cols, const float *w, const float *x, int reps) {
    const struct ggml_type_traits_cpu *traits = ggml_get_type_traits_cpu(type);
    const struct ggml_type_traits_cpu *act = ggml_get_type_traits_cpu(traits->vec_dot_type);
    size_t row_size = ggml_row_size(type, cols);
    uint8_t *q = malloc(row_size * rows);
    ggml_quantize_chunk(type, w, q, 0, rows, cols, NULL);
    uint8_t *xq = malloc(ggml_row_size(traits->vec_dot_type, cols));
    act->from_float(x, xq, cols);
    float *s = malloc(sizeof(float) * rows);
    double best = 1e9;
    for (int rep = 0; rep < reps; rep++) {
        double t0 = now();
        for (int r = 0; r < rows; r++) {
            traits->vec_dot(cols, &s[r], 0, q + row_size * r, 0, xq, 0, 1);
        }
        double t = now() - t0;
        if (t < best) {
            best = t;
        }
    }
    volatile float sink = s[rows / 2];
    (void) sink;
    free(q);
    free(xq);
    free(s);
    return best;
}

int main(int argc, char **argv) {
    int reps = argc > 1 ? atoi(argv[1]) : 60;
    const char *build = argc > 2 ? argv[2] : "?";
    static const int shapes[][2] = {{2560, 2560}, {6912, 2560}, {2560, 6912}};
    ggml_cpu_init();
    srand(42);
    printf("| build | type | shape | best of %d | G weights/s |\n|---|---|---|---|---|\n", reps);
    for (int i = 0; i < 3; i++) {
        int rows = shapes[i][0], cols = shapes[i][1];
        float *w = malloc(sizeof(float) * rows * cols);
        float *x = malloc(sizeof(float) * cols);
        for (long j = 0; j < (long) rows * cols; j++) {
            w[j] = (float) (rand() % 3 - 1);
        }
        for (int j = 0; j < cols; j++) {
            x[j] = (float) rand() / RAND_MAX * 2 - 1;
        }
        enum ggml_type types[] = {GGML_TYPE_TQ2_0, GGML_TYPE_TQ1_0};
        for (int t = 0; t < 2; t++) {
            double best = time_type(types[t], rows, cols, w, x, reps);
            printf("| %s | %s | %dx%d | %.3f ms | %.1f |\n", build, ggml_type_name(types[t]), rows, cols, best * 1e3,
                   (double) rows * cols / best / 1e9);
        }
        free(w);
        free(x);
    }
    return 0;
}
