/*
 * Reading CSV rows in chunks, on threads when there are several: from
 * text in memory (cplot_read_csv_in_chunks) or streamed from a file a
 * piece at a time (cplot_read_csv_stream). It reads with the serial
 * reader's functions (csv.c, through csv-private.h) and gives up, for the
 * serial reader to read instead, on whatever it cannot show it reads the
 * same way.
 */
#include "csv-private.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <immintrin.h>
#endif

#include "file-private.h"
#include "memory-private.h"
#include "parallel-private.h"
#include "strmap-private.h"

/* ------------------------------------------------- reading in parallel */

/*
 * Large inputs are read in chunks: the rows are cut at line ends into
 * pieces of a nominal size, and each chunk is read straight into its own
 * rows of the final column arrays, on threads when there are several. The
 * rows come from the text in memory or, for a file, are read a chunk at a
 * time into a few buffers reused from chunk to chunk, so the file's text
 * is never held whole. The serial reader stays the reference: this path
 * only returns tables the serial reader returns too, and gives up, for the
 * serial reader to start again from the beginning, on whatever it cannot
 * show it reads the same way:
 * - a quote anywhere in the rows: a quoted field may hold a line break, so
 *   a cut could fall inside it, while without quotes every LF ends a row;
 * - an error in any chunk, so the message and its position are always the
 *   serial reader's, the first in the file (errors cost a second read);
 * - more rows or more distinct values than the limits allow;
 * - a line that runs on more than CSV_LINE_BYTES_MAX past its piece;
 * - for a file: a header and first row longer than CSV_HEAD_BYTES_MAX, a
 *   short read or a file that grew.
 * Type inference gives the same columns: a column is numeric unless some
 * value is text, which a chunk can only see in its own rows, so a column
 * whose first value is text is categorical from the start (as the serial
 * reader makes it), and when a chunk finds text in a column still read as
 * numbers, every chunk reads again with that column categorical. Levels
 * are merged in chunk order, which is their order of first appearance.
 *
 * A chunk's first row is the number of rows before it, known only once
 * every earlier chunk has counted its own: so each chunk reads and counts
 * its bytes, waits for the chunk before it to publish its rows, publishes
 * its own and only then parses, with its bytes still in the cache. Chunks
 * are taken in order (cplot_parallel_run), so the wait is short and ends.
 * The column arrays are allocated before the row count is known, for the
 * most rows the bytes can hold: pages never written are never touched, and
 * the table's arrays are cut to the rows at the end.
 */

/* About 0.2 ms of reading on one core, far above a thread's start. */
enum { CSV_CHUNK_BYTES_MIN = 128 * 1024 };

/* How far a chunk may read past its piece to finish its last line, and
 * how much of a file's start may be read to find the header and the first
 * row: longer lines are left to the serial reader. */
enum { CSV_LINE_BYTES_MAX = 1024 * 1024, CSV_HEAD_BYTES_MAX = 1024 * 1024 };

typedef struct csv_chunk {
    size_t start, end;      /* whole rows: `end` is just past an LF, or the rows' end */
    size_t first_row, rows; /* rows counted by their line ends */
    bool failed;
    cplot_csv_column_t *columns; /* names and row arrays borrowed; levels its own */
    bool *turned;                /* see cplot_csv_reader_t */
    size_t **level_maps;         /* per categorical column: chunk level -> table level */
} csv_chunk_t;

/* Where the rows come from: the text in memory, or a file whose text
 * (positions as in the text) starts at byte `base`, after any byte order
 * mark. */
typedef struct csv_source {
    const char *text; /* NULL for a file */
    int fd;
    size_t base;
} csv_source_t;

