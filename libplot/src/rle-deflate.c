#include "rle-deflate-private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__) && defined(__x86_64__)
#include <emmintrin.h>
#define HAVE_SSE2_RUN_SEARCH 1
#endif

/* Tuned on the benchmark's 800x600 charts, rows filtered "up"
 * (2026-11-26): copies are taken from 6 bytes (from 4, the noisy
 * 100,000-point cloud took 3.4 ms instead of 2.1 and came out larger);
 * after every 16 probes without a copy one more byte is skipped between
 * probes, so that noise is soon scanned almost as fast as literals are
 * copied; a 16,384-entry hash table (64 KiB) did as well as smaller ones
 * and found more. Over the gallery's images (181 MB of rows) blocks of
 * 256 KiB of input came out 0.4% smaller than blocks of 64 KiB and took
 * 22% less time (fewer codes to build; 1 MiB blocks were larger). */
enum {
    BLOCK_BYTES = 256 * 1024, /* input per block; each block gets codes of its own */
    MIN_RUN = 3,
    MAX_RUN = 258,
    RUN_LENGTHS = MAX_RUN - MIN_RUN + 1,
    /* Tokens: literals 0-255, then runs of 3-258 bytes repeating the byte
     * before, runs repeating the pixel before, and copies from further
     * back (their distances kept apart, in order). */
    BYTE_RUNS = 256,
    PIXEL_RUNS = BYTE_RUNS + RUN_LENGTHS,
    COPIES = PIXEL_RUNS + RUN_LENGTHS,
    TOKENS = COPIES + RUN_LENGTHS,
    MIN_COPY = 6, /* hashed on four bytes, compared on six */
    WINDOW = 32768,
    HASH_BITS = 14, /* heads of the four-byte hash chains, one deep */
    SKIP_SHIFT = 4,
    END_OF_BLOCK = 256,
    LITLEN_SYMBOLS = 286,
    DISTANCE_SYMBOLS = 30, /* distances 1-4 are codes 0-3, with no extra bits */
    MAX_PIXEL_BYTES = 4,
    PRECODE_SYMBOLS = 19,
    MAX_CODE_BITS = 15,
    MAX_PRECODE_BITS = 7,
    STORED_MAX = 65535,
    STORED_HEAD_BITS = 3 + 7 + 32, /* block header, padding at most, LEN and NLEN */
    WRITE_SLACK = 8,               /* the bit writer stores 8 bytes at a time */
};

struct cplot_rle_deflater {
    uint16_t tokens[BLOCK_BYTES];               /* a block's tokens: at most one per input byte */
    uint16_t distances[BLOCK_BYTES / MIN_COPY]; /* of the block's copies */
    uint32_t heads[1u << HASH_BITS]; /* 1 + where four bytes of a hash were last seen, or 0 */
    unsigned pixel_bytes;            /* 2-4, or 1 for byte runs only */
    size_t misses;                   /* searches since the last copy found */
};

cplot_rle_deflater_t *cplot_rle_deflater_new(unsigned pixel_bytes)
{
    cplot_rle_deflater_t *deflater = malloc(sizeof *deflater);
    if (deflater)
        deflater->pixel_bytes =
            pixel_bytes >= 2 && pixel_bytes <= MAX_PIXEL_BYTES ? pixel_bytes : 1;
    return deflater;
}

void cplot_rle_deflater_free(cplot_rle_deflater_t *deflater)
{
    free(deflater);
}

/* Every block stored, the worst case: per 64 KiB at most a stored head,
 * an extra head where a block boundary splits a stored part, the empty
 * block that ends a joinable piece, and the writer's slack. */
size_t cplot_rle_deflate_bound(size_t size)
{
    size_t parts = size / STORED_MAX + size / BLOCK_BYTES + 2;
    return size + parts * (STORED_HEAD_BITS / 8 + 1) + WRITE_SLACK;
}

/* ------------------------------------------------------------ Bits out */

/* Deflate packs bits from the low bit of each byte up. Bits gather in a
 * 64-bit word and are stored eight bytes at a time (the spare bytes are
 * overwritten by the next store), keeping fewer than 8 pending. */
