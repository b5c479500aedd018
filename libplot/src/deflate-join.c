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
    CODELEN_TABLE_BITS = 7,   /* code length codes are at most 7 bits long */
    CODELEN_SYMBOL_SHIFT = 8, /* code length entries hold their symbol, not a kind */
    MAX_CODE_BITS = 15,
    LITLEN_SYMBOLS = 288,  /* 286 and 287 take part in the code but never appear */
    DISTANCE_SYMBOLS = 32, /* likewise 30 and 31 */
    CODELEN_SYMBOLS = 19,
    END_OF_BLOCK = 256,
};

/* A table entry: the bits its symbols take in its low 6 bits, its kind
 * in the flags above (none: literals, or a distance). */
enum {
    ENTRY_BITS_MASK = 0x3f,
    KIND_LITERAL = 0,
    KIND_LENGTH_SHIFT = 6,
    KIND_LENGTH = 1 << KIND_LENGTH_SHIFT, /* a match: a distance code follows */
    KIND_END = 1 << 7,
    KIND_INVALID = 1 << 8,
    KIND_SLOW = 1 << 9, /* the code is longer than TABLE_BITS, or no code starts so */
    KIND_RARE = KIND_END | KIND_INVALID | KIND_SLOW,
};

typedef enum alphabet { ALPHABET_LITLEN, ALPHABET_DISTANCE, ALPHABET_CODELEN } alphabet_t;

typedef struct huffman {
    alphabet_t alphabet;
    uint16_t table[1 << TABLE_BITS];
    uint16_t count[MAX_CODE_BITS + 1]; /* codes of each length */
    uint16_t sorted[LITLEN_SYMBOLS];   /* symbols by code length, then value: canonical order */
} huffman_t;

/* The stream as bits, least significant first, and how many are read. */
typedef struct bit_reader {
    const unsigned char *data;
    size_t size;
    size_t position; /* in bits */
} bit_reader_t;

/* Eight bytes as a little-endian number. */
static uint64_t load_little_endian(const unsigned char *bytes)
{
    uint64_t word;
    memcpy(&word, bytes, sizeof word);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    word = __builtin_bswap64(word);
#endif
    return word;
}

/* The stream's next bits, at least 56 of them, zeros past its end. */
static uint64_t peek_bits(const bit_reader_t *reader)
{
    size_t byte = reader->position / 8;
    if (reader->size >= 8 && byte <= reader->size - 8)
        return load_little_endian(reader->data + byte) >> reader->position % 8;
    unsigned char tail[8] = {0};
    if (byte < reader->size)
        memcpy(tail, reader->data + byte, reader->size - byte);
    return load_little_endian(tail) >> reader->position % 8;
}

/* Takes `n` (<= 32) bits. */
static uint32_t take_bits(bit_reader_t *reader, unsigned n)
{
    uint32_t value = (uint32_t)(peek_bits(reader) & ((UINT64_C(1) << n) - 1));
    reader->position += n;
    return value;
}

static bool reader_past_end(const bit_reader_t *reader)
{
    return reader->position > reader->size * 8;
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
        return (uint16_t)(symbol << CODELEN_SYMBOL_SHIFT | length);
    }
    return KIND_INVALID;
}

/* The low `length` bits of `code` in reverse order: deflate sends Huffman
 * codes from their most significant bit, and tables are indexed by the
 * stream's bits, first bit lowest. */