typedef struct csv_chunks {
    cplot_csv_reader_t *whole; /* the header, and the columns of the whole table */
    csv_source_t source;
    size_t start, end;   /* the rows: from just after the header to the rows' end */
    size_t piece_bytes;  /* chunk k is cut near start + k * piece_bytes */
    size_t buffer_bytes; /* a file chunk's buffer: a piece and its last line */
    size_t capacity;     /* rows the column arrays hold */
    csv_chunk_t *chunks;
    size_t count;
    pthread_mutex_t lock; /* guards the rest */
    pthread_cond_t published;
    size_t published_chunks, published_rows; /* chunks [0, published_chunks) */
    bool broken;                             /* a chunk failed: stop */
    char **spare_buffers;                    /* buffers free for the next chunk */
    size_t spare_count;
} csv_chunks_t;

/* The high bit of every byte of `word` equal to `byte`, exactly (no
 * carries between bytes). */
static inline uint64_t bytes_equal(uint64_t word, unsigned char byte)
{
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    uint64_t x = word ^ (0x0101010101010101ull * byte);
    return ~(((x & low7) + low7) | x) & ~low7;
}

/* Line ends in bytes[0, length): LF, CR LF and a lone CR, as end_field
 * reads them. A chunk never ends in a CR (it ends after an LF or at the
 * rows' end, which is no line break), so a CR's LF is never cut off. */
static size_t count_line_ends(const char *bytes, size_t length)
{
    size_t count = 0;
    for (size_t i = 0; i < length; i++)
        if (bytes[i] == '\n' || (bytes[i] == '\r' && !(i + 1 < length && bytes[i + 1] == '\n')))
            count++;
    return count;
}

/* Sixteen bytes at a time: each kind of byte found by one comparison of
 * the sixteen at once, line feeds counted in byte lanes (up to 255 steps
 * before they are added up): callgrind counts 1.2 instructions per byte
 * instead of the word loop's 2.9 (the 80 MB benchmark file). The word
 * loop after it does the rest, and all of it without SSE2. */
#if defined(__SSE2__)
static size_t survey_vectors(const char *bytes, size_t length, uint64_t *quotes, uint64_t *returns,
                             uint64_t *unusual, size_t *feeds)
{
    const __m128i feed = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"'),
                  carriage = _mm_set1_epi8('\r'), zero = _mm_setzero_si128();
    __m128i quoted = zero, returned = zero, odd = zero;
    size_t i = 0, count = 0;
    while (length - i >= 16) {
        size_t steps = (length - i) / 16;
        steps = steps < 255 ? steps : 255;
        __m128i lanes = zero;
        for (size_t step = 0; step < steps; step++, i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(bytes + i));
            lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(v, feed));
            quoted = _mm_or_si128(quoted, _mm_cmpeq_epi8(v, quote));
            returned = _mm_or_si128(returned, _mm_cmpeq_epi8(v, carriage));
            odd = _mm_or_si128(odd, _mm_or_si128(_mm_cmpeq_epi8(v, zero), v));
        }
        __m128i sums = _mm_sad_epu8(lanes, zero);
        count += (size_t)_mm_cvtsi128_si64(sums) +
                 (size_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums));
    }
    *quotes |= (uint64_t)_mm_movemask_epi8(quoted);
    *returns |= (uint64_t)_mm_movemask_epi8(returned);
    *unusual |= (uint64_t)_mm_movemask_epi8(odd);
    *feeds += count;
    return i;
}
#endif

/* Counts a chunk's rows and checks its bytes, in one pass over them: fails
 * on a quote and on invalid UTF-8. `last` says the bytes end at the rows'
 * end, where the last row has no line end (they were cut off). */
static bool survey_chunk(const char *bytes, size_t length, bool last, size_t *rows)
{
    size_t i = 0, feeds = 0;
    uint64_t quotes = 0, returns = 0, unusual = 0;
#if defined(__SSE2__)
    i = survey_vectors(bytes, length, &quotes, &returns, &unusual, &feeds);
#endif
    for (; length - i >= 8; i += 8) {
        uint64_t word;
        memcpy(&word, bytes + i, sizeof word);
        uint64_t found = bytes_equal(word, '\n');
        feeds += (size_t)(((found >> 7) * 0x0101010101010101ull) >> 56);
        quotes |= bytes_equal(word, '"');
        returns |= bytes_equal(word, '\r');
        unusual |= bytes_equal(word, 0) | (word & 0x8080808080808080ull);
    }
    for (; i < length; i++) {
        unsigned char byte = (unsigned char)bytes[i];
        feeds += byte == '\n';
        quotes |= byte == '"';
        returns |= byte == '\r';
        unusual |= byte == 0 || byte >= 0x80;
    }
    if (quotes || (unusual && cplot_data_find_invalid_utf8(bytes, length) < length))
        return false;
    size_t line_ends = returns ? count_line_ends(bytes, length) : feeds;
    *rows = line_ends + (last && length > 0);
    return true;
}