typedef struct bit_writer {
    unsigned char *next;
    uint64_t bits;
    unsigned count;
} bit_writer_t;

static void store_le64(unsigned char *out, uint64_t value)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(out, &value, 8);
#else
    for (int i = 0; i < 8; i++)
        out[i] = (unsigned char)(value >> (8 * i));
#endif
}

static void put_bits(bit_writer_t *writer, uint64_t value, unsigned count)
{
    writer->bits |= value << writer->count;
    writer->count += count;
}

/* After at most 56 bits were put since the last flush. */
static void flush_bits(bit_writer_t *writer)
{
    store_le64(writer->next, writer->bits);
    writer->next += writer->count >> 3;
    writer->bits >>= writer->count & ~7u;
    writer->count &= 7;
}

static void put_flushed(bit_writer_t *writer, uint64_t value, unsigned count)
{
    put_bits(writer, value, count);
    flush_bits(writer);
}

/* Pads with zero bits to a byte boundary. */
static void align_to_byte(bit_writer_t *writer)
{
    writer->count = (writer->count + 7) & ~7u;
    flush_bits(writer);
}

/* Stored blocks, at most 65535 bytes each, for data that Huffman codes
 * would not make smaller; with no data, the empty block that ends a
 * joinable piece on a byte boundary. */
static void put_stored(bit_writer_t *writer, const unsigned char *data, size_t size, bool final)
{
    do {
        size_t part = size < STORED_MAX ? size : STORED_MAX;
        put_bits(writer, final && part == size, 3); /* BFINAL, then BTYPE 00 */
        align_to_byte(writer);
        unsigned char head[4] = {(unsigned char)part, (unsigned char)(part >> 8),
                                 (unsigned char)~part, (unsigned char)(~part >> 8)};
        memcpy(writer->next, head, 4);
        writer->next += 4;
        if (part > 0) {
            memcpy(writer->next, data, part);
            writer->next += part;
            data += part;
            size -= part;
        }
    } while (size > 0);
}

static uint64_t stored_bits(size_t size)
{
    size_t parts = size / STORED_MAX + (size % STORED_MAX != 0 || size == 0);
    return (uint64_t)parts * STORED_HEAD_BITS + 8 * (uint64_t)size;
}

/* ------------------------------------------------------ Huffman codes */

/* Sorts keys ascending, a byte at a time (at most 286 keys: a comparison
 * sort through qsort cost more than the rest of a block's code). */
static void sort_keys(uint32_t *keys, unsigned count)
{
    uint32_t spare[LITLEN_SYMBOLS];
    uint32_t *from = keys, *to = spare;
    for (unsigned shift = 0; shift < 32; shift += 8) {
        unsigned position[256] = {0};
        for (unsigned i = 0; i < count; i++)
            position[(from[i] >> shift) & 0xff]++;
        if (position[(from[0] >> shift) & 0xff] == count)
            continue; /* one digit for all: already in order */
        for (unsigned digit = 0, total = 0; digit < 256; digit++) {
            unsigned here = position[digit];
            position[digit] = total;
            total += here;
        }
        for (unsigned i = 0; i < count; i++)
            to[position[(from[i] >> shift) & 0xff]++] = from[i];
        uint32_t *swap = from;
        from = to;
        to = swap;
    }
    if (from != keys)
        memcpy(keys, from, count * sizeof *keys);
}

/* Lengths of a Huffman code, none longer than max_bits. Leaves are
 * merged in order of weight (two queues: sorted leaves, then internal
 * nodes, which are made in order of weight); depths beyond max_bits are
 * cut and the code made complete again by moving codes between lengths.
 * The most frequent symbols get the shortest lengths. Symbols that never
 * occur get none, but at least two symbols always get a length, since a
 * one-symbol code is incomplete and inflaters may refuse it. */