static unsigned reverse_bits(unsigned code, unsigned length)
{
    code = (code & 0x5555u) << 1 | (code >> 1 & 0x5555u);
    code = (code & 0x3333u) << 2 | (code >> 2 & 0x3333u);
    code = (code & 0x0f0fu) << 4 | (code >> 4 & 0x0f0fu);
    code = (code & 0x00ffu) << 8 | (code >> 8 & 0x00ffu);
    return code >> (16 - length);
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

    /* Code length codes all fit in their table: an entry of 0 bits there
     * is a bit pattern no code starts with. Elsewhere such patterns, and
     * the starts of codes longer than the table, are KIND_SLOW; in a
     * complete code (the usual) every slot is a code or such a start, so
     * only an incomplete one needs the table cleared first. */
    unsigned table_bits = alphabet == ALPHABET_CODELEN ? CODELEN_TABLE_BITS : TABLE_BITS;
    if (left > 0 || alphabet == ALPHABET_CODELEN) {
        uint16_t unfilled = alphabet == ALPHABET_CODELEN ? 0 : KIND_SLOW;
        for (size_t i = 0; i < 1u << table_bits; i++)
            code->table[i] = unfilled;
    }
    unsigned next_code = 0, index = 0;
    for (unsigned length = 1; length <= MAX_CODE_BITS; length++) {
        for (unsigned k = 0; k < code->count[length]; k++, index++, next_code++) {
            if (length > table_bits) {
                unsigned start = reverse_bits(next_code >> (length - table_bits), table_bits);
                code->table[start] = KIND_SLOW;
                continue;
            }
            uint16_t entry = symbol_entry(alphabet, code->sorted[index], length);
            for (unsigned slot = reverse_bits(next_code, length); slot < (1u << table_bits);
                 slot += 1u << length)
                code->table[slot] = entry;
        }
        next_code <<= 1;
    }
    return true;
}

/* Canonical decoding one bit at a time of the code at the start of
 * `bits`; -1 when no code starts so. */
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

/* The entry of the code at the start of `bits` when the table has none. */
static uint16_t decode_rare(const huffman_t *code, uint64_t bits, uint16_t entry)
{
    if (!(entry & KIND_SLOW))
        return entry;
    unsigned length;
    int symbol = decode_slowly(code, bits, &length);
    return symbol < 0 ? KIND_INVALID : symbol_entry(code->alphabet, (unsigned)symbol, length);
}

/* The bits a symbol (and its distance, after a length) takes at the start
 * of `bits`; KIND_END with the end code's bits at the end code, and
 * KIND_INVALID where no valid symbol starts. */
static inline unsigned step_symbol(const huffman_t *litlen, const huffman_t *distance,
                                   uint64_t bits)
{
    const uint64_t mask = (1u << TABLE_BITS) - 1;
    uint16_t entry = litlen->table[bits & mask];
    if (entry & KIND_RARE) {
        entry = decode_rare(litlen, bits, entry);
        if (entry & (KIND_INVALID | KIND_END))
            return entry;
    }
    unsigned taken = entry & ENTRY_BITS_MASK;
    if (!(entry & KIND_LENGTH))
        return taken;
    bits >>= taken;
    uint16_t after = distance->table[bits & mask];
    if (after & KIND_RARE) {
        after = decode_rare(distance, bits, after);
        if (after & KIND_INVALID)
            return KIND_INVALID;
    }
    return taken + (after & ENTRY_BITS_MASK);
}

/* Steps over a Huffman block's symbols up to and including its end code.
 * Away from the end of the data the bits are held in a register and
 * refilled eight bytes at a time: a symbol is then one or two table
 * lookups, the walk's speed being the latency of that chain (about 4 ns a
 * symbol; reloading the bits at each symbol's position took 25% longer,
 * and a distance lookup after every symbol, to spare the branch, 20%).
 * The last bytes are read through peek_bits. */
