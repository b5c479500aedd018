/* The deflate block walker and the non-final ending (deflate-join-private.h),
 * written from RFC 1951. The walker only needs to know how many bits each
 * symbol takes, so its tables map the next stream bits straight to that
 * count (code plus extra bits) and to the kind of symbol; codes longer
 * than the table (rare: each is under 1/1024 of its block's symbols) are
 * decoded bit by bit. */
#include "deflate-join-private.h"

#include <stdint.h>
#include <string.h>

enum {
    TABLE_BITS = 10,
    MAX_CODE_BITS = 15,
    LITLEN_SYMBOLS = 288,  /* 286 and 287 take part in the code but never appear */
    DISTANCE_SYMBOLS = 32, /* likewise 30 and 31 */
    CODELEN_SYMBOLS = 19,
    END_OF_BLOCK = 256,
    FIRST_LENGTH = 257,
    /* A bit reader past its input feeds zeros; past this many the walk
     * has certainly read beyond the stream and stops. */
    OVERRUN_LIMIT_BYTES = 8,
};

/* A table entry: bits the symbol takes in its low 6 bits, its kind above. */
enum {
    ENTRY_BITS_MASK = 0x3f,
    KIND_LITERAL = 0 << 6,
    KIND_LENGTH = 1 << 6, /* a match: a distance code follows */
    KIND_END = 2 << 6,
    KIND_INVALID = 3 << 6,
    KIND_SLOW = 4 << 6, /* the code is longer than TABLE_BITS, or no code starts so */
    KIND_MASK = 7 << 6,
};

typedef enum alphabet { ALPHABET_LITLEN, ALPHABET_DISTANCE, ALPHABET_CODELEN } alphabet_t;

typedef struct huffman {
    alphabet_t alphabet;
    uint16_t table[1 << TABLE_BITS];
    uint16_t count[MAX_CODE_BITS + 1]; /* codes of each length */
    uint16_t sorted[LITLEN_SYMBOLS];   /* symbols by code length, then value: canonical order */
} huffman_t;

/* Reads bits least significant first. Past the input it feeds zeros and
 * counts them, so the position says how far a walk went beyond it. */
typedef struct bit_reader {
    const unsigned char *start, *next, *end;
    uint64_t bits;
    unsigned count; /* bits held in `bits` */
    size_t overrun; /* zero bytes fed past the end */
} bit_reader_t;

static void reader_seek(bit_reader_t *reader, size_t byte)
{
    reader->next = reader->start + byte;
    reader->bits = 0;
    reader->count = 0;
    reader->overrun = 0;
}

static size_t reader_position(const bit_reader_t *reader)
{
    return ((size_t)(reader->next - reader->start) + reader->overrun) * 8 - reader->count;
}

/* Holds at least 56 bits afterwards: enough for a length and a distance
 * with their extra bits (48). False once the walk is surely past the end. */
static bool refill(bit_reader_t *reader)
{
    if (reader->end - reader->next >= 8) {
        uint64_t word = 0;
        for (int i = 7; i >= 0; i--) /* little-endian load: one instruction in practice */
            word = word << 8 | reader->next[i];
        reader->bits |= word << reader->count;
        reader->next += (63 - reader->count) >> 3;
        reader->count |= 56;
        return true;
    }
    while (reader->count < 56) {
        uint64_t byte = 0;
        if (reader->next < reader->end)
            byte = *reader->next++;
        else
            reader->overrun++;
        reader->bits |= byte << reader->count;
        reader->count += 8;
    }
    return reader->overrun <= OVERRUN_LIMIT_BYTES;
}

/* Takes `n` (<= 32) bits; the caller has refilled. */
static uint32_t take_bits(bit_reader_t *reader, unsigned n)
{
    uint32_t value = (uint32_t)(reader->bits & ((UINT64_C(1) << n) - 1));
    reader->bits >>= n;
    reader->count -= n;
    return value;
}

/* Extra bits after a length symbol (257..285) or a distance symbol. */
static unsigned length_extra_bits(unsigned symbol)
{
    if (symbol < 265 || symbol == 285)
        return 0;
    return (symbol - 261) / 4;
}

static unsigned distance_extra_bits(unsigned symbol)
{
    return symbol < 4 ? 0 : symbol / 2 - 1;
}

/* The entry for `symbol` coded in `length` bits. */
static uint16_t symbol_entry(alphabet_t alphabet, unsigned symbol, unsigned length)
{
    switch (alphabet) {
    case ALPHABET_LITLEN:
        if (symbol < END_OF_BLOCK)
            return (uint16_t)(KIND_LITERAL | length);
        if (symbol == END_OF_BLOCK)
            return (uint16_t)(KIND_END | length);
        if (symbol <= 285)
            return (uint16_t)(KIND_LENGTH | (length + length_extra_bits(symbol)));
        return KIND_INVALID;
    case ALPHABET_DISTANCE:
        return symbol < 30 ? (uint16_t)(KIND_LITERAL | (length + distance_extra_bits(symbol)))
                           : KIND_INVALID;
    case ALPHABET_CODELEN:
        return (uint16_t)(KIND_LITERAL | length); /* the symbol itself is read by decode_symbol */
    }
    return KIND_INVALID;
}