/* Where chunk k's nominal piece begins. */
static size_t nominal_start(const csv_chunks_t *work, size_t k)
{
    return work->start + k * work->piece_bytes;
}

/* Reads text[from, from + length) of the file into `buffer`. */
static bool read_source(const csv_chunks_t *work, char *buffer, size_t from, size_t length)
{
    return cplot_read_at(work->source.fd, buffer, length, work->source.base + from);
}

/* Extends a file chunk's bytes in `buffer` (text[from, from + *used)) to
 * just past the first LF at or after their end, or to the rows' end;
 * false when that line is too long or the file ended early. */
static bool read_to_line_end(const csv_chunks_t *work, char *buffer, size_t from, size_t *used)
{
    size_t block = 4096;
    for (;;) {
        size_t position = from + *used, room = work->buffer_bytes - *used;
        size_t length = work->end - position;
        if (length == 0)
            return true;
        if (length > block)
            length = block;
        if (length > room || !read_source(work, buffer + *used, position, length))
            return false;
        const char *feed = memchr(buffer + *used, '\n', length);
        if (feed) {
            *used = (size_t)(feed - buffer) + 1;
            return true;
        }
        *used += length;
        block *= 2;
    }
}

/*
 * Chunk k holds the rows that begin in its nominal piece: it begins just
 * past the first LF at or after the byte before the piece (chunk 0 at the
 * rows' start) and ends where chunk k + 1 begins (the last at the rows'
 * end). A chunk with no LF in its piece is empty: the line running through
 * it belongs to an earlier chunk. Sets *bytes and *length to the chunk's
 * bytes, in the text or read into `buffer`.
 */
static bool locate_chunk(csv_chunks_t *work, size_t k, char *buffer, const char **bytes,
                         size_t *length)
{
    const csv_source_t *source = &work->source;
    size_t from = k == 0 ? work->start : nominal_start(work, k) - 1;
    size_t to = k + 1 == work->count ? work->end : nominal_start(work, k + 1) - 1;
    const char *text = source->text ? source->text + from : buffer;
    if (!source->text && !read_source(work, buffer, from, to - from))
        return false;
    size_t begin = 0, finish = to - from;
    bool empty = false;
    if (k > 0) {
        const char *feed = memchr(text, '\n', to - from);
        empty = !feed;
        begin = feed ? (size_t)(feed - text) + 1 : 0;
    }
    if (empty) {
        finish = 0;
    } else if (k + 1 < work->count) {
        if (!source->text) {
            if (!read_to_line_end(work, buffer, from, &finish))
                return false;
        } else {
            const char *feed = memchr(source->text + to, '\n', work->end - to);
            size_t line_end = feed ? (size_t)(feed - source->text) + 1 : work->end;
            if (line_end - to > CSV_LINE_BYTES_MAX)
                return false; /* as for a file, where it would not fit the buffer */
            finish = line_end - from;
        }
    }
    work->chunks[k].start = from + begin;
    work->chunks[k].end = from + finish;
    *bytes = text + begin;
    *length = finish - begin;
    return true;
}

/* A buffer for a file chunk: one another chunk has finished with, or a
 * new one; as many exist as chunks are read at once. NULL when the work
 * has failed already (nothing more need be read) or memory ran out. */
