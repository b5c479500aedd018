/* Fuzz target: the run-length deflate encoder (rle-deflate.c), whose
 * input is whatever pixels a chart draws. The first two bytes choose the
 * pixel distance and where the rest is cut in two; the pieces are
 * compressed apart (the first joinable), joined, inflated by zlib and
 * compared with the input. Each piece is also compressed into a buffer of
 * exactly a capacity chosen from the input, so that ASan sees any write
 * past it; the encoder must then refuse or give the same bytes. */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "fuzz-common.h"
#include "rle-deflate-private.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

/* Compresses in[0, size) with room for exactly `capacity` bytes. */
static unsigned char *deflate_piece(cplot_rle_deflater_t *deflater, const uint8_t *in, size_t size,
                                    bool final, size_t capacity, size_t *packed)
{
    unsigned char *out = malloc(capacity > 0 ? capacity : 1);
    FUZZ_CHECK(out != NULL, "out of memory");
    *packed = cplot_rle_deflate(deflater, in, size, final, out, capacity);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    unsigned pixel_bytes = data[0] % 6;
    size_t rest = size - 2, cut = rest > 0 ? (size_t)data[1] * rest / 255 : 0;
    const uint8_t *input = data + 2;
    cplot_rle_deflater_t *deflater = cplot_rle_deflater_new(pixel_bytes);
    FUZZ_CHECK(deflater != NULL, "out of memory");

    size_t bound = cplot_rle_deflate_bound(rest);
    unsigned char *joined = malloc(2 * bound);
    FUZZ_CHECK(joined != NULL, "out of memory");
    size_t joined_size = 0;
    const size_t starts[2] = {0, cut}, ends[2] = {cut, rest};
    for (int piece = 0; piece < 2; piece++) {
        size_t piece_size = ends[piece] - starts[piece], packed = 0;
        unsigned char *out = deflate_piece(deflater, input + starts[piece], piece_size, piece == 1,
                                           cplot_rle_deflate_bound(piece_size), &packed);
        FUZZ_CHECK(packed > 0, "piece %d of %zu bytes did not fit its bound", piece, piece_size);
        /* A capacity short of the bound: refused, or the same bytes. */
        size_t tight = packed + data[0] % 17, tight_packed = 0;
        unsigned char *again = deflate_piece(deflater, input + starts[piece], piece_size,
                                             piece == 1, tight, &tight_packed);
        FUZZ_CHECK(tight_packed == 0 || (tight_packed == packed && !memcmp(again, out, packed)),
                   "capacity %zu gave %zu bytes, the bound %zu", tight, tight_packed, packed);
        free(again);
        memcpy(joined + joined_size, out, packed);
        joined_size += packed;
        free(out);
    }
    cplot_rle_deflater_free(deflater);

    unsigned char *back = malloc(rest + 1);
    FUZZ_CHECK(back != NULL, "out of memory");
    z_stream stream = {0};
    FUZZ_CHECK(inflateInit2(&stream, -15) == Z_OK, "inflateInit2");
    stream.next_in = joined;
    stream.avail_in = (uInt)joined_size;
    stream.next_out = back;
    stream.avail_out = (uInt)(rest + 1);
    int result = inflate(&stream, Z_FINISH);
    size_t produced = rest + 1 - stream.avail_out;
    unsigned left = stream.avail_in;
    inflateEnd(&stream);
    FUZZ_CHECK(result == Z_STREAM_END && left == 0, "inflate gave %d with %u bytes left", result,
               left);
    FUZZ_CHECK(produced == rest && (rest == 0 || memcmp(back, input, rest) == 0),
               "inflated %zu bytes, not the %zu given", produced, rest);
    free(back);
    free(joined);
    return 0;
}
