/* A deflate encoder made for filtered chart images, which are mostly runs
 * of one byte (flat areas, rows equal to the row above) with noisy
 * stretches between them (anti-aliased edges, text, translucent point
 * clouds). It finds only runs: bytes that repeat the byte before them
 * (distance 1) or the pixel before them (distance 3 or 4: a coloured
 * edge after PNG's "up" filter), at least three at a time; anything else
 * is a literal. With no search for other matches it costs a fraction of
 * an LZ77 encoder's time, and on rows filtered "up" (rows equal to the
 * one above become zero runs) it compresses charts nearly as well (zlib's
 * Z_RLE strategy is the byte half of the idea). Each block of input gets
 * its own Huffman codes, or is stored when that is smaller. */
#ifndef CPLOT_RLE_DEFLATE_PRIVATE_H
#define CPLOT_RLE_DEFLATE_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Per-caller scratch (the tokens of one block); reuse it across calls. */
typedef struct cplot_rle_deflater cplot_rle_deflater_t;

/* `pixel_bytes` (2-4) is the second run distance; any other value means
 * byte runs only. NULL when out of memory. */
cplot_rle_deflater_t *cplot_rle_deflater_new(unsigned pixel_bytes);
void cplot_rle_deflater_free(cplot_rle_deflater_t *deflater);

/* The most bytes cplot_rle_deflate can write for `size` bytes of input. */
size_t cplot_rle_deflate_bound(size_t size);

/* Compresses in[0, size) into out[0, capacity) as raw deflate blocks
 * (no zlib header or checksum). When `final`, the last block is marked
 * final; otherwise the output ends non-final on a byte boundary (with an
 * empty stored block, as zlib's Z_SYNC_FLUSH), so that another stream's
 * bytes can follow it. Matches never reach before `in`, so pieces of one
 * input compressed apart join into one stream. Returns the bytes written,
 * or 0 when `capacity` is too small (nothing is written past it; the
 * encoder needs a few bytes beyond its output, and a capacity of
 * cplot_rle_deflate_bound(size) always suffices). */
size_t cplot_rle_deflate(cplot_rle_deflater_t *deflater, const unsigned char *in, size_t size,
                         bool final, unsigned char *out, size_t capacity);

/* The code lengths of a Huffman code for `count` (at most 286) symbols
 * of the given frequencies (each below 2^23), none longer than
 * `max_bits` (at most 15, and 2^max_bits at least `count`): the code is complete, rarer symbols
 * never get shorter codes than commoner ones, symbols that never occur get 0, and at least two
 * symbols get a length. Exposed for the unit tests. */
void cplot_rle_code_lengths(const uint32_t *frequency, unsigned count, unsigned max_bits,
                            uint8_t *lengths);

#endif