static char *take_buffer(csv_chunks_t *work)
{
    pthread_mutex_lock(&work->lock);
    bool broken = work->broken;
    char *buffer =
        !broken && work->spare_count > 0 ? work->spare_buffers[--work->spare_count] : NULL;
    pthread_mutex_unlock(&work->lock);
    if (!buffer && !broken)
        buffer = malloc(work->buffer_bytes);
    return buffer;
}

static void give_back_buffer(csv_chunks_t *work, char *buffer)
{
    if (!buffer)
        return;
    pthread_mutex_lock(&work->lock);
    /* Never more buffers than chunks, each given back once. */
    work->spare_buffers[work->spare_count++] = buffer;
    pthread_mutex_unlock(&work->lock);
}

/* Waits for the chunks before chunk k to publish their rows, then
 * publishes chunk k's (when it is `ready`) and gives it its first row.
 * False when this or an earlier chunk failed, or the rows would not fit
 * the arrays: every chunk after it then fails at once too. */
static bool publish_rows(csv_chunks_t *work, size_t k, bool ready)
{
    csv_chunk_t *chunk = &work->chunks[k];
    pthread_mutex_lock(&work->lock);
    while (!work->broken && work->published_chunks < k)
        pthread_cond_wait(&work->published, &work->lock);
    bool fits = ready && !work->broken && chunk->rows <= work->capacity - work->published_rows;
    if (fits) {
        chunk->first_row = work->published_rows;
        work->published_rows += chunk->rows;
        work->published_chunks = k + 1;
    } else {
        work->broken = true;
    }
    pthread_cond_broadcast(&work->published);
    pthread_mutex_unlock(&work->lock);
    return fits;
}

/* Parses a chunk's bytes into its rows of the table's arrays. */
static bool parse_chunk(const csv_chunks_t *work, csv_chunk_t *chunk, const char *bytes,
                        size_t length)
{
    const cplot_csv_reader_t *whole = work->whole;
    size_t column_count = whole->column_count;
    chunk->columns = cplot_calloc_array(column_count, sizeof *chunk->columns);
    chunk->turned = cplot_calloc_array(column_count, sizeof *chunk->turned);
    if (!chunk->columns || !chunk->turned)
        return false;
    for (size_t i = 0; i < column_count; i++) {
        const cplot_csv_column_t *column = &whole->columns[i];
        chunk->columns[i] = (cplot_csv_column_t){
            .name = column->name,
            .kind = column->kind,
            .numbers = column->numbers ? column->numbers + chunk->first_row : NULL,
            .codes = column->codes ? column->codes + chunk->first_row : NULL,
        };
    }
    cplot_csv_reader_t reader = *whole;
    reader.text = bytes;
    reader.end = length;
    reader.position = reader.data_start = 0;
    /* More rows than counted fail at the row limit, before any growth. */
    reader.max_rows = reader.row_capacity = chunk->rows;
    reader.row_count = 0;
    reader.columns = chunk->columns;
    reader.column_capacity = column_count;
    reader.unescaped = reader.key = (cplot_buffer_t){0};
    reader.error = NULL;
    reader.turned = chunk->turned;
    bool read =
        cplot_csv_read_rows(&reader) == CPLOT_STATUS_SUCCESS && reader.row_count == chunk->rows;
    /* The range of each numeric column's rows, while they are still in
     * the cache: a later pass over the whole column (a histogram's first)
     * would read them all from memory again. */
    for (size_t i = 0; read && i < column_count; i++)
        if (chunk->columns[i].kind != CPLOT_CSV_CATEGORICAL && !chunk->turned[i])
            cplot_value_range_scan(chunk->columns[i].numbers, chunk->rows, &chunk->columns[i].range);
    cplot_buffer_release(&reader.unescaped);
    cplot_buffer_release(&reader.key);
    return read;
}

