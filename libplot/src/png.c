#include "png-private.h"

#include <libdeflate.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "deflate-join-private.h"
#include "parallel-private.h"
#include "rle-deflate-private.h"

/* The PNG container is written here and the image data compressed by
 * one of two deflate encoders:
 *
 * - CPLOT_PNG_FAST (the default): rows filtered "up" (minus the row
 *   above) and compressed by cplot_rle_deflate (rle-deflate.c), which
 *   looks only for runs of a byte or a pixel and, between runs, for
 *   copies found with one hash probe. On the benchmark's 800x600 charts
 *   it encoded 4-11x faster than libdeflate level 2 on unfiltered rows
 *   (0.33 ms against 3.7 ms for a histogram, 1.9 ms against 7.2 ms for a
 *   100,000-point cloud, one thread), with files 7-10% smaller; over
 *   the gallery's examples files are 11.5% larger (text and repeated
 *   markers, which a full LZ77 search finds more of), 23% smaller to 39%
 *   larger apiece (2026-11-26). Without the "up" filter runs are few:
 *   a flat histogram came out 5x larger.
 * - CPLOT_PNG_SMALL: unfiltered rows through libdeflate level 9, for
 *   files served many times (as small as zlib's 9 in a third of the
 *   instructions).
 *
 * Deflating was the largest serial step of a render, so images of two or
 * more segments of rows (CPLOT_PNG_SEGMENT_BYTES) are deflated a segment
 * at a time on the render's threads and the pieces joined into one zlib
 * stream. cplot_rle_deflate ends a piece joinable itself (an empty stored
 * block, as zlib's sync flush); libdeflate has no flush, so each of its
 * pieces' last block is found by walking its blocks (deflate-join.c),
 * made non-final and followed by an empty stored block. Segments depend
 * on the image's size alone, so the bytes are the same at any thread
 * count; smaller images are one piece. An 800x600 chart is cut into two
 * halves, one per thread on two cores.
 *
 * Both encoders need the whole image in memory, so images whose rows
 * exceed WHOLE_IMAGE_LIMIT are streamed through zlib instead, keeping the
 * memory of a huge render near the size of its surface. */
enum {
    FAST_LEVEL = 2,  /* libdeflate, only if cplot_rle_deflate should ever fail */
    SMALL_LEVEL = 9, /* as small as zlib's 9 in a third of the instructions; 12 took 40x longer */
    RLE_ANNOUNCED_LEVEL = 1, /* the zlib header's "fastest" */
    STREAM_FAST_LEVEL = 1,   /* zlib, for huge images */
    STREAM_SMALL_LEVEL = 9,
    IDAT_MAX = 256 * 1024,       /* compressed bytes per IDAT chunk */
    STREAM_ROWS_BYTES = 1 << 20, /* raw rows handed to zlib at a time */
    ZLIB_HEADER_BYTES = 2,
    ADLER_BYTES = 4,
};
#define WHOLE_IMAGE_LIMIT ((size_t)32 << 20) /* raw bytes compressed in one call */

/* Where the encoded bytes go, and why writing stopped. */
typedef struct png_sink {
    cplot_buffer_t *buffer; /* exactly one of buffer and file is set */
    FILE *file;
    cplot_status_t failure;
} png_sink_t;

typedef struct png_job {
    const unsigned char *pixels;
    int width;
    int height;
    int stride;
    bool opaque;
    cplot_png_compression_t compression;
    unsigned pixels_per_meter;
    size_t row_bytes;        /* filter byte + pixels */
    unsigned char *reusable; /* the image's own memory, given up by the caller, when rows fit */
} png_job_t;

static bool sink_write(png_sink_t *sink, const void *data, size_t size)
{
    if (sink->failure != CPLOT_STATUS_SUCCESS)
        return false;
    if (sink->buffer ? !cplot_buffer_append(sink->buffer, data, size)
                     : fwrite(data, 1, size, sink->file) != size)
        sink->failure = sink->buffer ? CPLOT_STATUS_NO_MEMORY : CPLOT_STATUS_IO_ERROR;
    return sink->failure == CPLOT_STATUS_SUCCESS;
}

