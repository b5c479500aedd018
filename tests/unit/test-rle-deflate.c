/* Unit tests for the run-length deflate encoder (rle-deflate.c): every
 * output inflates with zlib to exactly its input, for inputs of every
 * kind the encoder treats apart (runs of a byte and of a pixel, copies,
 * noise, data Huffman codes cannot shrink, code lengths the limit must
 * cut); pieces compressed apart join into one stream; the bound always
 * suffices, and a capacity too small is refused without writing past it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "rle-deflate-private.h"

/* ------------------------------------------------------------ helpers */

static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

/* Inflates the raw deflate stream and compares it with `expected`; the
 * stream must end exactly at its last byte when `final`, and must have
 * consumed every byte without ending when not. */
static void expect_inflates_to(const unsigned char *packed, size_t size, bool final,
                               const unsigned char *expected, size_t expected_size,
                               const char *what)
{
    unsigned char *out = malloc(expected_size + 1);
    assert_non_null(out);
    z_stream stream = {0};
    assert_int_equal(inflateInit2(&stream, -15), Z_OK);
    stream.next_in = (unsigned char *)packed;
    stream.avail_in = (uInt)size;
    stream.next_out = out;
    stream.avail_out = (uInt)(expected_size + 1);
    int result = inflate(&stream, final ? Z_FINISH : Z_SYNC_FLUSH);
    size_t produced = expected_size + 1 - stream.avail_out;
    unsigned left = stream.avail_in;
    inflateEnd(&stream);
    if (final ? result != Z_STREAM_END : result != Z_OK && result != Z_BUF_ERROR)
        fail_msg("%s: inflate gave %d", what, result);
    if (left != 0)
        fail_msg("%s: %u of %zu bytes left unread", what, left, size);
    if (produced != expected_size || (expected_size > 0 && memcmp(out, expected, expected_size)))
        fail_msg("%s: inflated %zu bytes, not the %zu expected", what, produced, expected_size);
    free(out);
}

static unsigned char *deflate_all(const unsigned char *input, size_t size, unsigned pixel_bytes,
                                  bool final, size_t *packed)
{
    cplot_rle_deflater_t *deflater = cplot_rle_deflater_new(pixel_bytes);
    assert_non_null(deflater);
    size_t capacity = cplot_rle_deflate_bound(size);
    unsigned char *out = malloc(capacity);
    assert_non_null(out);
    *packed = cplot_rle_deflate(deflater, input, size, final, out, capacity);
    assert_true(*packed > 0);
    assert_true(*packed <= capacity);
    cplot_rle_deflater_free(deflater);
    return out;
}

/* Inputs of the kinds the encoder handles apart. */
typedef enum input_kind {
    KIND_ZEROS,       /* one long run */
    KIND_NOISE,       /* incompressible: stored blocks */
    KIND_SMALL_NOISE, /* few distinct bytes, short runs now and then */
    KIND_PIXELS,      /* a repeating three- or four-byte pixel: pixel runs */
    KIND_ROWS,        /* "up"-filtered chart rows: zero runs, edges, glyphs copied */
    KIND_TEXT,        /* words repeated far apart: copies at long distances */
    KIND_COUNT
} input_kind_t;

static unsigned char *make_input(input_kind_t kind, size_t size, uint32_t seed)
{
    static const char words[] = "the quick brown fox jumps over the lazy dog; ";
    unsigned char *bytes = malloc(size + 1);
    assert_non_null(bytes);
    uint32_t state = seed;
    for (size_t i = 0; i < size; i++) {
        uint32_t r = next_random(&state);
        switch (kind) {
        case KIND_ZEROS:
            bytes[i] = 0;
            break;
        case KIND_NOISE:
            bytes[i] = (unsigned char)r;
            break;
        case KIND_SMALL_NOISE:
            bytes[i] = (unsigned char)(r % 3 == 0 ? r >> 12 & 3 : i > 0 ? bytes[i - 1] : 0);
            break;
        case KIND_PIXELS:
            bytes[i] = (unsigned char)(i % 3 == 0 ? 0x4e : i % 3 == 1 ? 0x79 : 0xa7);
            if (r % 97 == 0)
                bytes[i] ^= 0x10;
            break;
        case KIND_ROWS: {
            size_t x = i % 2401; /* 800 RGB pixels and the filter byte */
            bool edge = (i / 2401) % 37 == 0, glyph = x > 100 && x < 160 && (i / 2401) % 50 < 9;
            bytes[i] = edge    ? (unsigned char)(x % 3 == 0 ? 0xcf : 0x85)
                       : glyph ? (unsigned char)((x * 7) ^ (i / 2401 % 50))
                               : 0;
            break;
        }
        case KIND_TEXT:
            bytes[i] = (unsigned char)words[(i + (r % 211 == 0 ? r : 0)) % (sizeof words - 1)];
            break;
        default:
            fail();
        }
    }
    return bytes;
}