/* Reads, counts and parses one chunk (see publish_rows). */
static void read_chunk(void *context, size_t index)
{
    csv_chunks_t *work = context;
    csv_chunk_t *chunk = &work->chunks[index];
    char *buffer = work->source.text ? NULL : take_buffer(work);
    const char *bytes = NULL;
    size_t length = 0;
    bool ready = (work->source.text || buffer) &&
                 locate_chunk(work, index, buffer, &bytes, &length) &&
                 survey_chunk(bytes, length, chunk->end == work->end, &chunk->rows);
    chunk->failed = !publish_rows(work, index, ready) || !parse_chunk(work, chunk, bytes, length);
    if (chunk->failed) {
        pthread_mutex_lock(&work->lock);
        work->broken = true; /* spares the later chunks their reading */
        pthread_mutex_unlock(&work->lock);
    }
    give_back_buffer(work, buffer);
}

static void release_chunk(csv_chunk_t *chunk, size_t column_count)
{
    for (size_t i = 0; chunk->columns && i < column_count; i++) {
        cplot_csv_column_t *column = &chunk->columns[i];
        for (size_t k = 0; k < column->level_count; k++)
            free(column->levels[k]);
        free(column->levels);
        cplot_strmap_release(&column->level_index);
    }
    for (size_t i = 0; chunk->level_maps && i < column_count; i++)
        free(chunk->level_maps[i]);
    free(chunk->level_maps);
    free(chunk->columns);
    free(chunk->turned);
    chunk->columns = NULL;
    chunk->turned = NULL;
    chunk->level_maps = NULL;
}

/* Reads every chunk; false when any failed. */
static bool run_chunks(csv_chunks_t *work)
{
    work->published_chunks = work->published_rows = 0;
    work->broken = false;
    cplot_parallel_run(work->count, read_chunk, work);
    for (size_t k = 0; k < work->count; k++)
        if (work->chunks[k].failed)
            return false;
    return true;
}

/* Columns whose first value is text are categorical from the first row,
 * as the serial reader makes them; the rest of the inference is left to
 * the chunks. A malformed first row is left to the chunks too. */
static void type_by_first_row(cplot_csv_reader_t *whole)
{
    cplot_csv_field_t field = {0};
    size_t column = 0;
    do {
        if (column == whole->column_count ||
            cplot_csv_read_field(whole, 0, column, &field) != CPLOT_STATUS_SUCCESS)
            break;
        cplot_csv_column_t *kind = &whole->columns[column++];
        double ignored;
        if (kind->kind == CPLOT_CSV_GUESSED_NUMERIC &&
            !cplot_data_is_missing(field.text, field.length) &&
            !cplot_parse_number(field.text, field.length, &ignored))
            kind->kind = CPLOT_CSV_CATEGORICAL;
    } while (field.terminator == CPLOT_CSV_END_OF_FIELD);
    whole->position = whole->data_start;
}

/* The table's arrays for columns that have none yet, for `rows` rows. */
static bool allocate_columns(cplot_csv_reader_t *whole, size_t rows)
{
    for (size_t i = 0; i < whole->column_count; i++) {
        cplot_csv_column_t *column = &whole->columns[i];
        if (column->kind == CPLOT_CSV_CATEGORICAL && !column->codes) {
            free(column->numbers);
            column->numbers = NULL;
            column->codes = cplot_alloc_array(rows, sizeof *column->codes);
            if (!column->codes)
                return false;
        } else if (column->kind != CPLOT_CSV_CATEGORICAL && !column->numbers) {
            column->numbers = cplot_alloc_array(rows, sizeof *column->numbers);
            if (!column->numbers)
                return false;
        }
    }
    return true;
}

/* Each numeric column's range: its chunks' in chunk order. */
static void merge_ranges(csv_chunks_t *work)
{
    cplot_csv_reader_t *whole = work->whole;
    for (size_t i = 0; i < whole->column_count; i++) {
        cplot_csv_column_t *column = &whole->columns[i];
        if (column->kind == CPLOT_CSV_CATEGORICAL)
            continue;
        column->range = (cplot_value_range_t){0, INFINITY, -INFINITY}; /* no rows */
        for (size_t k = 0; k < work->count; k++)
            cplot_value_range_merge(&column->range, &work->chunks[k].columns[i].range);
        column->has_range = true;
    }
}