static bool walk_symbols(bit_reader_t *reader, const huffman_t *litlen, const huffman_t *distance)
{
    const unsigned char *data = reader->data;
    size_t last_load =
        reader->size >= 8 ? reader->size - 8 : 0; /* the last byte a load starts at */
    size_t byte = reader->position / 8;
    unsigned step = 0;
    if (byte < last_load) {
        /* `bits` holds `count` bits (more beyond them are the stream's
         * next bits too); `byte` is the first byte not loaded. */
        uint64_t bits = load_little_endian(data + byte) >> reader->position % 8;
        unsigned count = 64 - reader->position % 8;
        byte += 8;
        for (;;) {
            if (count < 48) { /* a length and a distance with extra bits take up to 48 */
                if (byte > last_load)
                    break;
                bits |= load_little_endian(data + byte) << count;
                byte += (63 - count) / 8;
                count |= 56;
            }
            step = step_symbol(litlen, distance, bits);
            if (step & (KIND_INVALID | KIND_END))
                break;
            bits >>= step;
            count -= step;
        }
        reader->position = byte * 8 - count;
    }
    while (!(step & (KIND_INVALID | KIND_END)) && !reader_past_end(reader)) {
        step = step_symbol(litlen, distance, peek_bits(reader));
        if (!(step & (KIND_INVALID | KIND_END)))
            reader->position += step;
    }
    if (step & KIND_INVALID)
        return false;
    reader->position += step & ENTRY_BITS_MASK;
    return !reader_past_end(reader);
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
    unsigned litlen_count = take_bits(reader, 5) + 257;
    unsigned distance_count = take_bits(reader, 5) + 1;
    unsigned codelen_count = take_bits(reader, 4) + 4;
    uint8_t codelen_lengths[CODELEN_SYMBOLS] = {0};
    for (unsigned i = 0; i < codelen_count; i++)
        codelen_lengths[order[i]] = (uint8_t)take_bits(reader, 3);
    huffman_t *codelen = litlen; /* its table is free until the lengths are read */
    if (!huffman_build(codelen, ALPHABET_CODELEN, codelen_lengths, CODELEN_SYMBOLS))
        return false;

    uint8_t lengths[LITLEN_SYMBOLS + DISTANCE_SYMBOLS];
    unsigned total = litlen_count + distance_count;
    for (unsigned i = 0; i < total;) {
        uint64_t bits = peek_bits(reader);
        uint16_t entry = codelen->table[bits & ((1u << CODELEN_TABLE_BITS) - 1)];
        unsigned length = entry & ENTRY_BITS_MASK, symbol = entry >> CODELEN_SYMBOL_SHIFT;
        if (length == 0)
            return false;
        bits >>= length;
        unsigned repeat = 1, extra = 0;
        uint8_t value = (uint8_t)symbol;
        if (symbol == 16) { /* the previous length, 3 to 6 times */
            if (i == 0)
                return false;
            value = lengths[i - 1];
            extra = 2;
            repeat = 3 + (unsigned)(bits & 3);
        } else if (symbol == 17) { /* 3 to 10 zeros */
            value = 0;
            extra = 3;
            repeat = 3 + (unsigned)(bits & 7);
        } else if (symbol == 18) { /* 11 to 138 zeros */
            value = 0;
            extra = 7;
            repeat = 11 + (unsigned)(bits & 127);
        }
        reader->position += length + extra;
        if (repeat > total - i)
            return false;
        memset(lengths + i, value, repeat);
        i += repeat;
    }
    return huffman_build(litlen, ALPHABET_LITLEN, lengths, litlen_count) &&
           huffman_build(distance, ALPHABET_DISTANCE, lengths + litlen_count, distance_count);
}

/* Steps over a stored block whose header has been read. */
static bool skip_stored(bit_reader_t *reader)
{
    size_t byte = (reader->position + 7) / 8;
    if (byte > reader->size || reader->size - byte < 4)
        return false;
    const unsigned char *header = reader->data + byte;
    unsigned length = header[0] | (unsigned)header[1] << 8;
    unsigned complement = header[2] | (unsigned)header[3] << 8;
    if ((length ^ 0xffffu) != complement || reader->size - byte - 4 < length)
        return false;
    reader->position = (byte + 4 + length) * 8;
    return true;
}

bool cplot_deflate_find_end(const unsigned char *data, size_t size, cplot_deflate_end_t *end)
{
    if (!data || !end || size > SIZE_MAX / 8)
        return false;
    bit_reader_t reader = {.data = data, .size = size};
    huffman_t litlen, distance;
    for (;;) {
        size_t block_start = reader.position;
        bool final = take_bits(&reader, 1) != 0;
        unsigned type = take_bits(&reader, 2);
        bool walked = false;
        if (type == 0)
            walked = skip_stored(&reader);
        else if (type == 1)
            walked = build_fixed(&litlen, &distance) && walk_symbols(&reader, &litlen, &distance);
        else if (type == 2)
            walked = read_dynamic_codes(&reader, &litlen, &distance) &&
                     walk_symbols(&reader, &litlen, &distance);
        if (!walked || reader_past_end(&reader))
            return false;
        if (final) {
            *end = (cplot_deflate_end_t){.last_block_bit = block_start, .end_bit = reader.position};
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