static const size_t sizes[] = {0,  1,  2,    3,     4,     5,     31,         32,
                               33, 64, 1000, 65535, 65536, 65537, 131072 + 7, 400000};

/* ------------------------------------------------------------- tests */

static void test_every_kind_and_size_round_trips(void **state)
{
    (void)state;
    static const unsigned pixel_bytes[] = {0, 1, 2, 3, 4, 5};
    for (int kind = 0; kind < KIND_COUNT; kind++)
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
            for (size_t p = 0; p < sizeof pixel_bytes / sizeof pixel_bytes[0]; p++)
                for (int final = 0; final < 2; final++) {
                    char what[96];
                    snprintf(what, sizeof what, "kind %d, %zu bytes, pixel %u, %s", kind, sizes[s],
                             pixel_bytes[p], final ? "final" : "joinable");
                    unsigned char *input = make_input((input_kind_t)kind, sizes[s], 7u + s);
                    size_t packed = 0;
                    unsigned char *out =
                        deflate_all(input, sizes[s], pixel_bytes[p], final, &packed);
                    expect_inflates_to(out, packed, final, input, sizes[s], what);
                    free(out);
                    free(input);
                }
}

/* Each kind compresses as the encoder means it to: runs and copies to a
 * small fraction, noise stored at barely more than its size. */
static void test_compresses_what_it_should(void **state)
{
    (void)state;
    static const struct {
        input_kind_t kind;
        unsigned pixel_bytes;
        double most; /* packed / input */
    } cases[] = {
        {KIND_ZEROS, 3, 0.01}, {KIND_PIXELS, 3, 0.05}, {KIND_ROWS, 3, 0.05},
        {KIND_TEXT, 3, 0.10},  {KIND_NOISE, 3, 1.001},
    };
    size_t size = 400000;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned char *input = make_input(cases[i].kind, size, 11);
        size_t packed = 0;
        unsigned char *out = deflate_all(input, size, cases[i].pixel_bytes, true, &packed);
        if ((double)packed > cases[i].most * (double)size)
            fail_msg("kind %d: %zu bytes packed from %zu, more than %.3f of them", cases[i].kind,
                     packed, size, cases[i].most);
        free(out);
        free(input);
    }
}

/* Pieces of one input compressed apart, all but the last joinable,
 * concatenate into one stream: how png.c deflates segments on threads. */
static void test_pieces_join_into_one_stream(void **state)
{
    (void)state;
    uint32_t seed = 5;
    for (int kind = 0; kind < KIND_COUNT; kind++)
        for (int trial = 0; trial < 6; trial++) {
            size_t size = 50000 + next_random(&seed) % 300000;
            unsigned char *input = make_input((input_kind_t)kind, size, seed);
            size_t cuts[4] = {0, next_random(&seed) % size, next_random(&seed) % size, size};
            if (cuts[1] > cuts[2]) {
                size_t swap = cuts[1];
                cuts[1] = cuts[2];
                cuts[2] = swap;
            }
            unsigned char *joined = malloc(cplot_rle_deflate_bound(size) + 64);
            assert_non_null(joined);
            size_t joined_size = 0;
            for (int piece = 0; piece < 3; piece++) {
                size_t packed = 0;
                unsigned char *out = deflate_all(input + cuts[piece], cuts[piece + 1] - cuts[piece],
                                                 3, piece == 2, &packed);
                memcpy(joined + joined_size, out, packed);
                joined_size += packed;
                free(out);
            }
            char what[64];
            snprintf(what, sizeof what, "kind %d, trial %d, pieces joined", kind, trial);
            expect_inflates_to(joined, joined_size, true, input, size, what);
            free(joined);
            free(input);
        }
}