static void put_be32(unsigned char *out, uint32_t value)
{
    out[0] = (unsigned char)(value >> 24);
    out[1] = (unsigned char)(value >> 16);
    out[2] = (unsigned char)(value >> 8);
    out[3] = (unsigned char)value;
}

/* One chunk: length, type, data, CRC-32 of type and data. */
static bool write_chunk(png_sink_t *sink, const char type[4], const unsigned char *data,
                        size_t size)
{
    unsigned char head[8], tail[4];
    put_be32(head, (uint32_t)size);
    memcpy(head + 4, type, 4);
    uint32_t crc = libdeflate_crc32(0, type, 4);
    if (size > 0)
        crc = libdeflate_crc32(crc, data, size);
    put_be32(tail, crc);
    return sink_write(sink, head, 8) && (size == 0 || sink_write(sink, data, size)) &&
           sink_write(sink, tail, 4);
}

static bool write_idat(png_sink_t *sink, const unsigned char *data, size_t size)
{
    for (size_t done = 0; done < size; done += IDAT_MAX) {
        size_t part = size - done < IDAT_MAX ? size - done : IDAT_MAX;
        if (!write_chunk(sink, "IDAT", data + done, part))
            return false;
    }
    return true;
}

/* Signature, IHDR and, when asked, pHYs. */
static bool write_header(png_sink_t *sink, const png_job_t *job)
{
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    unsigned char ihdr[13];
    put_be32(ihdr, (uint32_t)job->width);
    put_be32(ihdr + 4, (uint32_t)job->height);
    ihdr[8] = 8;                        /* bits per channel */
    ihdr[9] = job->opaque ? 2 : 6;      /* colour type: RGB or RGBA */
    ihdr[10] = ihdr[11] = ihdr[12] = 0; /* deflate, adaptive filtering, no interlace */
    if (!sink_write(sink, signature, sizeof signature) || !write_chunk(sink, "IHDR", ihdr, 13))
        return false;
    if (job->pixels_per_meter == 0)
        return true;
    unsigned char phys[9];
    put_be32(phys, job->pixels_per_meter);
    put_be32(phys + 4, job->pixels_per_meter);
    phys[8] = 1; /* unit: metre */
    return write_chunk(sink, "pHYs", phys, 9);
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* A pixel's red, green and blue bytes as a little-endian 0x00BBGGRR. */
static uint32_t rgb_little_endian(uint32_t pixel)
{
    return __builtin_bswap32(pixel << 8);
}
#endif

/* Cairo stores each pixel as a native-endian uint32 0xAARRGGBB; reading it
 * as a uint32 (not as bytes) keeps this correct on either byte order. On
 * little-endian hosts four pixels at a time become twelve bytes in two
 * stores (a third fewer instructions than byte by byte): all four are
 * read before their bytes are written, so in place (convert_rows) a block
 * never overwrites the next one before it is read. */
static void convert_row_rgb_scalar(const uint32_t *source, int width, unsigned char *row)
{
    int x = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; x + 4 <= width; x += 4) {
        uint32_t a = rgb_little_endian(source[x]), b = rgb_little_endian(source[x + 1]);
        uint32_t c = rgb_little_endian(source[x + 2]), d = rgb_little_endian(source[x + 3]);
        uint64_t first = (uint64_t)a | (uint64_t)b << 24 | (uint64_t)c << 48;
        uint32_t last = c >> 16 | d << 8;
        memcpy(row, &first, 8);
        memcpy(row + 8, &last, 4);
        row += 12;
    }
#endif
    for (; x < width; x++) {
        uint32_t pixel = source[x];
        row[0] = (unsigned char)(pixel >> 16);
        row[1] = (unsigned char)(pixel >> 8);
        row[2] = (unsigned char)pixel;
        row += 3;
    }
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define HAVE_SHUFFLED_RGB 1
/* convert_row_rgb_scalar four pixels at a time with one byte shuffle, for
 * CPUs with SSSE3 (chosen at run time; x86-64 is little-endian, so the
 * uint32 0xAARRGGBB is the bytes B G R A). It was 7% of a flat chart's
 * encoding. Exactly 12 bytes are stored per 16 read, since the row may be
 * converted in place: the stores stay behind the next pixels to read. */
__attribute__((target("ssse3"))) static void convert_row_rgb_shuffled(const uint32_t *source,
                                                                      int width, unsigned char *row)
{
    const __m128i order = _mm_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
    int x = 0;
    for (; x + 4 <= width; x += 4, row += 12) {
        __m128i rgb =
            _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(source + x)), order);
        _mm_storel_epi64((__m128i *)(void *)row, rgb);
        uint32_t last = (uint32_t)_mm_cvtsi128_si32(_mm_srli_si128(rgb, 8));
        memcpy(row + 8, &last, 4);
    }
    convert_row_rgb_scalar(source + x, width - x, row);
}
#endif