void cplot_rle_code_lengths(const uint32_t *frequency, unsigned count, unsigned max_bits,
                            uint8_t *lengths)
{
    enum { SYMBOL_BITS = 9 }; /* count <= LITLEN_SYMBOLS < 512; frequencies < 2^23 */
    _Static_assert(LITLEN_SYMBOLS < 1 << SYMBOL_BITS && (uint64_t)BLOCK_BYTES + 1 < 1u << 23,
                   "keys hold a frequency and a symbol");
    uint32_t keys[LITLEN_SYMBOLS];
    unsigned used = 0;
    memset(lengths, 0, count);
    for (unsigned symbol = 0; symbol < count; symbol++)
        if (frequency[symbol] > 0)
            keys[used++] = frequency[symbol] << SYMBOL_BITS | symbol;
    if (used < 2) {
        unsigned symbol = used == 1 ? keys[0] & ((1u << SYMBOL_BITS) - 1) : 0;
        lengths[symbol] = 1;
        lengths[symbol == 0 ? 1 : 0] = 1;
        return;
    }
    sort_keys(keys, used);

    uint32_t node_weight[LITLEN_SYMBOLS];
    uint16_t leaf_parent[LITLEN_SYMBOLS], node_parent[LITLEN_SYMBOLS];
    unsigned leaf = 0, node = 0;
    for (unsigned made = 0; made < used - 1; made++) {
        uint32_t weight = 0;
        for (int child = 0; child < 2; child++) {
            if (leaf < used && (node >= made || keys[leaf] >> SYMBOL_BITS <= node_weight[node])) {
                weight += keys[leaf] >> SYMBOL_BITS;
                leaf_parent[leaf++] = (uint16_t)made;
            } else {
                weight += node_weight[node];
                node_parent[node++] = (uint16_t)made;
            }
        }
        node_weight[made] = weight;
    }

    /* Depths: the root is the last node made, and parents come after. */
    uint8_t depth[LITLEN_SYMBOLS];
    depth[used - 2] = 0;
    for (unsigned k = used - 2; k-- > 0;)
        depth[k] = (uint8_t)(depth[node_parent[k]] + 1);
    unsigned per_length[MAX_CODE_BITS + 1] = {0};
    for (unsigned i = 0; i < used; i++) {
        unsigned length = depth[leaf_parent[i]] + 1u;
        per_length[length < max_bits ? length : max_bits]++;
    }

    /* Kraft sum in units of 2^-max_bits: the code is complete at `full`. */
    uint32_t full = 1u << max_bits, kraft = 0;
    for (unsigned length = 1; length <= max_bits; length++)
        kraft += per_length[length] << (max_bits - length);
    while (kraft > full) { /* cutting made it oversubscribed: lengthen the longest short code */
        unsigned length = max_bits - 1;
        while (per_length[length] == 0)
            length--;
        per_length[length]--;
        per_length[length + 1]++;
        kraft -= 1u << (max_bits - length - 1);
    }
    while (kraft < full) { /* the last step may overshoot: shorten the longest codes that fit */
        unsigned length = max_bits;
        while (per_length[length] == 0 || (1u << (max_bits - length)) > full - kraft)
            length--;
        per_length[length]--;
        per_length[length - 1]++;
        kraft += 1u << (max_bits - length);
    }

    unsigned next = 0; /* keys are in order of frequency, rarest first */
    for (unsigned length = max_bits; length >= 1; length--)
        for (unsigned i = 0; i < per_length[length]; i++)
            lengths[keys[next++] & ((1u << SYMBOL_BITS) - 1)] = (uint8_t)length;
}

/* Canonical codes for the lengths (RFC 1951, 3.2.2), bit-reversed since
 * deflate sends Huffman codes from their top bit into the low end. */
static void build_codes(const uint8_t *lengths, unsigned count, uint16_t *codes)
{
    unsigned per_length[MAX_CODE_BITS + 1] = {0}, next[MAX_CODE_BITS + 1];
    for (unsigned symbol = 0; symbol < count; symbol++)
        per_length[lengths[symbol]]++;
    per_length[0] = 0;
    for (unsigned length = 1, code = 0; length <= MAX_CODE_BITS; length++) {
        code = (code + per_length[length - 1]) << 1;
        next[length] = code;
    }
    for (unsigned symbol = 0; symbol < count; symbol++) {
        unsigned length = lengths[symbol], code = length ? next[length]++ : 0, reversed = 0;
        for (unsigned bit = 0; bit < length; bit++)
            reversed |= ((code >> bit) & 1u) << (length - 1 - bit);
        codes[symbol] = (uint16_t)reversed;
    }
}