/* Checks lengths from cplot_rle_code_lengths: within the limit, a
 * complete code (Kraft sum exactly 1), lengths only where symbols occur
 * (or the two a lone symbol needs), and commoner symbols never longer. */
static void expect_good_lengths(const uint32_t *frequency, unsigned count, unsigned max_bits,
                                const char *what)
{
    uint8_t lengths[286];
    cplot_rle_code_lengths(frequency, count, max_bits, lengths);
    uint64_t kraft = 0;
    unsigned used = 0, coded = 0;
    for (unsigned s = 0; s < count; s++) {
        used += frequency[s] > 0;
        coded += lengths[s] > 0;
        if (lengths[s] > max_bits)
            fail_msg("%s: symbol %u has %u bits, over %u", what, s, lengths[s], max_bits);
        if (frequency[s] > 0 && lengths[s] == 0)
            fail_msg("%s: symbol %u occurs but has no code", what, s);
        if (lengths[s] > 0)
            kraft += (uint64_t)1 << (max_bits - lengths[s]);
        for (unsigned t = 0; t < count; t++)
            if (frequency[t] > frequency[s] && frequency[s] > 0 && lengths[t] > lengths[s])
                fail_msg("%s: symbol %u is commoner than %u but longer", what, t, s);
    }
    if (kraft != (uint64_t)1 << max_bits)
        fail_msg("%s: Kraft sum %llu/%llu, not a complete code", what, (unsigned long long)kraft,
                 (unsigned long long)1 << max_bits);
    if (coded != (used < 2 ? 2 : used))
        fail_msg("%s: %u codes for %u symbols that occur", what, coded, used);
}

/* Frequencies in the Fibonacci sequence make a Huffman code as deep as
 * there are symbols, so lengths over the limit must be cut (29 litlen
 * symbols to 15 bits; the 19 code-length symbols to 7). */
static void test_code_lengths_are_limited_and_complete(void **state)
{
    (void)state;
    uint32_t frequency[286] = {0};
    frequency[0] = frequency[1] = 1;
    for (int i = 2; i < 29; i++)
        frequency[i] = frequency[i - 1] + frequency[i - 2];
    expect_good_lengths(frequency, 286, 15, "Fibonacci, 15 bits");
    expect_good_lengths(frequency, 19, 7, "Fibonacci, 7 bits");
    memset(frequency, 0, sizeof frequency);
    expect_good_lengths(frequency, 286, 15, "nothing occurs");
    frequency[200] = 5;
    expect_good_lengths(frequency, 286, 15, "one symbol");
    frequency[0] = 9;
    expect_good_lengths(frequency, 286, 15, "two symbols");
    uint32_t seed = 17;
    for (int trial = 0; trial < 200; trial++) {
        unsigned max_bits = trial % 2 ? 15 : 7 + trial % 9;
        unsigned count =
            2 + next_random(&seed) % ((1u << max_bits) < 285 ? (1u << max_bits) - 1 : 285);
        for (unsigned s = 0; s < count; s++) {
            uint32_t r = next_random(&seed);
            frequency[s] = r % 4 == 0 ? 0 : r % 3 == 0 ? r % 65536 : 1 + (r >> 4) % 50;
        }
        char what[48];
        snprintf(what, sizeof what, "random trial %d", trial);
        expect_good_lengths(frequency, count, max_bits, what);
    }
}

/* Fibonacci byte frequencies in one block: the litlen code needs its
 * lengths cut, and the block must still inflate. */