static unsigned reverse_bits(unsigned code, unsigned length)
{
    unsigned reversed = 0;
    for (unsigned i = 0; i < length; i++, code >>= 1)
        reversed = reversed << 1 | (code & 1);
    return reversed;
}

/* Builds the canonical code of `lengths` (RFC 1951 3.2.2). False when the
 * lengths oversubscribe the code space; an incomplete code (one distance
 * code, say) is allowed, its unused bit patterns then fail to decode. */
static bool huffman_build(huffman_t *code, alphabet_t alphabet, const uint8_t *lengths,
                          unsigned symbols)
{
    code->alphabet = alphabet;
    memset(code->count, 0, sizeof code->count);
    for (unsigned s = 0; s < symbols; s++)
        code->count[lengths[s]]++;
    code->count[0] = 0;
    int left = 1;
    uint16_t offset[MAX_CODE_BITS + 2];
    offset[1] = 0;
    for (unsigned length = 1; length <= MAX_CODE_BITS; length++) {
        left = left * 2 - code->count[length];
        if (left < 0)
            return false;
        offset[length + 1] = (uint16_t)(offset[length] + code->count[length]);
    }
    for (unsigned s = 0; s < symbols; s++)
        if (lengths[s] != 0)
            code->sorted[offset[lengths[s]]++] = (uint16_t)s;

    for (size_t i = 0; i < sizeof code->table / sizeof code->table[0]; i++)
        code->table[i] = KIND_SLOW;
    unsigned next_code = 0, index = 0;
    for (unsigned length = 1; length <= TABLE_BITS; length++) {
        for (unsigned k = 0; k < code->count[length]; k++, index++, next_code++) {
            unsigned symbol = code->sorted[index];
            uint16_t entry = symbol_entry(alphabet, symbol, length);
            for (unsigned slot = reverse_bits(next_code, length); slot < (1u << TABLE_BITS);
                 slot += 1u << length)
                code->table[slot] = entry;
        }
        next_code <<= 1;
    }
    return true;
}

/* Canonical decoding one bit at a time of the code at the reader's next
 * bits (which it does not take); -1 when no code starts so. */
static int decode_slowly(const huffman_t *code, uint64_t bits, unsigned *length)
{
    unsigned value = 0, first = 0, index = 0;
    for (unsigned n = 1; n <= MAX_CODE_BITS; n++, bits >>= 1) {
        value |= (unsigned)(bits & 1);
        unsigned count = code->count[n];
        if (value - first < count) {
            *length = n;
            return code->sorted[index + value - first];
        }
        index += count;
        first = (first + count) << 1;
        value <<= 1;
    }
    return -1;
}

/* The entry of the code at the reader's next bits, not yet taken; the
 * caller has refilled. */
static uint16_t decode_entry(const huffman_t *code, const bit_reader_t *reader)
{
    uint16_t entry = code->table[reader->bits & ((1u << TABLE_BITS) - 1)];
    if ((entry & KIND_MASK) != KIND_SLOW)
        return entry;
    unsigned length;
    int symbol = decode_slowly(code, reader->bits, &length);
    return symbol < 0 ? KIND_INVALID : symbol_entry(code->alphabet, (unsigned)symbol, length);
}

/* Steps over a Huffman block's symbols up to and including its end code. */
static bool walk_symbols(bit_reader_t *reader, const huffman_t *litlen, const huffman_t *distance)
{
    for (;;) {
        if (!refill(reader))
            return false;
        uint16_t entry = decode_entry(litlen, reader);
        unsigned kind = entry & KIND_MASK;
        if (kind == KIND_INVALID)
            return false;
        take_bits(reader, entry & ENTRY_BITS_MASK);
        if (kind == KIND_END)
            return true;
        if (kind == KIND_LENGTH) {
            entry = decode_entry(distance, reader);
            if ((entry & KIND_MASK) == KIND_INVALID)
                return false;
            take_bits(reader, entry & ENTRY_BITS_MASK);
        }
    }
}

/* The fixed codes of block type 1 (RFC 1951 3.2.6). */
static bool build_fixed(huffman_t *litlen, huffman_t *distance)
{
    uint8_t lengths[LITLEN_SYMBOLS];
    memset(lengths, 8, 144);
    memset(lengths + 144, 9, 112);
    memset(lengths + 256, 7, 24);
    memset(lengths + 280, 8, 8);
    if (!huffman_build(litlen, ALPHABET_LITLEN, lengths, LITLEN_SYMBOLS))
        return false;
    memset(lengths, 5, DISTANCE_SYMBOLS);
    return huffman_build(distance, ALPHABET_DISTANCE, lengths, DISTANCE_SYMBOLS);
}

/* Reads a dynamic block's code lengths (RFC 1951 3.2.7) and builds its
 * codes. */