static void convert_row_rgb(const uint32_t *source, int width, unsigned char *row)
{
#ifdef HAVE_SHUFFLED_RGB
    if (__builtin_cpu_supports("ssse3")) {
        convert_row_rgb_shuffled(source, width, row);
        return;
    }
#endif
    convert_row_rgb_scalar(source, width, row);
}

/* Cairo's colours are premultiplied by alpha and PNG's are not. Rounding to
 * nearest ((c * 255 + a / 2) / a) is exact for every premultiplied value. */
static unsigned char unpremultiply(uint32_t component, uint32_t alpha)
{
    uint32_t value = (component * 255 + alpha / 2) / alpha;
    return (unsigned char)(value > 255 ? 255 : value);
}

static void convert_row_rgba(const uint32_t *source, int width, unsigned char *row)
{
    for (int x = 0; x < width; x++) {
        uint32_t pixel = source[x];
        uint32_t alpha = pixel >> 24;
        uint32_t red = (pixel >> 16) & 0xff;
        uint32_t green = (pixel >> 8) & 0xff;
        uint32_t blue = pixel & 0xff;
        if (alpha == 255) {
            row[0] = (unsigned char)red;
            row[1] = (unsigned char)green;
            row[2] = (unsigned char)blue;
        } else if (alpha == 0) {
            row[0] = row[1] = row[2] = 0;
        } else {
            row[0] = unpremultiply(red, alpha);
            row[1] = unpremultiply(green, alpha);
            row[2] = unpremultiply(blue, alpha);
        }
        row[3] = (unsigned char)alpha;
        row += 4;
    }
}

enum { FILTER_NONE = 0, FILTER_UP = 2 }; /* PNG's filter types */

/* PNG's "up" filter: each byte minus the byte above it (the row above
 * the first is zeros). `above` holds the row above unfiltered and is
 * given this row, unfiltered. */
static void filter_up(unsigned char *row, unsigned char *above, size_t size)
{
    for (size_t x = 0; x < size; x++) {
        unsigned char value = row[x];
        row[x] = (unsigned char)(value - above[x]);
        above[x] = value;
    }
}

/* Rows [first, first + count) as PNG scanlines: the filter byte, then the
 * pixels. With FILTER_UP, `above` (row_bytes - 1 bytes, zeros before the
 * first row) keeps the last row unfiltered. `out` may be the image's own
 * memory when a scanline is no longer than a row of the image: each
 * pixel is read before its bytes are written and lands at or before
 * where it was read, and the filter byte is written after the row it
 * precedes was read. */
static void convert_rows(const png_job_t *job, int first, int count, unsigned char filter,
                         unsigned char *above, unsigned char *out)
{
    for (int y = first; y < first + count; y++, out += job->row_bytes) {
        const uint32_t *source =
            (const uint32_t *)(const void *)(job->pixels + (size_t)y * (size_t)job->stride);
        if (job->opaque)
            convert_row_rgb(source, job->width, out + 1);
        else
            convert_row_rgba(source, job->width, out + 1);
        if (filter == FILTER_UP)
            filter_up(out + 1, above, job->row_bytes - 1);
        out[0] = filter;
    }
}

/* Deflates `raw` into a new buffer: first one a quarter of its size (chart
 * images compress to 1-25%), and only if that is too small into one of
 * libdeflate's bound. A bound-sized buffer every render (larger than the
 * raw rows) led malloc to map the next render's surface afresh, 550 page
 * faults per 800x600 render; the quarter does not. */