/* Reads every chunk; when text turned up in numeric columns, makes them
 * categorical and reads every chunk again (text cannot turn up again: the
 * first reading saw every value). */
static bool read_all_chunks(csv_chunks_t *work)
{
    cplot_csv_reader_t *whole = work->whole;
    for (int reading = 0; reading < 2; reading++) {
        if (!allocate_columns(whole, work->capacity) || !run_chunks(work))
            return false;
        bool turned = false;
        for (size_t i = 0; i < whole->column_count; i++)
            for (size_t k = 0; k < work->count; k++)
                if (work->chunks[k].turned[i]) {
                    whole->columns[i].kind = CPLOT_CSV_CATEGORICAL;
                    turned = true;
                }
        if (!turned) {
            merge_ranges(work);
            return true;
        }
        for (size_t k = 0; k < work->count; k++)
            release_chunk(&work->chunks[k], whole->column_count);
    }
    return false;
}

/* The table's levels of a categorical column: each chunk's in chunk
 * order, which is the order of first appearance in the file. Leaves in
 * each chunk the map from its level numbers to the table's, or none when
 * they are the same. */
static bool merge_levels(csv_chunks_t *work, size_t column)
{
    cplot_csv_reader_t *whole = work->whole;
    for (size_t k = 0; k < work->count; k++) {
        cplot_csv_column_t *local = &work->chunks[k].columns[column];
        size_t *map = cplot_alloc_array(local->level_count, sizeof *map);
        if (!map)
            return false;
        work->chunks[k].level_maps[column] = map;
        bool same = true;
        for (size_t j = 0; j < local->level_count; j++) {
            if (!cplot_strmap_get(&whole->columns[column].level_index, local->levels[j], &map[j])) {
                char *text = local->levels[j];
                local->levels[j] = NULL; /* handed over, even on failure */
                if (cplot_csv_append_level(whole, column, text, &map[j]) != CPLOT_STATUS_SUCCESS)
                    return false;
            }
            same = same && map[j] == j;
        }
        if (same) {
            free(map);
            work->chunks[k].level_maps[column] = NULL;
        }
    }
    return true;
}

static void translate_codes(void *context, size_t index)
{
    csv_chunks_t *work = context;
    csv_chunk_t *chunk = &work->chunks[index];
    for (size_t i = 0; i < work->whole->column_count; i++) {
        const size_t *map = chunk->level_maps[i];
        if (!map)
            continue;
        int *codes = work->whole->columns[i].codes + chunk->first_row;
        for (size_t row = 0; row < chunk->rows; row++)
            if (codes[row] >= 0)
                codes[row] = (int)map[codes[row]];
    }
}

static bool number_levels(csv_chunks_t *work)
{
    size_t column_count = work->whole->column_count;
    bool any = false;
    for (size_t k = 0; k < work->count; k++) {
        work->chunks[k].level_maps = cplot_calloc_array(column_count, sizeof(size_t *));
        if (!work->chunks[k].level_maps)
            return false;
    }
    for (size_t i = 0; i < column_count; i++) {
        if (work->whole->columns[i].kind != CPLOT_CSV_CATEGORICAL)
            continue;
        if (!merge_levels(work, i))
            return false;
        any = true;
    }
    if (any)
        cplot_parallel_run(work->count, translate_codes, work);
    return true;
}

/* Most rows text[start, end) can hold: every row but the last ends in a
 * line break and has a delimiter between each two of its fields; a text
 * with more rows is malformed, and read by the serial reader. */
static size_t most_rows(const cplot_csv_reader_t *whole, size_t start, size_t end)
{
    size_t rows = (end - start) / whole->column_count + 1;
    return rows < whole->max_rows ? rows : whole->max_rows;
}