/* ------------------------------------------------------------- Tokens */

/* Length codes 257-285: the first length of each and its extra bits. */
static const uint16_t length_base[29] = {3,  4,  5,  6,   7,   8,   9,   10,  11, 13,
                                         15, 17, 19, 23,  27,  31,  35,  43,  51, 59,
                                         67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t length_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                         2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};

/* One past the last length of length code `code` (258 has a code of its
 * own, though 227 + 31 would reach it). */
static unsigned length_end(unsigned code)
{
    return code < 28 ? length_base[code + 1] : MAX_RUN + 1;
}

/* How many bytes from in[at] repeat the bytes `distance` before them,
 * up to `limit`. */
static size_t run_length(const unsigned char *in, size_t at, size_t distance, size_t limit)
{
    size_t length = 0;
    for (; length + 8 <= limit; length += 8) {
        uint64_t word, before;
        memcpy(&word, in + at + length, 8);
        memcpy(&before, in + at + length - distance, 8);
        uint64_t differ = word ^ before;
        if (differ != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return length + (size_t)__builtin_ctzll(differ) / 8;
#else
            break;
#endif
        }
    }
    while (length < limit && in[at + length] == in[at + length - distance])
        length++;
    return length;
}

/* Bit j (j < 16) of the places where a run of at least MIN_RUN starts,
 * from bit j of `equal` set when byte j equals the one compared with it. */
static uint32_t starts_of(uint32_t equal)
{
    return equal & equal >> 1 & equal >> 2 & 0xffffu;
}

/* Where runs of at least MIN_RUN start among the 16 bytes at p: bit j
 * is set when p[j], p[j + 1] and p[j + 2] equal the bytes `distance`
 * before them. Reads p[-distance, 32). */
#ifdef HAVE_SSE2_RUN_SEARCH
static uint32_t run_starts(const unsigned char *p, size_t distance)
{
    __m128i low = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)p),
                                 _mm_loadu_si128((const __m128i *)(const void *)(p - distance)));
    __m128i high =
        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16)),
                       _mm_loadu_si128((const __m128i *)(const void *)(p + 16 - distance)));
    return starts_of((uint32_t)_mm_movemask_epi8(low) | (uint32_t)_mm_movemask_epi8(high) << 16);
}
#else
static uint32_t run_starts(const unsigned char *p, size_t distance)
{
    uint32_t equal = 0;
    for (unsigned j = 0; j < 18; j++)
        equal |= (uint32_t)(p[j] == p[(ptrdiff_t)j - (ptrdiff_t)distance]) << j;
    return starts_of(equal);
}
#endif

static uint32_t load32(const unsigned char *p)
{
    uint32_t word;
    memcpy(&word, p, 4);
    return word;
}

static uint32_t hash4(uint32_t word)
{
    return (word * 2654435761u) >> (32 - HASH_BITS);
}

/* Where the block's tokens go. */
typedef struct token_list {
    uint16_t *tokens;
    uint16_t *distances;
    size_t count, copies;
} token_list_t;

/* Literals from in[at, stop), except that where the last place seen
 * with the same hash of four bytes (within the window) holds the same
 * MIN_COPY bytes, they and the bytes after them that also match become a
 * copy, and the stretch ends there. Returns where it stopped. Runs are
 * left to the caller, so only literal places are remembered: a flat
 * chart is mostly runs. */
static size_t put_literals(cplot_rle_deflater_t *deflater, const unsigned char *in, size_t at,
                           size_t stop, size_t end, token_list_t *list, bool *copied)
{
    while (at < stop) {
        uint32_t word = load32(in + at);
        uint32_t *head = &deflater->heads[hash4(word)];
        size_t seen = *head;
        *head = (uint32_t)at + 1;
        if (seen > 0 && at + 1 - seen <= WINDOW && memcmp(in + seen - 1, in + at, MIN_COPY) == 0) {
            size_t distance = at + 1 - seen;
            size_t limit = end - at < MAX_RUN ? end - at : MAX_RUN;
            size_t length = MIN_COPY + run_length(in, at + MIN_COPY, distance, limit - MIN_COPY);
            list->tokens[list->count++] = (uint16_t)(COPIES + length - MIN_RUN);
            list->distances[list->copies++] = (uint16_t)distance;
            deflater->misses = 0;
            *copied = true;
            return at + length;
        }
        /* Noise rarely repeats: after each run of misses, look less often. */
        size_t step = 1 + (deflater->misses++ >> SKIP_SHIFT);
        for (size_t left = stop - at; step > 0 && left > 0; step--, left--)
            list->tokens[list->count++] = in[at++];
    }
    return at;
}