static size_t deflate_whole(struct libdeflate_compressor *compressor, const unsigned char *raw,
                            size_t raw_size, unsigned char **packed)
{
    size_t bound = libdeflate_zlib_compress_bound(compressor, raw_size);
    size_t first = raw_size / 4 + 1024 < bound ? raw_size / 4 + 1024 : bound;
    for (size_t capacity = first;; capacity = bound) {
        *packed = malloc(capacity);
        if (!*packed)
            return 0;
        size_t size = libdeflate_zlib_compress(compressor, raw, raw_size, *packed, capacity);
        if (size > 0 || capacity == bound)
            return size; /* 0 at the bound would be a libdeflate fault */
        free(*packed);
    }
}

/* The image data in one libdeflate call. */
static bool write_image_single(png_sink_t *sink, const unsigned char *raw, size_t raw_size,
                               int level)
{
    struct libdeflate_compressor *compressor = libdeflate_alloc_compressor(level);
    unsigned char *packed = NULL;
    bool written = false;
    if (!compressor) {
        sink->failure = CPLOT_STATUS_NO_MEMORY;
    } else {
        size_t size = deflate_whole(compressor, raw, raw_size, &packed);
        if (size > 0)
            written = write_idat(sink, packed, size);
        else
            sink->failure = packed ? CPLOT_STATUS_DRAW_ERROR : CPLOT_STATUS_NO_MEMORY;
    }
    free(packed);
    libdeflate_free_compressor(compressor);
    return written;
}

/* ------------------------------------------------- Split into segments */

/* One segment of the raw rows, deflated on its own and made joinable
 * unless it is the last, which keeps its final block (the RLE encoder
 * ends pieces joinable itself; libdeflate's are walked). Its `buffer` has
 * ZLIB_HEADER_BYTES of room before the deflate bytes (for the stream's
 * header, in the first segment) and ADLER_BYTES after them (for the
 * stream's Adler-32, in the last). */
typedef struct segment {
    size_t first_byte, size; /* of the raw rows */
    unsigned char *buffer;
    size_t packed; /* deflate bytes after the header room */
    uint32_t adler;
    bool out_of_memory;
    bool unjoinable; /* no joinable piece came out: the image goes in one libdeflate call */
} segment_t;

typedef struct split_job {
    const unsigned char *raw;
    bool rle; /* cplot_rle_deflate, else libdeflate at `level` */
    unsigned pixel_bytes;
    int level; /* also announced in the zlib header */
    segment_t *segments;
    size_t count;
    _Atomic size_t next; /* the next segment to deflate */
} split_job_t;

/* What a task deflates with: its compressor and a buffer large enough
 * for any segment, so that no segment is compressed twice (a guessed
 * smaller buffer, as deflate_whole uses, was too small for a third of a
 * 100,000-point scatter's segments). */
typedef struct segment_deflater {
    struct libdeflate_compressor *compressor; /* one of the two */
    cplot_rle_deflater_t *rle;
    unsigned char *scratch;
    size_t capacity; /* for the encoder; CPLOT_DEFLATE_JOIN_GROWTH more allocated */
} segment_deflater_t;

/* Out of memory, the scratch buffer is left NULL. */
static void deflater_open(segment_deflater_t *deflater, const split_job_t *job)
{
    /* The first segment is the largest: all but the last have as many rows. */
    size_t largest = job->segments[0].size;
    if (job->rle) {
        deflater->rle = cplot_rle_deflater_new(job->pixel_bytes);
        if (!deflater->rle)
            return;
        deflater->capacity = cplot_rle_deflate_bound(largest);
    } else {
        deflater->compressor = libdeflate_alloc_compressor(job->level);
        if (!deflater->compressor)
            return;
        deflater->capacity = libdeflate_deflate_compress_bound(deflater->compressor, largest);
    }
    deflater->scratch = malloc(deflater->capacity + CPLOT_DEFLATE_JOIN_GROWTH);
}