static void test_skewed_bytes_round_trip(void **state)
{
    (void)state;
    enum { SYMBOLS = 22 };
    uint32_t count[SYMBOLS] = {1, 1};
    size_t total = 2;
    for (int i = 2; i < SYMBOLS; i++) {
        count[i] = count[i - 1] + count[i - 2];
        total += count[i];
    }
    assert_true(total < 65536);
    unsigned char *input = malloc(total);
    assert_non_null(input);
    size_t at = 0;
    for (int i = 0; i < SYMBOLS; i++)
        for (uint32_t k = 0; k < count[i]; k++)
            input[at++] = (unsigned char)(i * 11);
    uint32_t seed = 3;
    for (size_t i = total - 1; i > 0; i--) { /* shuffle */
        size_t j = next_random(&seed) % (i + 1);
        unsigned char swap = input[i];
        input[i] = input[j];
        input[j] = swap;
    }
    size_t packed = 0;
    unsigned char *out = deflate_all(input, total, 1, true, &packed);
    expect_inflates_to(out, packed, true, input, total, "Fibonacci frequencies");
    assert_true(packed * 8 < total * 3); /* coded, not stored */
    free(out);
    free(input);
}

/* With less room than the output needs, the encoder says so (0) and
 * writes nothing past the capacity; with the bound it always fits. */
static void test_capacity_is_respected(void **state)
{
    (void)state;
    for (int kind = 0; kind < KIND_COUNT; kind++) {
        size_t size = 70000;
        unsigned char *input = make_input((input_kind_t)kind, size, 19);
        size_t needed = 0;
        unsigned char *reference = deflate_all(input, size, 3, true, &needed);
        cplot_rle_deflater_t *deflater = cplot_rle_deflater_new(3);
        assert_non_null(deflater);
        size_t guard = 64; /* more than the slack */
        unsigned char *out = malloc(needed + guard);
        assert_non_null(out);
        size_t capacities[] = {0, 1, needed / 2, needed - 1, needed};
        for (size_t c = 0; c < sizeof capacities / sizeof capacities[0]; c++) {
            memset(out, 0xa5, needed + guard);
            size_t written = cplot_rle_deflate(deflater, input, size, true, out, capacities[c]);
            if (written > 0) {
                assert_int_equal(written, needed);
                assert_memory_equal(out, reference, needed);
            }
            for (size_t i = capacities[c]; i < needed + guard; i++)
                if (out[i] != 0xa5)
                    fail_msg("kind %d, capacity %zu: byte %zu written", kind, capacities[c], i);
        }
        /* The writer's eight-byte stores need slack beyond the output, and
         * stored blocks are planned with their most padding. */
        assert_int_equal(cplot_rle_deflate(deflater, input, size, true, out, needed + 16), needed);
        free(out);
        free(reference);
        cplot_rle_deflater_free(deflater);
        free(input);
    }
}

/* A deflater reused across calls gives what a fresh one gives: nothing
 * of one call (hash heads, skipping) leaks into the next. */
static void test_reuse_gives_identical_bytes(void **state)
{
    (void)state;
    cplot_rle_deflater_t *deflater = cplot_rle_deflater_new(4);
    assert_non_null(deflater);
    for (int kind = 0; kind < KIND_COUNT; kind++) {
        size_t size = 90000;
        unsigned char *input = make_input((input_kind_t)kind, size, 23);
        size_t fresh_size = 0;
        unsigned char *fresh = deflate_all(input, size, 4, false, &fresh_size);
        unsigned char *again = malloc(cplot_rle_deflate_bound(size));
        assert_non_null(again);
        size_t again_size =
            cplot_rle_deflate(deflater, input, size, false, again, cplot_rle_deflate_bound(size));
        assert_int_equal(again_size, fresh_size);
        assert_memory_equal(again, fresh, fresh_size);
        free(again);
        free(fresh);
        free(input);
    }
    cplot_rle_deflater_free(deflater);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_kind_and_size_round_trips),
        cmocka_unit_test(test_compresses_what_it_should),
        cmocka_unit_test(test_pieces_join_into_one_stream),
        cmocka_unit_test(test_code_lengths_are_limited_and_complete),
        cmocka_unit_test(test_skewed_bytes_round_trip),
        cmocka_unit_test(test_capacity_is_respected),
        cmocka_unit_test(test_reuse_gives_identical_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