/* Tokens for in[start, end): runs of MIN_RUN or more bytes repeating the
 * byte before them or the pixel before them, copies from further back
 * found between runs, and literals (nothing reaches before in[0]).
 * Greedy: at each place the byte run is taken when there is one, as it
 * is in flat areas, where both runs are. The first pixel is literal, so
 * that both distances can be compared, and the last 32 bytes are only
 * searched for runs. */
static void tokenize(cplot_rle_deflater_t *deflater, const unsigned char *in, size_t start,
                     size_t end, token_list_t *list)
{
    size_t pixel = deflater->pixel_bytes, at = start;
    list->count = list->copies = 0;
    for (; at < pixel && at < end; at++)
        list->tokens[list->count++] = in[at];
    while (at < end) {
        uint32_t byte_starts, pixel_starts;
        bool wide = end - at >= 32;
        if (wide) {
            byte_starts = run_starts(in + at, 1);
            pixel_starts = pixel > 1 ? run_starts(in + at, pixel) : 0;
        } else { /* the tail: this byte only */
            byte_starts = end - at >= MIN_RUN && in[at] == in[at - 1] && in[at + 1] == in[at] &&
                          in[at + 2] == in[at];
            pixel_starts = pixel > 1 && end - at >= MIN_RUN && in[at] == in[at - pixel] &&
                           in[at + 1] == in[at + 1 - pixel] && in[at + 2] == in[at + 2 - pixel];
        }
        uint32_t starts = byte_starts | pixel_starts;
        if (wide) {
            size_t stop = at + (starts ? (unsigned)__builtin_ctz(starts) : 16);
            bool copied = false;
            at = put_literals(deflater, in, at, stop, end, list, &copied);
            if (copied || starts == 0)
                continue;
        } else if (starts == 0) {
            list->tokens[list->count++] = in[at++];
            continue;
        }
        bool by_byte = byte_starts >> __builtin_ctz(starts) & 1u;
        size_t limit = end - at < MAX_RUN ? end - at : MAX_RUN;
        size_t length = run_length(in, at, by_byte ? 1 : pixel, limit);
        list->tokens[list->count++] =
            (uint16_t)((by_byte ? BYTE_RUNS : PIXEL_RUNS) + length - MIN_RUN);
        at += length;
    }
}

/* Distance codes (RFC 1951, 3.2.5): 1-4 are codes 0-3; above, each pair
 * of codes covers a power of two, with code / 2 - 1 extra bits. */
static unsigned distance_code(unsigned distance)
{
    unsigned x = distance - 1;
    if (x < 4)
        return x;
    unsigned top = 31u - (unsigned)__builtin_clz(x);
    return 2 * top + ((x >> (top - 1)) & 1u);
}

static unsigned distance_extra(unsigned code)
{
    return code < 4 ? 0 : code / 2 - 1;
}

static unsigned distance_base(unsigned code)
{
    return code < 4 ? code + 1 : 1 + ((2u | (code & 1u)) << (code / 2 - 1));
}

/* ------------------------------------------------------------- Blocks */

static const uint8_t precode_order[PRECODE_SYMBOLS] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                                       11, 4,  12, 3, 13, 2, 14, 1, 15};

/* A dynamic block's codes and header, planned before anything is written
 * so that its size can be compared with storing the data. */