static void deflater_close(segment_deflater_t *deflater)
{
    libdeflate_free_compressor(deflater->compressor);
    cplot_rle_deflater_free(deflater->rle);
    free(deflater->scratch);
}

/* Deflates a segment into the scratch buffer, makes it joinable unless it
 * is the last, and keeps a copy. */
static void deflate_segment(const segment_deflater_t *deflater, const split_job_t *job,
                            segment_t *segment)
{
    const unsigned char *raw = job->raw + segment->first_byte;
    segment->adler = libdeflate_adler32(1, raw, segment->size);
    if (!deflater->scratch) {
        segment->out_of_memory = true;
        return;
    }
    bool last = segment == job->segments + job->count - 1;
    size_t packed;
    if (job->rle) {
        packed = cplot_rle_deflate(deflater->rle, raw, segment->size, last, deflater->scratch,
                                   deflater->capacity);
    } else {
        packed = libdeflate_deflate_compress(deflater->compressor, raw, segment->size,
                                             deflater->scratch, deflater->capacity);
        if (packed > 0 && !last)
            packed = cplot_deflate_make_joinable(deflater->scratch, packed,
                                                 deflater->capacity + CPLOT_DEFLATE_JOIN_GROWTH);
    }
    if (packed == 0) { /* an encoder's fault, or the walker's */
        segment->unjoinable = true;
        return;
    }
    segment->buffer = malloc(ZLIB_HEADER_BYTES + packed + ADLER_BYTES);
    segment->out_of_memory = !segment->buffer;
    if (segment->buffer)
        memcpy(segment->buffer + ZLIB_HEADER_BYTES, deflater->scratch, packed);
    segment->packed = packed;
}

/* A task: deflates segments, taken in turn, with one deflater. The bytes
 * of a segment depend on its rows only, never on which task or thread
 * deflates it. */
static void deflate_segments(void *context, size_t task)
{
    (void)task;
    split_job_t *job = context;
    segment_deflater_t deflater = {0};
    bool opened = false;
    for (;;) {
        size_t index = atomic_fetch_add_explicit(&job->next, 1, memory_order_relaxed);
        if (index >= job->count)
            break;
        if (!opened) {
            deflater_open(&deflater, job);
            opened = true;
        }
        deflate_segment(&deflater, job, &job->segments[index]);
    }
    deflater_close(&deflater);
}

/* The image is cut into as few segments of CPLOT_PNG_SEGMENT_BYTES as
 * hold it, of about equal numbers of whole rows (so that two threads
 * finish two segments together), and where it is cut depends on its size
 * alone. */
static size_t rows_per_segment(const png_job_t *job)
{
    size_t raw_size = job->row_bytes * (size_t)job->height;
    size_t wanted = (raw_size + CPLOT_PNG_SEGMENT_BYTES - 1) / CPLOT_PNG_SEGMENT_BYTES;
    size_t rows = ((size_t)job->height + wanted - 1) / (wanted > 0 ? wanted : 1);
    return rows > 0 ? rows : 1;
}

static size_t segment_count(const png_job_t *job)
{
    size_t rows = rows_per_segment(job);
    return ((size_t)job->height + rows - 1) / rows;
}

/* The zlib stream's two header bytes: deflate with a 32 KiB window, the
 * level announced as libdeflate announces it, and the check bits. */
static void zlib_header(int level, unsigned char header[ZLIB_HEADER_BYTES])
{
    unsigned announced = level < 2 ? 0 : level < 6 ? 1 : level == 6 ? 2 : 3;
    unsigned value = 0x78u << 8 | announced << 6;
    value += 31 - value % 31;
    header[0] = (unsigned char)(value >> 8);
    header[1] = (unsigned char)value;
}

/* Writes the joined segments as the image data: the zlib header in the
 * first segment's room, the Adler-32 of all rows after the last. */