static bool read_dynamic_codes(bit_reader_t *reader, huffman_t *litlen, huffman_t *distance)
{
    static const uint8_t order[CODELEN_SYMBOLS] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                                   11, 4,  12, 3, 13, 2, 14, 1, 15};
    if (!refill(reader))
        return false;
    unsigned litlen_count = take_bits(reader, 5) + 257;
    unsigned distance_count = take_bits(reader, 5) + 1;
    unsigned codelen_count = take_bits(reader, 4) + 4;
    uint8_t codelen_lengths[CODELEN_SYMBOLS] = {0};
    for (unsigned i = 0; i < codelen_count; i++) {
        if (!refill(reader))
            return false;
        codelen_lengths[order[i]] = (uint8_t)take_bits(reader, 3);
    }
    huffman_t *codelen = litlen; /* its table is free until the lengths are read */
    if (!huffman_build(codelen, ALPHABET_CODELEN, codelen_lengths, CODELEN_SYMBOLS))
        return false;

    uint8_t lengths[LITLEN_SYMBOLS + DISTANCE_SYMBOLS];
    unsigned total = litlen_count + distance_count;
    for (unsigned i = 0; i < total;) {
        if (!refill(reader))
            return false;
        unsigned length;
        int symbol = decode_slowly(codelen, reader->bits, &length);
        if (symbol < 0)
            return false;
        take_bits(reader, length);
        unsigned repeat = 1;
        uint8_t value = (uint8_t)symbol;
        if (symbol == 16) {
            if (i == 0)
                return false;
            value = lengths[i - 1];
            repeat = 3 + take_bits(reader, 2);
        } else if (symbol == 17) {
            value = 0;
            repeat = 3 + take_bits(reader, 3);
        } else if (symbol == 18) {
            value = 0;
            repeat = 11 + take_bits(reader, 7);
        }
        if (repeat > total - i)
            return false;
        memset(lengths + i, value, repeat);
        i += repeat;
    }
    return huffman_build(litlen, ALPHABET_LITLEN, lengths, litlen_count) &&
           huffman_build(distance, ALPHABET_DISTANCE, lengths + litlen_count, distance_count);
}

/* Steps over a stored block whose header ends at bit `position`. */
static bool skip_stored(bit_reader_t *reader, size_t position, size_t size)
{
    size_t byte = (position + 7) / 8;
    if (byte > size || size - byte < 4)
        return false;
    const unsigned char *header = reader->start + byte;
    unsigned length = header[0] | (unsigned)header[1] << 8;
    unsigned complement = header[2] | (unsigned)header[3] << 8;
    if ((length ^ 0xffffu) != complement || size - byte - 4 < length)
        return false;
    reader_seek(reader, byte + 4 + length);
    return true;
}

bool cplot_deflate_find_end(const unsigned char *data, size_t size, cplot_deflate_end_t *end)
{
    if (!data || !end)
        return false;
    bit_reader_t reader = {.start = data, .next = data, .end = data + size};
    huffman_t litlen, distance;
    for (;;) {
        size_t block_start = reader_position(&reader);
        if (!refill(&reader))
            return false;
        bool final = take_bits(&reader, 1) != 0;
        unsigned type = take_bits(&reader, 2);
        bool walked = false;
        if (type == 0)
            walked = skip_stored(&reader, reader_position(&reader), size);
        else if (type == 1)
            walked = build_fixed(&litlen, &distance) && walk_symbols(&reader, &litlen, &distance);
        else if (type == 2)
            walked = read_dynamic_codes(&reader, &litlen, &distance) &&
                     walk_symbols(&reader, &litlen, &distance);
        size_t position = reader_position(&reader);
        if (!walked || position > size * 8)
            return false;
        if (final) {
            *end = (cplot_deflate_end_t){.last_block_bit = block_start, .end_bit = position};
            return true;
        }
    }
}

size_t cplot_deflate_make_joinable(unsigned char *data, size_t size, size_t capacity)
{
    cplot_deflate_end_t end;
    if (capacity < size || capacity - size < CPLOT_DEFLATE_JOIN_GROWTH ||
        !cplot_deflate_find_end(data, size, &end))
        return 0;
    data[end.last_block_bit / 8] &= (unsigned char)~(1u << end.last_block_bit % 8);
    /* An empty stored block: header bits 000 (not final, stored), padding
     * to the byte, then length 0 and its complement. The bits from the end
     * on are cleared, which writes the header and the padding. */
    size_t byte = end.end_bit / 8;
    size_t aligned = (end.end_bit + 3 + 7) / 8;
    if (end.end_bit % 8 != 0) {
        data[byte] &= (unsigned char)((1u << end.end_bit % 8) - 1);
        byte++;
    }
    memset(data + byte, 0, aligned - byte);
    static const unsigned char empty_lengths[4] = {0x00, 0x00, 0xff, 0xff};
    memcpy(data + aligned, empty_lengths, sizeof empty_lengths);
    return aligned + sizeof empty_lengths;
}