typedef struct block_plan {
    uint32_t token_count[TOKENS];
    uint32_t distance_count[DISTANCE_SYMBOLS];
    uint8_t litlen_lengths[LITLEN_SYMBOLS];
    uint16_t litlen_codes[LITLEN_SYMBOLS];
    uint8_t distance_lengths[DISTANCE_SYMBOLS];
    uint16_t distance_codes[DISTANCE_SYMBOLS];
    unsigned litlen_used, distance_used;
    /* The code lengths run-length coded: symbol | extra value << 5. */
    uint16_t lengths_coded[LITLEN_SYMBOLS + DISTANCE_SYMBOLS];
    unsigned lengths_coded_count;
    uint8_t precode_lengths[PRECODE_SYMBOLS];
    uint16_t precode_codes[PRECODE_SYMBOLS];
    unsigned precode_used;
    /* Per token: its code bits (for runs with their length's extra bits
     * and distance code: at most 35; for copies all but the distance) and,
     * in the top byte, how many. */
    uint64_t token_bits[TOKENS];
    uint64_t bits; /* the whole block's */
} block_plan_t;

#define TOKEN_BITS(value, count) ((uint64_t)(value) | (uint64_t)(count) << 56)
#define TOKEN_VALUE(bits) ((bits) & (((uint64_t)1 << 56) - 1))
#define TOKEN_COUNT(bits) ((unsigned)((bits) >> 56))

static void count_tokens(const uint16_t *tokens, size_t count, uint32_t *token_count)
{
    /* Four tables in turn, so that a byte repeated in a row does not wait
     * for its own previous increment. */
    uint32_t counts[4][TOKENS];
    memset(counts, 0, sizeof counts);
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        counts[0][tokens[i]]++;
        counts[1][tokens[i + 1]]++;
        counts[2][tokens[i + 2]]++;
        counts[3][tokens[i + 3]]++;
    }
    for (; i < count; i++)
        counts[0][tokens[i]]++;
    for (unsigned token = 0; token < TOKENS; token++)
        token_count[token] =
            counts[0][token] + counts[1][token] + counts[2][token] + counts[3][token];
}

static const uint8_t lengths_extra_bits[3] = {2, 3, 7}; /* of code-length symbols 16, 17, 18 */

/* Run-length codes the litlen and distance code lengths as one sequence
 * (RFC 1951, 3.2.7: repeats may run on from one into the other). */
static void code_lengths(block_plan_t *plan, uint32_t *precode_count)
{
    uint8_t all[LITLEN_SYMBOLS + DISTANCE_SYMBOLS];
    unsigned total = plan->litlen_used + plan->distance_used;
    memcpy(all, plan->litlen_lengths, plan->litlen_used);
    memcpy(all + plan->litlen_used, plan->distance_lengths, plan->distance_used);
    unsigned coded = 0;
#define CODE_LENGTH(symbol, extra)                                                                 \
    do {                                                                                           \
        plan->lengths_coded[coded++] = (uint16_t)((symbol) | (extra) << 5);                        \
        precode_count[symbol]++;                                                                   \
    } while (0)
    for (unsigned at = 0; at < total;) {
        unsigned value = all[at], run = 1;
        while (at + run < total && all[at + run] == value)
            run++;
        at += run;
        if (value == 0) {
            for (; run >= 11; run -= run < 138 ? run : 138)
                CODE_LENGTH(18, (run < 138 ? run : 138) - 11);
            if (run >= 3) {
                CODE_LENGTH(17, run - 3);
                run = 0;
            }
        } else {
            CODE_LENGTH(value, 0);
            for (run--; run >= 3; run -= run < 6 ? run : 6)
                CODE_LENGTH(16, (run < 6 ? run : 6) - 3);
        }
        for (; run > 0; run--)
            CODE_LENGTH(value, 0);
    }
#undef CODE_LENGTH
    plan->lengths_coded_count = coded;
}

/* How many of `count` symbols to send: up to the last with a length. */
static unsigned used_symbols(const uint8_t *lengths, unsigned count)
{
    while (count > 1 && lengths[count - 1] == 0)
        count--;
    return count;
}