static bool write_segments(png_sink_t *sink, const split_job_t *job)
{
    segment_t *first = &job->segments[0], *last = &job->segments[job->count - 1];
    zlib_header(job->rle ? RLE_ANNOUNCED_LEVEL : job->level, first->buffer);
    uint32_t adler = first->adler;
    for (size_t i = 1; i < job->count; i++)
        adler = (uint32_t)adler32_combine(adler, job->segments[i].adler,
                                          (z_off_t)job->segments[i].size);
    put_be32(last->buffer + ZLIB_HEADER_BYTES + last->packed, adler);
    for (size_t i = 0; i < job->count; i++) {
        const segment_t *segment = &job->segments[i];
        size_t start = i == 0 ? 0 : ZLIB_HEADER_BYTES;
        size_t end = ZLIB_HEADER_BYTES + segment->packed + (segment == last ? ADLER_BYTES : 0);
        if (!write_idat(sink, segment->buffer + start, end - start))
            return false;
    }
    return true;
}

typedef enum split_result { SPLIT_WRITTEN, SPLIT_FAILED, SPLIT_UNJOINABLE } split_result_t;

/* The image data deflated segment by segment on cplot_parallel_run's
 * tasks, then joined in order into one zlib stream (one segment when
 * `whole`). */
static split_result_t write_image_split(png_sink_t *sink, const png_job_t *png,
                                        const unsigned char *raw, bool rle, int level, bool whole)
{
    split_job_t job = {.raw = raw,
                       .rle = rle,
                       .pixel_bytes = png->opaque ? 3 : 4,
                       .level = level,
                       .count = whole ? 1 : segment_count(png)};
    job.segments = calloc(job.count, sizeof *job.segments);
    if (!job.segments) {
        sink->failure = CPLOT_STATUS_NO_MEMORY;
        return SPLIT_FAILED;
    }
    size_t rows = whole ? (size_t)png->height : rows_per_segment(png);
    for (size_t i = 0; i < job.count; i++) {
        size_t first_row = i * rows, left = (size_t)png->height - first_row;
        job.segments[i].first_byte = first_row * png->row_bytes;
        job.segments[i].size = (left < rows ? left : rows) * png->row_bytes;
    }
    atomic_init(&job.next, 0);
    cplot_parallel_run(cplot_parallel_tasks_per_thread(job.count, 1), deflate_segments, &job);

    split_result_t result = SPLIT_WRITTEN;
    for (size_t i = 0; i < job.count; i++) {
        if (job.segments[i].out_of_memory)
            result = SPLIT_FAILED;
        else if (job.segments[i].unjoinable && result == SPLIT_WRITTEN)
            result = SPLIT_UNJOINABLE;
    }
    if (result == SPLIT_FAILED)
        sink->failure = CPLOT_STATUS_NO_MEMORY;
    else if (result == SPLIT_WRITTEN && !write_segments(sink, &job))
        result = SPLIT_FAILED;
    for (size_t i = 0; i < job.count; i++)
        free(job.segments[i].buffer);
    free(job.segments);
    return result;
}

/* The image data from the whole image in memory: in segments when there
 * are two or more (in one libdeflate call if they cannot be joined),
 * else in one piece. */
static bool write_image_whole(png_sink_t *sink, const png_job_t *job)
{
    size_t raw_size = job->row_bytes * (size_t)job->height;
    bool small = job->compression & CPLOT_PNG_SMALL;
    int level = small ? SMALL_LEVEL : FAST_LEVEL;
    /* A fresh copy of the rows costs a page fault every 4 KiB, more than
     * deflating them: the caller's image is reused when it allows. */
    unsigned char *raw = job->reusable ? job->reusable : malloc(raw_size);
    unsigned char *above = small ? NULL : calloc(1, job->row_bytes);
    if (!raw || (!small && !above)) {
        sink->failure = CPLOT_STATUS_NO_MEMORY;
        if (raw != job->reusable)
            free(raw);
        free(above);
        return false;
    }
    convert_rows(job, 0, job->height, small ? FILTER_NONE : FILTER_UP, above, raw);
    free(above);
    bool whole = (job->compression & CPLOT_PNG_WHOLE) || segment_count(job) < 2;
    split_result_t split =
        small && whole ? SPLIT_UNJOINABLE : write_image_split(sink, job, raw, !small, level, whole);
    bool written = split == SPLIT_WRITTEN ||
                   (split == SPLIT_UNJOINABLE && write_image_single(sink, raw, raw_size, level));
    if (raw != job->reusable)
        free(raw);
    return written;
}