static bool start_chunks(csv_chunks_t *work)
{
    size_t bytes = work->end - work->start;
    work->count = bytes / work->piece_bytes + (bytes % work->piece_bytes != 0);
    work->capacity = most_rows(work->whole, work->start, work->end);
    work->buffer_bytes = work->piece_bytes + CSV_LINE_BYTES_MAX;
    work->chunks = cplot_calloc_array(work->count, sizeof *work->chunks);
    work->spare_buffers = cplot_calloc_array(work->count, sizeof *work->spare_buffers);
    if (!work->chunks || !work->spare_buffers || pthread_mutex_init(&work->lock, NULL) != 0) {
        free(work->chunks);
        free(work->spare_buffers);
        return false;
    }
    if (pthread_cond_init(&work->published, NULL) != 0) {
        pthread_mutex_destroy(&work->lock);
        free(work->chunks);
        free(work->spare_buffers);
        return false;
    }
    return true;
}

static void finish_chunks(csv_chunks_t *work)
{
    for (size_t k = 0; k < work->count; k++)
        release_chunk(&work->chunks[k], work->whole->column_count);
    for (size_t i = 0; i < work->spare_count; i++)
        free(work->spare_buffers[i]);
    pthread_cond_destroy(&work->published);
    pthread_mutex_destroy(&work->lock);
    free(work->spare_buffers);
    free(work->chunks);
}

/* The rows after the header (its first row already typed), cut into
 * pieces of about `piece_bytes`, read and joined; false when the serial
 * reader must read them instead. */
static bool read_rows_in_chunks(cplot_csv_reader_t *whole, csv_source_t source, size_t end,
                                size_t piece_bytes, cplot_table_t **table)
{
    csv_chunks_t work = {
        .whole = whole,
        .source = source,
        .start = whole->data_start,
        .end = end,
        .piece_bytes = piece_bytes,
    };
    if (!start_chunks(&work))
        return false;
    bool read = read_all_chunks(&work) && number_levels(&work);
    size_t rows = work.published_rows;
    finish_chunks(&work);
    if (!read)
        return false;
    whole->row_count = rows;
    whole->row_capacity = work.capacity;
    return cplot_csv_build_table(whole, table) == CPLOT_STATUS_SUCCESS;
}

bool cplot_read_csv_in_chunks(const char *text, size_t length, const cplot_data_options_t *options,
                              cplot_table_t **table)
{
    if (cplot_parallel_tasks(length, CSV_CHUNK_BYTES_MIN) < 2)
        return false;
    size_t end = cplot_csv_end_of_rows(text, length);
    if (end == 0)
        return false;
    cplot_csv_reader_t whole;
    cplot_csv_start_reader(&whole, text, end, options, NULL);
    /* The header's bytes are checked here; the chunks check the rest. */
    bool read = cplot_csv_read_header_and_types(&whole, options) == CPLOT_STATUS_SUCCESS &&
                cplot_data_find_invalid_utf8(text, whole.data_start) == whole.data_start;
    size_t rows_bytes = end - whole.data_start;
    size_t wanted = read ? cplot_parallel_tasks(rows_bytes, CSV_CHUNK_BYTES_MIN) : 0;
    if (wanted >= 2) {
        type_by_first_row(&whole);
        csv_source_t source = {.text = text, .fd = -1};
        read = read_rows_in_chunks(&whole, source, end, rows_bytes / wanted + 1, table);
    }
    cplot_csv_release_reader(&whole);
    return read && wanted >= 2;
}

/* ------------------------------------------------ reading from a file */

/* The file's first bytes, and its header read from them. */
typedef struct csv_head {
    char *bytes;
    size_t base;        /* 3 after a byte order mark, else 0 */
    size_t end;         /* the rows' end, a position in the text after `base` */
    cplot_csv_reader_t whole; /* over the bytes read, header and first row read */
} csv_head_t;

/* The offset just past the file's last byte that is no line break, like
 * cplot_csv_end_of_rows; 0 when there is none, or when the last 4096 bytes are all
 * line breaks (rare: the serial reader takes those). */