static void plan_block(block_plan_t *plan, const token_list_t *list, unsigned pixel_bytes)
{
    count_tokens(list->tokens, list->count, plan->token_count);
    uint32_t copy_count[DISTANCE_SYMBOLS] = {0}; /* per distance code */
    for (size_t i = 0; i < list->copies; i++)
        copy_count[distance_code(list->distances[i])]++;
    memcpy(plan->distance_count, copy_count, sizeof copy_count);

    uint32_t litlen_count[LITLEN_SYMBOLS] = {0};
    memcpy(litlen_count, plan->token_count, 256 * sizeof *litlen_count);
    litlen_count[END_OF_BLOCK] = 1;
    for (unsigned code = 0; code < 29; code++)
        for (unsigned length = length_base[code]; length < length_end(code); length++) {
            uint32_t by_byte = plan->token_count[BYTE_RUNS + length - MIN_RUN];
            uint32_t by_pixel = plan->token_count[PIXEL_RUNS + length - MIN_RUN];
            uint32_t copies = plan->token_count[COPIES + length - MIN_RUN];
            litlen_count[257 + code] += by_byte + by_pixel + copies;
            plan->distance_count[0] += by_byte;
            plan->distance_count[pixel_bytes - 1] += by_pixel;
        }
    cplot_rle_code_lengths(litlen_count, LITLEN_SYMBOLS, MAX_CODE_BITS, plan->litlen_lengths);
    build_codes(plan->litlen_lengths, LITLEN_SYMBOLS, plan->litlen_codes);
    cplot_rle_code_lengths(plan->distance_count, DISTANCE_SYMBOLS, MAX_CODE_BITS,
                           plan->distance_lengths);
    build_codes(plan->distance_lengths, DISTANCE_SYMBOLS, plan->distance_codes);
    plan->litlen_used = used_symbols(plan->litlen_lengths, LITLEN_SYMBOLS); /* >= 257 */
    plan->distance_used = used_symbols(plan->distance_lengths, DISTANCE_SYMBOLS);

    uint32_t precode_count[PRECODE_SYMBOLS] = {0};
    code_lengths(plan, precode_count);
    cplot_rle_code_lengths(precode_count, PRECODE_SYMBOLS, MAX_PRECODE_BITS, plan->precode_lengths);
    build_codes(plan->precode_lengths, PRECODE_SYMBOLS, plan->precode_codes);
    plan->precode_used = PRECODE_SYMBOLS;
    while (plan->precode_used > 4 &&
           plan->precode_lengths[precode_order[plan->precode_used - 1]] == 0)
        plan->precode_used--;

    uint64_t bits = 3 + 5 + 5 + 4 + 3 * (uint64_t)plan->precode_used;
    for (unsigned i = 0; i < plan->lengths_coded_count; i++) {
        unsigned symbol = plan->lengths_coded[i] & 31;
        bits +=
            plan->precode_lengths[symbol] + (symbol >= 16 ? lengths_extra_bits[symbol - 16] : 0);
    }
    for (unsigned token = 0; token < 256; token++)
        plan->token_bits[token] =
            TOKEN_BITS(plan->litlen_codes[token], plan->litlen_lengths[token]);
    static const unsigned token_start[3] = {BYTE_RUNS, PIXEL_RUNS, COPIES};
    for (unsigned code = 0; code < 29; code++)
        for (unsigned length = length_base[code]; length < length_end(code); length++) {
            unsigned symbol = 257 + code, used = plan->litlen_lengths[symbol];
            uint64_t value = plan->litlen_codes[symbol] | (uint64_t)(length - length_base[code])
                                                              << used;
            used += length_extra[code];
            for (unsigned kind = 0; kind < 3; kind++) {
                uint64_t token_value = value;
                unsigned token_used = used;
                if (kind < 2) { /* runs: distance 1 or a pixel, codes with no extra bits */
                    unsigned distance = kind == 0 ? 0 : pixel_bytes - 1;
                    token_value |= (uint64_t)plan->distance_codes[distance] << used;
                    token_used += plan->distance_lengths[distance];
                }
                plan->token_bits[token_start[kind] + length - MIN_RUN] =
                    TOKEN_BITS(token_value, token_used);
            }
        }
    for (unsigned token = 0; token < TOKENS; token++)
        bits += (uint64_t)plan->token_count[token] * TOKEN_COUNT(plan->token_bits[token]);
    for (unsigned code = 0; code < DISTANCE_SYMBOLS; code++) /* copies' distances */
        bits += (uint64_t)copy_count[code] * (plan->distance_lengths[code] + distance_extra(code));
    plan->bits = bits + plan->litlen_lengths[END_OF_BLOCK];
}