/* Routing zlib's allocations through malloc lets a failure be told apart
 * from a stream error. */
static voidpf zlib_alloc(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    return items && size <= SIZE_MAX / items ? malloc((size_t)items * size) : NULL;
}

static void zlib_free(voidpf opaque, voidpf block)
{
    (void)opaque;
    free(block);
}

/* Feeds zlib until it has consumed its input (or, when finishing, until
 * the stream ends), each full output buffer becoming an IDAT chunk. */
static bool deflate_into(png_sink_t *sink, z_stream *stream, unsigned char *out, int flush)
{
    for (;;) {
        stream->next_out = out;
        stream->avail_out = IDAT_MAX;
        int result = deflate(stream, flush);
        if (result == Z_STREAM_ERROR) {
            sink->failure = CPLOT_STATUS_DRAW_ERROR;
            return false;
        }
        size_t produced = IDAT_MAX - stream->avail_out;
        if (produced > 0 && !write_chunk(sink, "IDAT", out, produced))
            return false;
        if (flush == Z_FINISH ? result == Z_STREAM_END : stream->avail_out != 0)
            return true;
    }
}

/* The image data streamed through zlib a band of rows at a time, for
 * images too large to copy whole. */
static bool write_image_streamed(png_sink_t *sink, const png_job_t *job)
{
    int level = job->compression & CPLOT_PNG_SMALL ? STREAM_SMALL_LEVEL : STREAM_FAST_LEVEL;
    int band = (int)(STREAM_ROWS_BYTES / job->row_bytes);
    band = band < 1 ? 1 : band;
    unsigned char *rows = malloc(job->row_bytes * (size_t)band);
    unsigned char *out = malloc(IDAT_MAX);
    z_stream stream = {.zalloc = zlib_alloc, .zfree = zlib_free};
    bool open = rows && out && deflateInit(&stream, level) == Z_OK;
    bool written = open;
    for (int y = 0; written && y < job->height; y += band) {
        int count = job->height - y < band ? job->height - y : band;
        convert_rows(job, y, count, FILTER_NONE, NULL, rows);
        stream.next_in = rows;
        stream.avail_in = (uInt)(job->row_bytes * (size_t)count);
        written = deflate_into(sink, &stream, out, Z_NO_FLUSH);
    }
    written = written && deflate_into(sink, &stream, out, Z_FINISH);
    if (open)
        deflateEnd(&stream);
    else
        sink->failure = CPLOT_STATUS_NO_MEMORY;
    free(rows);
    free(out);
    return written;
}

static bool image_is_opaque(const unsigned char *pixels, int width, int height, int stride)
{
    for (int y = 0; y < height; y++) {
        const uint32_t *source =
            (const uint32_t *)(const void *)(pixels + (size_t)y * (size_t)stride);
        for (int x = 0; x < width; x++)
            if ((source[x] >> 24) != 0xff)
                return false;
    }
    return true;
}

/* Checks the arguments and prepares `job`; the surface is flushed so that
 * pending drawing reaches the pixels we read. */
