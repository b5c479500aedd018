/* Raw deflate streams made to follow one another, so that pieces of one
 * input compressed apart (on several threads) form one stream. libdeflate
 * has no flush: each of its outputs is complete, its last block marked
 * final and padded to a byte, and it does not say where that block
 * starts. A walker reads the block structure (no output is produced) to
 * find it, then the final mark is cleared and an empty stored block
 * appended, so the stream ends non-final on a byte boundary, as zlib's
 * Z_SYNC_FLUSH leaves it, and the next piece's bytes can follow. */
#ifndef CPLOT_DEFLATE_JOIN_PRIVATE_H
#define CPLOT_DEFLATE_JOIN_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes a stream may grow by in cplot_deflate_make_joinable: one for the
 * empty block's three header bits and padding (when the end was aligned,
 * or too near a byte's end for them), four for its lengths. */
#define CPLOT_DEFLATE_JOIN_GROWTH 5

/* Where a complete raw deflate stream's last block starts and where the
 * code that ends it ends, in bits from the first byte (bit 0 is the low
 * bit of byte 0, as deflate packs them). */
typedef struct cplot_deflate_end {
    size_t last_block_bit;
    size_t end_bit;
} cplot_deflate_end_t;

/* Walks the blocks of the raw deflate stream in data[0, size) (stored,
 * fixed and dynamic Huffman blocks, decoding symbols without producing
 * output) up to the end of its final block. False, with `end` unset, when
 * the bytes are not a valid stream ending within `size`; never reads
 * outside them. */
bool cplot_deflate_find_end(const unsigned char *data, size_t size, cplot_deflate_end_t *end);

/* Turns the complete stream in data[0, size) into one that ends
 * non-final and byte-aligned, so another stream's bytes can follow (the
 * last of the joined streams keeps its final block). `capacity` must be
 * at least size + CPLOT_DEFLATE_JOIN_GROWTH. Returns the new size, or 0
 * (data unchanged) when the stream cannot be walked. */
size_t cplot_deflate_make_joinable(unsigned char *data, size_t size, size_t capacity);

#endif