static void put_dynamic(bit_writer_t *writer, const block_plan_t *plan, const token_list_t *list,
                        bool final)
{
    put_flushed(writer, (final ? 1u : 0u) | 2u << 1, 3); /* BFINAL, BTYPE 10 */
    put_flushed(writer, plan->litlen_used - 257, 5);
    put_flushed(writer, plan->distance_used - 1, 5);
    put_flushed(writer, plan->precode_used - 4, 4);
    for (unsigned i = 0; i < plan->precode_used; i++)
        put_flushed(writer, plan->precode_lengths[precode_order[i]], 3);
    for (unsigned i = 0; i < plan->lengths_coded_count; i++) {
        unsigned symbol = plan->lengths_coded[i] & 31, extra = plan->lengths_coded[i] >> 5;
        put_bits(writer, plan->precode_codes[symbol], plan->precode_lengths[symbol]);
        if (symbol >= 16)
            put_bits(writer, extra, lengths_extra_bits[symbol - 16]);
        flush_bits(writer);
    }

    /* A store per token: at most 7 pending + 20 bits of length + 28 of
     * distance. */
    unsigned char *next = writer->next;
    uint64_t bits = writer->bits;
    unsigned pending = writer->count;
    const uint16_t *distances = list->distances;
    for (size_t i = 0; i < list->count; i++) {
        unsigned token = list->tokens[i];
        uint64_t code = plan->token_bits[token];
        bits |= TOKEN_VALUE(code) << pending;
        pending += TOKEN_COUNT(code);
        if (token >= COPIES) {
            unsigned distance = *distances++, symbol = distance_code(distance);
            unsigned used = plan->distance_lengths[symbol];
            bits |= ((uint64_t)plan->distance_codes[symbol] |
                     (uint64_t)(distance - distance_base(symbol)) << used)
                    << pending;
            pending += used + distance_extra(symbol);
        }
        store_le64(next, bits);
        next += pending >> 3;
        bits >>= pending & ~7u;
        pending &= 7;
    }
    writer->next = next;
    writer->bits = bits;
    writer->count = pending;
    put_flushed(writer, plan->litlen_codes[END_OF_BLOCK], plan->litlen_lengths[END_OF_BLOCK]);
}

/* Whether `bits` more, with the writer's slack, fit before `end`. */
static bool has_room(const bit_writer_t *writer, const unsigned char *end, uint64_t bits)
{
    uint64_t bytes = (writer->count + bits + 7) / 8 + WRITE_SLACK;
    return bytes <= (uint64_t)(end - writer->next);
}

size_t cplot_rle_deflate(cplot_rle_deflater_t *deflater, const unsigned char *in, size_t size,
                         bool final, unsigned char *out, size_t capacity)
{
    bit_writer_t writer = {.next = out};
    const unsigned char *end = out + capacity;
    block_plan_t plan;
    token_list_t list = {.tokens = deflater->tokens, .distances = deflater->distances};
    memset(deflater->heads, 0, sizeof deflater->heads); /* copies never reach before `in` */
    deflater->misses = 0;
    size_t start = 0;
    do {
        size_t stop = size - start < BLOCK_BYTES ? size : start + BLOCK_BYTES;
        bool last = final && stop == size;
        tokenize(deflater, in, start, stop, &list);
        plan_block(&plan, &list, deflater->pixel_bytes);
        uint64_t stored = stored_bits(stop - start);
        if (!has_room(&writer, end, plan.bits < stored ? plan.bits : stored))
            return 0;
        if (plan.bits < stored)
            put_dynamic(&writer, &plan, &list, last);
        else /* (`in` may be NULL when there is nothing to store) */
            put_stored(&writer, size > 0 ? in + start : in, stop - start, last);
        start = stop;
    } while (start < size);
    if (!final) {
        if (!has_room(&writer, end, stored_bits(0)))
            return 0;
        put_stored(&writer, NULL, 0, false);
    }
    align_to_byte(&writer);
    return (size_t)(writer.next - out);
}