static cplot_status_t prepare_job(cairo_surface_t *image, cplot_png_compression_t compression,
                                  unsigned pixels_per_meter, bool consume, png_job_t *job)
{
    if (!image || cairo_surface_status(image) != CAIRO_STATUS_SUCCESS ||
        cairo_surface_get_type(image) != CAIRO_SURFACE_TYPE_IMAGE)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if ((compression & ~(CPLOT_PNG_SMALL | CPLOT_PNG_WHOLE)) != 0)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    /* PNG's four-byte integers stop at 2^31 - 1. */
    if (pixels_per_meter > 0x7FFFFFFFu)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    cairo_format_t format = cairo_image_surface_get_format(image);
    if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
        return CPLOT_STATUS_INVALID_ARGUMENT;

    /* A finished surface has freed its pixels but still reports success
     * and even a data pointer; cairo has no query for it, yet refuses to
     * create a context on one. */
    cairo_t *probe = cairo_create(image);
    bool finished = cairo_status(probe) == CAIRO_STATUS_SURFACE_FINISHED;
    cairo_destroy(probe);
    if (finished)
        return CPLOT_STATUS_INVALID_ARGUMENT;

    cairo_surface_flush(image);
    const unsigned char *pixels = cairo_image_surface_get_data(image);
    int width = cairo_image_surface_get_width(image);
    int height = cairo_image_surface_get_height(image);
    int stride = cairo_image_surface_get_stride(image);
    /* PNG cannot hold an empty image. */
    if (cairo_surface_status(image) != CAIRO_STATUS_SUCCESS || !pixels || width <= 0 ||
        height <= 0 || stride < width * 4)
        return CPLOT_STATUS_INVALID_ARGUMENT;

    bool opaque = format == CAIRO_FORMAT_RGB24 || image_is_opaque(pixels, width, height, stride);
    *job = (png_job_t){
        .pixels = pixels,
        .width = width,
        .height = height,
        .stride = stride,
        .opaque = opaque,
        .compression = compression,
        .pixels_per_meter = pixels_per_meter,
        .row_bytes = 1 + (size_t)width * (opaque ? 3 : 4),
    };
    if (consume && job->row_bytes <= (size_t)stride)
        job->reusable = (unsigned char *)pixels;
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t encode(const png_job_t *job, png_sink_t *sink)
{
    sink->failure = CPLOT_STATUS_SUCCESS;
    bool whole = job->row_bytes * (size_t)job->height <= WHOLE_IMAGE_LIMIT;
    bool written = write_header(sink, job) &&
                   (whole ? write_image_whole(sink, job) : write_image_streamed(sink, job)) &&
                   write_chunk(sink, "IEND", NULL, 0);
    if (written)
        return CPLOT_STATUS_SUCCESS;
    return sink->failure != CPLOT_STATUS_SUCCESS ? sink->failure : CPLOT_STATUS_DRAW_ERROR;
}

/* Streams the PNG to `file` (which stays open and owned by the caller).
 * Invalid arguments are detected before anything is written; after a
 * write error the file holds a partial PNG and CPLOT_STATUS_IO_ERROR is
 * returned. */
cplot_status_t cplot_png_write_file(cairo_surface_t *image, cplot_png_compression_t compression,
                                    unsigned pixels_per_meter, FILE *file)
{
    if (!file)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    png_job_t job;
    cplot_status_t status = prepare_job(image, compression, pixels_per_meter, false, &job);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    png_sink_t sink = {.file = file};
    status = encode(&job, &sink);
    /* stdio may still hold the tail of the file; a failure to write it is
     * as much a write error as a short fwrite. */
    if (status == CPLOT_STATUS_SUCCESS && fflush(file) != 0)
        status = CPLOT_STATUS_IO_ERROR;
    return status;
}

static cplot_status_t write_buffer(cairo_surface_t *image, cplot_png_compression_t compression,
                                   unsigned pixels_per_meter, bool consume, cplot_buffer_t *out)
{
    if (!out)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    png_job_t job;
    cplot_status_t status = prepare_job(image, compression, pixels_per_meter, consume, &job);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    bool had_storage = out->data != NULL;
    size_t original_size = out->size;
    png_sink_t sink = {.buffer = out};
    status = encode(&job, &sink);
    if (status != CPLOT_STATUS_SUCCESS) {
        if (!had_storage) {
            cplot_buffer_release(out);
        } else {
            out->size = original_size;
            out->data[original_size] = 0; /* the buffer stays NUL-terminated */
        }
    }
    return status;
}

/* Appends the PNG to `out`. On failure `out` is left as it was: its size
 * and contents are restored (its capacity may have grown). */
cplot_status_t cplot_png_write_buffer(cairo_surface_t *image, cplot_png_compression_t compression,
                                      unsigned pixels_per_meter, cplot_buffer_t *out)
{
    return write_buffer(image, compression, pixels_per_meter, false, out);
}

cplot_status_t cplot_png_write_buffer_consuming(cairo_surface_t *image,
                                                cplot_png_compression_t compression,
                                                unsigned pixels_per_meter, cplot_buffer_t *out)
{
    return write_buffer(image, compression, pixels_per_meter, true, out);
}