static size_t file_rows_end(int fd, size_t size)
{
    char tail[4096];
    size_t length = size < sizeof tail ? size : sizeof tail;
    if (!cplot_read_at(fd, tail, length, size - length))
        return 0;
    size_t end = cplot_csv_end_of_rows(tail, length);
    return end == 0 && length < size ? 0 : size - length + end;
}

/* Reads the header from the first `length` bytes of the file, which end at
 * the rows' end or hold the first row's line end; false when they are too
 * few, or the header is not one the chunks can use. */
static bool read_head_from(csv_head_t *head, size_t length, size_t rows_end,
                           const cplot_data_options_t *options)
{
    const char *bytes = head->bytes;
    head->base = length >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (rows_end <= head->base)
        return false; /* no header: an error the serial reader words */
    const char *text = bytes + head->base;
    size_t view = length - head->base;
    head->end = rows_end - head->base;
    bool complete = view == head->end;
    /* The delimiter is guessed from the whole first line. */
    if (!complete && !memchr(text, '\n', view) && !memchr(text, '\r', view))
        return false;
    cplot_csv_start_reader(&head->whole, text, view, options, NULL);
    cplot_csv_reader_t *whole = &head->whole;
    if (cplot_csv_read_header_and_types(whole, options) != CPLOT_STATUS_SUCCESS ||
        cplot_data_find_invalid_utf8(text, whole->data_start) != whole->data_start)
        return false;
    /* The header and the first row must end in the bytes read, a CR with
     * the LF after it. */
    return complete || (whole->data_start < view &&
                        memchr(text + whole->data_start, '\n', view - whole->data_start));
}

/* Reads the file's first bytes, more while the header and first row need
 * them (up to CSV_HEAD_BYTES_MAX), and the header from them. */
static bool read_head(int fd, size_t size, const cplot_data_options_t *options, csv_head_t *head)
{
    *head = (csv_head_t){0};
    size_t rows_end = file_rows_end(fd, size);
    for (size_t wanted = 64 * 1024;; wanted *= 4) {
        size_t length = wanted < rows_end ? wanted : rows_end;
        char *bytes = realloc(head->bytes, length ? length : 1);
        if (!bytes)
            return false;
        head->bytes = bytes;
        if (!cplot_read_at(fd, bytes, length, 0))
            return false;
        if (read_head_from(head, length, rows_end, options)) {
            type_by_first_row(&head->whole);
            return true;
        }
        cplot_csv_release_reader(&head->whole);
        head->whole = (cplot_csv_reader_t){0};
        if (length == rows_end || wanted >= CSV_HEAD_BYTES_MAX)
            return false;
    }
}

static void release_head(csv_head_t *head)
{
    cplot_csv_release_reader(&head->whole);
    free(head->bytes);
}

cplot_csv_stream_t cplot_read_csv_stream(int fd, size_t size, const cplot_data_options_t *options,
                                         size_t piece_bytes, cplot_table_t **table)
{
    static const cplot_data_options_t defaults = {0};
    *table = NULL;
    if (piece_bytes == 0 || size / 2 < piece_bytes)
        return CPLOT_CSV_STREAM_DECLINED;
    if (!options)
        options = &defaults;
    char delimiter = options->delimiter;
    if (delimiter == '"' || delimiter == '\r' || delimiter == '\n' ||
        (unsigned char)delimiter >= 0x80)
        return CPLOT_CSV_STREAM_FAILED; /* cplot_read_csv words the error */
    csv_head_t head;
    bool read = read_head(fd, size, options, &head);
    if (read) {
        csv_source_t source = {.fd = fd, .base = head.base};
        read = read_rows_in_chunks(&head.whole, source, head.end, piece_bytes, table);
    }
    release_head(&head);
    /* A file that grew while it was read is read again whole, to its new
     * end, as cplot_read_file reads it. */
    char probe;
    if (read && pread(fd, &probe, 1, (off_t)size) != 0) {
        cplot_table_destroy(*table);
        *table = NULL;
        read = false;
    }
    return read ? CPLOT_CSV_STREAM_READ : CPLOT_CSV_STREAM_FAILED;
}
