/* Correlation matrices as pandas 1.5's DataFrame.corr computes them
 * (pearson, spearman, kendall; pairwise deletion; min_periods). See
 * stats-private.h.
 *
 * Speed without changing a bit: columns that miss exactly the same rows
 * (usually all of them: no missing value) form a group, and within a group
 * every per-column step is done once instead of once per pair.
 * - pearson: pandas' Welford updates of a column's mean depend only on the
 *   column and the rows used, so each column's two update sequences
 *   (value - new mean, value - old mean) are computed once; a pair then
 *   costs one product sum. Every pair's sum is still added up row by row
 *   in pandas' order, so the results stay equal bit for bit; the speed
 *   comes from updating all pairs of one row together (independent sums
 *   that the compiler vectorises and pipelines).
 * - spearman: each column is ranked once (radix sort), then the same
 *   product sums on centred ranks.
 * - kendall: each column is sorted once into dense integer ranks; a pair
 *   then costs one pass putting y's ranks in x's order and an inversion
 *   count (a bit set and counts per run of words) on 32-bit integers, all
 *   counts exact.
 * Pairs whose columns miss different rows take the same code on their
 * complete rows, copied out (a group of two).
 *
 * Threads (cplot_threads_set) rank columns, sum tiles of pairs and count
 * kendall's pairs at once; each column, tile or pair is computed by the
 * same operations in the same order whichever task takes it, so the
 * matrix is the same bit for bit for any thread count. */
#include "stats-private.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memory-private.h"
#include "parallel-private.h"

void cplot_correlation_release(cplot_correlation_t *result)
{
    if (!result)
        return;
    free(result->values);
    memset(result, 0, sizeof *result);
}

/* ------------------------------------------------------------- Sorting */

#define RADIX_BITS 11
#define RADIX_BUCKETS (1u << RADIX_BITS)
#define RADIX_PASSES 6 /* 6 x 11 bits cover the 64 of a double */

typedef struct sorter {
    uint64_t *keys;                    /* 2 x rows */
    uint32_t *indices;                 /* 2 x rows */
    uint32_t (*counts)[RADIX_BUCKETS]; /* RADIX_PASSES histograms */
} sorter_t;

/* An unsigned integer that orders as the (finite) double does: flip every
 * bit of a negative number, only the sign bit of a positive one. -0.0
 * becomes +0.0 first, since the two compare equal. */
static uint64_t order_key(double value)
{
    if (value == 0.0)
        value = 0.0;
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    return bits >> 63 ? ~bits : bits | (UINT64_C(1) << 63);
}

/* order[0..count) = the row indices sorted by values[] ascending, equal
 * values in row order (a stable LSD radix sort; digits that are the same
 * in every key are skipped). */
static void sort_rows(const double *values, size_t count, uint32_t *order, sorter_t *s)
{
    uint64_t *keys = s->keys, *keys_out = s->keys + count;
    uint32_t *rows = s->indices, *rows_out = s->indices + count;
    memset(s->counts, 0, RADIX_PASSES * sizeof *s->counts);
    for (size_t i = 0; i < count; i++) {
        uint64_t key = order_key(values[i]);
        keys[i] = key;
        rows[i] = (uint32_t)i;
        for (unsigned pass = 0; pass < RADIX_PASSES; pass++)
            s->counts[pass][(key >> (pass * RADIX_BITS)) & (RADIX_BUCKETS - 1)]++;
    }
    for (unsigned pass = 0; pass < RADIX_PASSES && count > 0; pass++) {
        unsigned shift = pass * RADIX_BITS;
        uint32_t *offsets = s->counts[pass];
        if (offsets[(keys[0] >> shift) & (RADIX_BUCKETS - 1)] == count)
            continue;
        uint32_t total = 0;
        for (unsigned b = 0; b < RADIX_BUCKETS; b++) {
            uint32_t n = offsets[b];
            offsets[b] = total;
            total += n;
        }
        for (size_t i = 0; i < count; i++) {
            uint32_t at = offsets[(keys[i] >> shift) & (RADIX_BUCKETS - 1)]++;
            keys_out[at] = keys[i];
            rows_out[at] = rows[i];
        }
        uint64_t *swap_keys = keys;
        keys = keys_out;
        keys_out = swap_keys;
        uint32_t *swap_rows = rows;
        rows = rows_out;
        rows_out = swap_rows;
    }
    memcpy(order, rows, count * sizeof *order);
}

static int64_t tied_pairs(size_t run)
{
    return (int64_t)run * ((int64_t)run - 1) / 2;
}

/* ------------------------------------------------- Pearson and spearman */

/* Rows per block: the row-major blocks of a group's update sequences stay
 * in the first-level cache while every pair takes its products. */
#define BLOCK_ROWS 64
/* Pairs are summed in tiles of TILE x TILE columns whose sums stay in
 * registers through a block; rows of the blocks are padded with zeros to
 * a multiple of TILE. */
#define TILE 4

static size_t padded(size_t width)
{
    return (width + TILE - 1) / TILE * TILE;
}

/* The tiles of the lower triangle, row after row: tile (a, b), b <= a, of
 * columns a * TILE.. and b * TILE.. is number a (a + 1) / 2 + b, and its
 * TILE x TILE sums are stored together (products are tile-major), so that
 * tasks summing different tiles never share a cache line but at their
 * ends. */
static size_t tile_count(size_t width)
{
    size_t groups = padded(width) / TILE;
    return groups * (groups + 1) / 2;
}

/* The row a of entry `index` of a lower triangle laid out row after row
 * (row a holds a + 1 entries): a (a + 1) / 2 <= index < (a + 1) (a + 2) / 2.
 * The square root guesses it; whole numbers settle it. */
static size_t triangle_row(size_t index)
{
    size_t row = (size_t)((sqrt(8.0 * (double)index + 1.0) - 1.0) / 2.0);
    while (row > 0 && row * (row + 1) / 2 > index)
        row--;
    while ((row + 1) * (row + 2) / 2 <= index)
        row++;
    return row;
}

static void tile_position(size_t tile, size_t *a, size_t *b)
{
    *a = triangle_row(tile);
    *b = tile - *a * (*a + 1) / 2;
}

/* Where the sum of pair (i, j), j <= i, is kept. */
static size_t product_index(size_t i, size_t j)
{
    size_t a = i / TILE, b = j / TILE;
    return (a * (a + 1) / 2 + b) * TILE * TILE + i % TILE * TILE + j % TILE;
}

/* For the tiles [first, last): sums[i][j] += a[r][i] * b[r][j] for each
 * row r of the block (stride values a row) in order: each sum is still
 * updated row by row, as pandas' loop does; a tile's 16 independent sums
 * keep the multiplier and adder busy. Diagonal tiles also sum some j > i,
 * unused. */
static void add_products(const double *restrict a, const double *restrict b, size_t block_rows,
                         size_t stride, size_t first, size_t last, double *restrict products)
{
    size_t ta, tb;
    tile_position(first, &ta, &tb);
    for (size_t tile = first; tile < last; tile++) {
        size_t ti = ta * TILE, tj = tb * TILE;
        double *stored = products + tile * TILE * TILE;
        double sums[TILE][TILE];
        for (size_t i = 0; i < TILE; i++)
            for (size_t j = 0; j < TILE; j++)
                sums[i][j] = stored[i * TILE + j];
        for (size_t r = 0; r < block_rows; r++) {
            const double *a_row = a + r * stride + ti, *b_row = b + r * stride + tj;
            for (size_t i = 0; i < TILE; i++)
                for (size_t j = 0; j < TILE; j++)
                    sums[i][j] += a_row[i] * b_row[j];
        }
        for (size_t i = 0; i < TILE; i++)
            for (size_t j = 0; j < TILE; j++)
                stored[i * TILE + j] = sums[i][j];
        if (++tb > ta) {
            ta++;
            tb = 0;
        }
    }
}

/* pandas' nancorr on complete columns: Welford updates in row order, with
 * the later column of a pair as `x` (the updates are not symmetric). For
 * column c: after[r] = v - new mean and before[r] = v - old mean; then
 * pandas' sums are ssqdm = sum after_c * before_c and covxy = sum after_x *
 * before_y, so the product of pair (x = i, y = j) is pandas' covxy and the
 * diagonal its ssqdm. One block of rows from `start`, for the columns
 * [from, to) only: a column's updates depend on nothing else. */
static void pearson_block(const double *const *columns, size_t from, size_t to, size_t start,
                          size_t block, size_t stride, double *means, double *after, double *before)
{
    /* The block's values row-major first, so that the updates of one row
     * run across contiguous columns (vectorised). */
    for (size_t c = from; c < to; c++)
        for (size_t r = 0; r < block; r++)
            after[r * stride + c] = columns[c][start + r];
    for (size_t r = 0; r < block; r++) {
        double weight = 1.0 / (double)(start + r + 1);
        double *after_row = after + r * stride, *before_row = before + r * stride;
        for (size_t c = from; c < to; c++) {
            double value = after_row[c];
            double delta = value - means[c];
            means[c] += weight * delta;
            after_row[c] = value - means[c];
            before_row[c] = delta;
        }
    }
}

/* pandas' nancorr_spearman on a complete column: average ranks (1-based;
 * ties share the mean of their positions, a half-integer and so exact)
 * centred on (rows + 1) / 2, into centred[0..rows); the pairs then take
 * the sums of products row by row. */
static void centre_ranks(const double *values, size_t rows, sorter_t *sorter, uint32_t *order,
                         double *centred)
{
    double mean = ((double)rows + 1.0) / 2.0;
    sort_rows(values, rows, order, sorter);
    size_t start = 0;
    while (start < rows) {
        size_t end = start + 1;
        while (end < rows && values[order[end]] == values[order[start]])
            end++;
        double rank = ((double)(start + 1) + (double)end) / 2.0;
        for (size_t k = start; k < end; k++)
            centred[order[k]] = rank - mean;
        start = end;
    }
}

/* One block of spearman's centred ranks row-major, columns [from, to). */
static void spearman_block(const double *centred, size_t rows, size_t from, size_t to, size_t start,
                           size_t block, size_t stride, double *rows_out)
{
    for (size_t r = 0; r < block; r++)
        for (size_t c = from; c < to; c++)
            rows_out[r * stride + c] = centred[c * rows + start + r];
}

/* ------------------------------------------------------------- Kendall */

/* A complete column as scipy's kendalltau sees it: dense ranks (0, 1, ...
 * by value; equal values share one). */
typedef struct ranked_column {
    uint32_t *order;  /* rows sorted by value (stable) */
    uint32_t *dense;  /* dense rank of each row */
    uint32_t *sorted; /* dense rank of each row of order[], in that order */
    uint32_t *starts; /* where each rank's rows begin in order[]; distinct + 1 entries */
    size_t distinct;
    int64_t ties; /* pairs of rows with equal values */
} ranked_column_t;

static void rank_column(const double *values, size_t rows, sorter_t *sorter,
                        ranked_column_t *column)
{
    sort_rows(values, rows, column->order, sorter);
    size_t distinct = 0;
    for (size_t k = 0; k < rows; k++) {
        if (k == 0 || values[column->order[k]] != values[column->order[k - 1]])
            column->starts[distinct++] = (uint32_t)k;
        column->dense[column->order[k]] = column->sorted[k] = (uint32_t)(distinct - 1);
    }
    column->starts[distinct] = (uint32_t)rows;
    column->distinct = distinct;
    column->ties = 0;
    for (size_t rank = 0; rank < distinct; rank++) {
        size_t run = column->starts[rank + 1] - column->starts[rank];
        column->ties += tied_pairs(run);
    }
}

static unsigned bit_count(uint64_t word)
{
    word -= (word >> 1) & UINT64_C(0x5555555555555555);
    word = (word & UINT64_C(0x3333333333333333)) + ((word >> 2) & UINT64_C(0x3333333333333333));
    word = (word + (word >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
    return (unsigned)((word * UINT64_C(0x0101010101010101)) >> 56);
}

/* The number of inversions of values[0..count), distinct numbers below
 * `count`: pairs i < j with values[i] > values[j]. For each value in turn,
 * the earlier ones that are larger are those seen minus those below it.
 * A bit set of the values seen (count bits) answers within the value's
 * 64-bit word by a bit count; for the words before, level l of `counts`
 * holds the values seen in each aligned run of 2^l words, and the words
 * before word w are the runs given by w's set bits. Every value takes the
 * same steps (no mispredicted branches), and at 100,000 rows the bit set
 * and the counts (about 2 count / 64 entries) stay in the first-level
 * cache, where a Fenwick tree over the values would not. */
static int64_t count_inversions(const uint32_t *values, size_t count, uint64_t *seen,
                                uint32_t *counts)
{
    size_t words = count / 64 + 1, offsets[33];
    unsigned levels = 0;
    offsets[0] = 0;
    while (levels < 32 && (words >> levels) > 0) {
        offsets[levels + 1] = offsets[levels] + (words >> levels) + 2;
        levels++;
    }
    memset(seen, 0, words * sizeof *seen);
    memset(counts, 0, offsets[levels] * sizeof *counts);
    int64_t inversions = 0;
    for (size_t k = 0; k < count; k++) {
        uint32_t value = values[k], word = value / 64, bit = value % 64;
        size_t smaller = bit_count(seen[word] & ((UINT64_C(1) << bit) - 1));
        for (unsigned level = 0; level < levels; level++) {
            size_t run = word >> level; /* odd: the run before it counts */
            smaller += (run & 1) * counts[offsets[level] + (run ^ 1)];
            counts[offsets[level] + run]++;
        }
        inversions += (int64_t)(k - smaller);
        seen[word] |= UINT64_C(1) << bit;
    }
    return inversions;
}

typedef struct kendall_scratch {
    uint32_t *next, *sequence; /* rows + 1 each */
    uint32_t *counts;          /* see count_inversions */
    uint64_t *seen;            /* rows / 64 + 1 */
} kendall_scratch_t;

/* s->sequence = y's dense ranks ordered by (x, y), as scipy's stable sort
 * on x after y leaves them: y's sorted rows scattered into x's rank slots
 * (a counting sort, stable). One pass without data-dependent branches. */
static void y_ranks_in_x_order(const ranked_column_t *x, const ranked_column_t *y, size_t rows,
                               kendall_scratch_t *s)
{
    uint32_t *next = s->next, *sequence = s->sequence;
    memcpy(next, x->starts, x->distinct * sizeof *next);
    for (size_t k = 0; k < rows; k++)
        sequence[next[x->dense[y->order[k]]]++] = y->sorted[k];
}

/* scipy.stats.kendalltau's tau-b of x (the earlier column, as pandas
 * passes it) and y on `rows` complete rows. Knight's algorithm: y's ranks
 * in the order of (x, y); discordant pairs = their inversions. */
static double kendall_tau(const ranked_column_t *x, const ranked_column_t *y, size_t rows,
                          kendall_scratch_t *s)
{
    if (rows == 0)
        return NAN;
    int64_t total = tied_pairs(rows);
    if (x->ties == total || y->ties == total)
        return NAN;
    y_ranks_in_x_order(x, y, rows, s);
    /* Rows equal in both (runs of one y rank within one x rank: `run`
     * counts the earlier rows each is tied with), and y's ranks made
     * distinct, ties numbered in sequence order so that none of them
     * counts as an inversion. */
    int64_t joint_ties = 0;
    if (y->ties > 0) {
        uint32_t *next = s->next, *sequence = s->sequence;
        memcpy(next, y->starts, y->distinct * sizeof *next);
        uint32_t previous = UINT32_MAX;
        int64_t run = 0;
        for (size_t k = 0; k < rows; k++) {
            uint32_t rank = sequence[k];
            bool tied = rank == previous && k > 0 && x->sorted[k] == x->sorted[k - 1];
            run = tied ? run + 1 : 0;
            joint_ties += run;
            previous = rank;
            sequence[k] = next[rank]++;
        }
    }
    int64_t discordant = count_inversions(s->sequence, rows, s->seen, s->counts);
    int64_t concordant_minus_discordant = total - x->ties - y->ties + joint_ties - 2 * discordant;
    double tau = (double)concordant_minus_discordant / sqrt((double)(total - x->ties)) /
                 sqrt((double)(total - y->ties));
    return fmin(1.0, fmax(-1.0, tau));
}

/* ------------------------------------------------- Complete columns */

/* Columns are ranked and pairs summed on cplot_parallel_run's tasks; task
 * k uses workers[k], the scratch of one task, and writes only its own
 * columns' ranks or its own pairs' sums, each computed by the same steps
 * whichever task takes it, so the matrix does not depend on the thread
 * count. Work is cut so that a task is worth some 50 us or more: */
#define RANK_MINIMUM_VALUES 8192  /* values a task sorts */
#define PRODUCT_MINIMUM 16384     /* tile x rows: 16 products each */
#define KENDALL_MINIMUM_ROWS 4096 /* rows of pairs a task counts */

typedef struct worker {
    sorter_t sorter;                /* spearman, kendall */
    uint32_t *order;                /* spearman: rows */
    kendall_scratch_t kendall;      /* kendall */
    double *after, *before, *means; /* pearson: BLOCK_ROWS x stride, twice, and stride */
} worker_t;

typedef struct workspace {
    size_t rows, columns; /* the input's */
    cplot_correlation_method_t method;
    worker_t *workers;
    size_t worker_count;
    double *centred;         /* columns x rows: spearman's centred ranks */
    double *products;        /* tiles of columns x columns, see product_index */
    ranked_column_t *ranked; /* columns */
    uint32_t *rank_storage;  /* columns x (4 rows + 1) */
    double *copies;          /* copy_width x rows: a group's complete rows, made on demand */
    size_t copy_width;
    const double **pointers; /* columns */
    size_t *members;         /* columns */
} workspace_t;

static void worker_release(worker_t *worker)
{
    free(worker->sorter.keys);
    free(worker->sorter.indices);
    free(worker->sorter.counts);
    free(worker->order);
    free(worker->kendall.next);
    free(worker->kendall.seen);
    free(worker->after);
}

static cplot_status_t worker_init(worker_t *worker, const workspace_t *work)
{
    size_t rows = work->rows, stride = padded(work->columns < 2 ? 2 : work->columns);
    memset(worker, 0, sizeof *worker);
    /* Spearman's blocks use `after` alone. */
    worker->after = cplot_alloc_array(stride, (2 * BLOCK_ROWS + 1) * sizeof *worker->after);
    if (!worker->after)
        return CPLOT_STATUS_NO_MEMORY;
    worker->before = worker->after + BLOCK_ROWS * stride;
    worker->means = worker->before + BLOCK_ROWS * stride;
    if (work->method == CPLOT_CORRELATION_PEARSON)
        return CPLOT_STATUS_SUCCESS;
    worker->sorter.keys = cplot_alloc_array(rows + 1, 2 * sizeof *worker->sorter.keys);
    worker->sorter.indices = cplot_alloc_array(rows + 1, 2 * sizeof *worker->sorter.indices);
    worker->sorter.counts = cplot_alloc_array(RADIX_PASSES, sizeof *worker->sorter.counts);
    if (!worker->sorter.keys || !worker->sorter.indices || !worker->sorter.counts)
        return CPLOT_STATUS_NO_MEMORY;
    if (work->method == CPLOT_CORRELATION_SPEARMAN) {
        worker->order = cplot_alloc_array(rows + 1, sizeof *worker->order);
        return worker->order ? CPLOT_STATUS_SUCCESS : CPLOT_STATUS_NO_MEMORY;
    }
    /* counts: (rows / 64 + 1) / 2^l + 2 entries at each of at most 32 levels. */
    worker->kendall.next =
        cplot_alloc_array(2 * (rows + 1) + rows / 32 + 2 + 2 * 32, sizeof *worker->kendall.next);
    worker->kendall.seen = cplot_alloc_array(rows / 64 + 1, sizeof *worker->kendall.seen);
    if (!worker->kendall.next || !worker->kendall.seen)
        return CPLOT_STATUS_NO_MEMORY;
    worker->kendall.sequence = worker->kendall.next + rows + 1;
    worker->kendall.counts = worker->kendall.sequence + rows + 1;
    return CPLOT_STATUS_SUCCESS;
}

/* Scratch for `count` tasks, kept for the next groups and pairs. */
static cplot_status_t workers_reserve(workspace_t *work, size_t count)
{
    if (count <= work->worker_count)
        return CPLOT_STATUS_SUCCESS;
    worker_t *workers = cplot_realloc_array(work->workers, count, sizeof *workers);
    if (!workers)
        return CPLOT_STATUS_NO_MEMORY;
    work->workers = workers;
    while (work->worker_count < count) {
        cplot_status_t status = worker_init(&workers[work->worker_count], work);
        work->worker_count++; /* released even when half made */
        if (status != CPLOT_STATUS_SUCCESS)
            return status;
    }
    return CPLOT_STATUS_SUCCESS;
}

/* How many tasks to run for `items` independent items worth `work`
 * units: no more than there are threads (each task has its own scratch)
 * or items. */
static size_t task_count(size_t items, size_t work, size_t minimum)
{
    size_t tasks = cplot_parallel_tasks_per_thread(work, minimum);
    return tasks < items ? tasks : items < 1 ? 1 : items;
}

static void workspace_release(workspace_t *work)
{
    for (size_t k = 0; k < work->worker_count; k++)
        worker_release(&work->workers[k]);
    free(work->workers);
    free(work->centred);
    free(work->products);
    free(work->ranked);
    free(work->rank_storage);
    free(work->copies);
    free(work->pointers);
    free(work->members);
}

static cplot_status_t workspace_init(workspace_t *work, size_t column_count, size_t rows,
                                     cplot_correlation_method_t method)
{
    memset(work, 0, sizeof *work);
    work->rows = rows;
    work->columns = column_count;
    work->method = method;
    /* A pair's copy needs two columns even when only one is given. */
    size_t width = column_count < 2 ? 2 : column_count;
    if (rows >= UINT32_MAX)
        return CPLOT_STATUS_LIMIT_EXCEEDED;
    if (width > SIZE_MAX / 2 / TILE / width || rows + 1 > SIZE_MAX / 4 / width)
        return CPLOT_STATUS_NO_MEMORY;
    work->pointers = cplot_alloc_array(width, sizeof *work->pointers);
    work->members = cplot_alloc_array(width, sizeof *work->members);
    work->products = cplot_alloc_array(tile_count(width), TILE * TILE * sizeof *work->products);
    if (!work->pointers || !work->members || !work->products)
        return CPLOT_STATUS_NO_MEMORY;
    cplot_status_t status = workers_reserve(work, 1);
    if (status != CPLOT_STATUS_SUCCESS || method == CPLOT_CORRELATION_PEARSON)
        return status;
    if (method == CPLOT_CORRELATION_SPEARMAN) {
        work->centred = cplot_alloc_array(width * (rows + 1), sizeof *work->centred);
        return work->centred ? CPLOT_STATUS_SUCCESS : CPLOT_STATUS_NO_MEMORY;
    }
    work->ranked = cplot_alloc_array(width, sizeof *work->ranked);
    work->rank_storage = cplot_alloc_array(width * (4 * rows + 1), sizeof *work->rank_storage);
    if (!work->ranked || !work->rank_storage)
        return CPLOT_STATUS_NO_MEMORY;
    for (size_t c = 0; c < width; c++) {
        uint32_t *storage = work->rank_storage + c * (4 * rows + 1);
        work->ranked[c].order = storage;
        work->ranked[c].dense = storage + rows;
        work->ranked[c].sorted = storage + 2 * rows;
        work->ranked[c].starts = storage + 3 * rows;
    }
    return CPLOT_STATUS_SUCCESS;
}

/* The columns of one group, or pairs of it, handed out one at a time to
 * whichever task asks next (uneven columns and busy cores even out). */
typedef struct group_job {
    const double *const *columns;
    size_t width, rows;
    workspace_t *work;
    double *result;
    _Atomic size_t next;
} group_job_t;

/* Each column's ranks: spearman's centred average ranks, kendall's dense
 * ranks. */
static void rank_columns_task(void *context, size_t task)
{
    group_job_t *job = context;
    workspace_t *work = job->work;
    worker_t *worker = &work->workers[task];
    for (;;) {
        size_t c = atomic_fetch_add_explicit(&job->next, 1, memory_order_relaxed);
        if (c >= job->width)
            return;
        if (work->method == CPLOT_CORRELATION_KENDALL)
            rank_column(job->columns[c], job->rows, &worker->sorter, &work->ranked[c]);
        else
            centre_ranks(job->columns[c], job->rows, &worker->sorter, worker->order,
                         work->centred + c * job->rows);
    }
}

/* Each pair's tau: pair p is (i, j), j < i, p = i (i - 1) / 2 + j. */
static void kendall_pairs_task(void *context, size_t task)
{
    group_job_t *job = context;
    workspace_t *work = job->work;
    size_t width = job->width, pairs = width * (width - 1) / 2;
    for (;;) {
        size_t p = atomic_fetch_add_explicit(&job->next, 1, memory_order_relaxed);
        if (p >= pairs)
            return;
        size_t i = triangle_row(p) + 1, j = p - i * (i - 1) / 2;
        job->result[i * width + j] = kendall_tau(&work->ranked[j], &work->ranked[i], job->rows,
                                                 &work->workers[task].kendall);
    }
}

/* The sums of products of every pair, cut into `tasks` runs of whole
 * tiles: task k sums its tiles over all the rows, block by block, making
 * each block's rows for the columns its tiles read only. */
typedef struct product_job {
    const double *const *columns; /* pearson's values */
    const double *centred;        /* spearman's centred ranks, or NULL for pearson */
    size_t width, rows, tiles, tasks;
    workspace_t *work;
} product_job_t;

static void products_task(void *context, size_t task)
{
    const product_job_t *job = context;
    size_t first = cplot_parallel_part_start(job->tiles, job->tasks, task);
    size_t last = cplot_parallel_part_start(job->tiles, job->tasks, task + 1);
    if (first == last)
        return;
    /* Tiles first..last - 1 read the column groups from the first tile's
     * column group (or 0 past its row) to the last tile's row group. */
    size_t a_first, b_first, a_last, b_last;
    tile_position(first, &a_first, &b_first);
    tile_position(last - 1, &a_last, &b_last);
    size_t from = (a_first == a_last ? b_first : 0) * TILE;
    size_t to = (a_last + 1) * TILE < job->width ? (a_last + 1) * TILE : job->width;
    size_t stride = padded(job->width), rows = job->rows;
    worker_t *worker = &job->work->workers[task];
    double *products = job->work->products;
    memset(worker->after, 0, BLOCK_ROWS * stride * sizeof *worker->after);
    memset(worker->before, 0, BLOCK_ROWS * stride * sizeof *worker->before);
    memset(worker->means, 0, stride * sizeof *worker->means);
    memset(products + first * TILE * TILE, 0, (last - first) * TILE * TILE * sizeof *products);
    for (size_t start = 0; start < rows; start += BLOCK_ROWS) {
        size_t block = rows - start < BLOCK_ROWS ? rows - start : BLOCK_ROWS;
        if (job->centred) {
            spearman_block(job->centred, rows, from, to, start, block, stride, worker->after);
            add_products(worker->after, worker->after, block, stride, first, last, products);
        } else {
            pearson_block(job->columns, from, to, start, block, stride, worker->means,
                          worker->after, worker->before);
            add_products(worker->after, worker->before, block, stride, first, last, products);
        }
    }
}

static double ratio(double products, double squares_x, double squares_y)
{
    double divisor = sqrt(squares_x * squares_y);
    return divisor != 0.0 ? products / divisor : NAN;
}

/* Every coefficient among `width` columns that are all finite on the same
 * `rows` rows (columns[0..width) in the input's order), into result[i *
 * width + j] for j <= i: pandas' pair (x = column i, y = column j). */
static cplot_status_t correlate_complete(const double *const *columns, size_t width, size_t rows,
                                         cplot_correlation_method_t method, size_t min_periods,
                                         workspace_t *work, double *result)
{
    if (rows < min_periods) {
        for (size_t k = 0; k < width * width; k++)
            result[k] = NAN;
        return CPLOT_STATUS_SUCCESS;
    }
    group_job_t job = {columns, width, rows, work, result, 0};
    if (method != CPLOT_CORRELATION_PEARSON) {
        size_t tasks = task_count(width, width * rows, RANK_MINIMUM_VALUES);
        cplot_status_t status = workers_reserve(work, tasks);
        if (status != CPLOT_STATUS_SUCCESS)
            return status;
        cplot_parallel_run(tasks, rank_columns_task, &job);
    }
    if (method == CPLOT_CORRELATION_KENDALL) {
        size_t pairs = width * (width - 1) / 2;
        size_t tasks = task_count(pairs, pairs * rows, KENDALL_MINIMUM_ROWS);
        cplot_status_t status = workers_reserve(work, tasks);
        if (status != CPLOT_STATUS_SUCCESS)
            return status;
        atomic_store_explicit(&job.next, 0, memory_order_relaxed);
        cplot_parallel_run(tasks, kendall_pairs_task, &job);
        for (size_t i = 0; i < width; i++)
            result[i * width + i] = 1.0; /* pandas sets it without asking scipy, constant or not */
        return CPLOT_STATUS_SUCCESS;
    }
    size_t tiles = tile_count(width);
    product_job_t products = {.columns = columns,
                              .centred =
                                  method == CPLOT_CORRELATION_SPEARMAN ? work->centred : NULL,
                              .width = width,
                              .rows = rows,
                              .tiles = tiles,
                              .tasks = task_count(tiles, tiles * rows, PRODUCT_MINIMUM),
                              .work = work};
    cplot_status_t status = workers_reserve(work, products.tasks);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    cplot_parallel_run(products.tasks, products_task, &products);
    const double *p = work->products;
    for (size_t i = 0; i < width; i++)
        for (size_t j = 0; j <= i; j++)
            result[i * width + j] =
                ratio(p[product_index(i, j)], p[product_index(i, i)], p[product_index(j, j)]);
    return CPLOT_STATUS_SUCCESS;
}

/* ---------------------------------------------------------- The matrix */

static bool same_missing_rows(const double *a, const double *b, size_t rows)
{
    for (size_t r = 0; r < rows; r++)
        if (isfinite(a[r]) != isfinite(b[r]))
            return false;
    return true;
}

/* A fingerprint of which rows a column misses (FNV-1a over their
 * indices; 0 when none), to compare columns only when it matches;
 * *missing counts them. */
static uint64_t missing_rows_hash(const double *values, size_t rows, size_t *missing)
{
    size_t count = 0;
    for (size_t r = 0; r < rows; r++)
        count += !isfinite(values[r]);
    *missing = count;
    uint64_t hash = 0;
    for (size_t r = 0; r < rows && count > 0; r++)
        if (!isfinite(values[r]))
            hash = (hash ^ (uint64_t)r) * UINT64_C(0x100000001b3);
    return hash;
}

/* Which rows each column misses, columns cut into `tasks` runs. */
#define MISSING_MINIMUM_VALUES 131072 /* values a task checks */

typedef struct missing_job {
    const double *const *columns;
    size_t rows, column_count, tasks;
    uint64_t *hash;
    size_t *missing;
} missing_job_t;

static void missing_rows_task(void *context, size_t task)
{
    const missing_job_t *job = context;
    size_t first = cplot_parallel_part_start(job->column_count, job->tasks, task);
    size_t last = cplot_parallel_part_start(job->column_count, job->tasks, task + 1);
    for (size_t c = first; c < last; c++)
        job->hash[c] = missing_rows_hash(job->columns[c], job->rows, &job->missing[c]);
}

/* Points work->pointers at the rows where every column of `members` is
 * finite (copied into work->copies unless that is every row) and sets
 * *complete to how many there are. */
static cplot_status_t copy_complete_rows(const double *const *columns, const size_t *members,
                                         size_t width, bool all_rows, workspace_t *work,
                                         size_t *complete)
{
    if (all_rows) {
        for (size_t m = 0; m < width; m++)
            work->pointers[m] = columns[members[m]];
        *complete = work->rows;
        return CPLOT_STATUS_SUCCESS;
    }
    if (width > work->copy_width) {
        double *copies =
            cplot_realloc_array(work->copies, width * (work->rows + 1), sizeof *copies);
        if (!copies)
            return CPLOT_STATUS_NO_MEMORY;
        work->copies = copies;
        work->copy_width = width;
    }
    size_t count = 0;
    for (size_t r = 0; r < work->rows; r++) {
        bool finite = true;
        for (size_t m = 0; m < width; m++)
            finite &= isfinite(columns[members[m]][r]) != 0;
        if (!finite)
            continue;
        for (size_t m = 0; m < width; m++)
            work->copies[m * work->rows + count] = columns[members[m]][r];
        count++;
    }
    for (size_t m = 0; m < width; m++)
        work->pointers[m] = work->copies + m * work->rows;
    *complete = count;
    return CPLOT_STATUS_SUCCESS;
}

/* The coefficients among `members` (columns missing the same rows, in
 * increasing order) into the matrix. */
static cplot_status_t correlate_group(const double *const *columns, const size_t *members,
                                      size_t width, bool all_rows,
                                      cplot_correlation_method_t method, size_t min_periods,
                                      workspace_t *work, double *block, double *values)
{
    size_t rows;
    cplot_status_t status = copy_complete_rows(columns, members, width, all_rows, work, &rows);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    status = correlate_complete(work->pointers, width, rows, method, min_periods, work, block);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    size_t size = work->columns;
    for (size_t i = 0; i < width; i++) {
        for (size_t j = 0; j <= i; j++) {
            double r = block[i * width + j];
            values[members[i] * size + members[j]] = r;
            values[members[j] * size + members[i]] = r;
        }
    }
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t fill_matrix(const double *const *columns, size_t column_count, size_t rows,
                                  cplot_correlation_method_t method, size_t min_periods,
                                  workspace_t *work, double *values)
{
    size_t *group = cplot_alloc_array(column_count + 1, 2 * sizeof *group);
    uint64_t *hash = cplot_alloc_array(column_count + 1, sizeof *hash);
    double *block = cplot_alloc_array(column_count * column_count + 4, sizeof *block);
    if (!group || !hash || !block) {
        free(group);
        free(hash);
        free(block);
        return CPLOT_STATUS_NO_MEMORY;
    }
    size_t *missing = group + column_count + 1;
    missing_job_t job = {.columns = columns,
                         .rows = rows,
                         .column_count = column_count,
                         .tasks = cplot_parallel_tasks(column_count * rows, MISSING_MINIMUM_VALUES),
                         .hash = hash,
                         .missing = missing};
    cplot_parallel_run(job.tasks, missing_rows_task, &job);
    /* group[c]: the first column that misses the same rows as c. */
    for (size_t c = 0; c < column_count; c++) {
        group[c] = c;
        for (size_t d = 0; d < c; d++) {
            if (group[d] == d && hash[d] == hash[c] && missing[d] == missing[c] &&
                (missing[c] == 0 || same_missing_rows(columns[d], columns[c], rows))) {
                group[c] = d;
                break;
            }
        }
    }
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    for (size_t c = 0; c < column_count && status == CPLOT_STATUS_SUCCESS; c++) {
        if (group[c] != c)
            continue;
        size_t width = 0;
        for (size_t d = c; d < column_count; d++)
            if (group[d] == c)
                work->members[width++] = d;
        status = correlate_group(columns, work->members, width, missing[c] == 0, method,
                                 min_periods, work, block, values);
    }
    /* Pairs from different groups: their own complete rows. */
    for (size_t i = 0; i < column_count && status == CPLOT_STATUS_SUCCESS; i++) {
        for (size_t j = 0; j < i && status == CPLOT_STATUS_SUCCESS; j++) {
            if (group[i] == group[j])
                continue;
            size_t pair[2] = {j, i}, complete;
            status = copy_complete_rows(columns, pair, 2, false, work, &complete);
            if (status != CPLOT_STATUS_SUCCESS)
                break;
            status =
                correlate_complete(work->pointers, 2, complete, method, min_periods, work, block);
            if (status != CPLOT_STATUS_SUCCESS)
                break;
            values[i * column_count + j] = values[j * column_count + i] = block[2];
        }
    }
    free(group);
    free(hash);
    free(block);
    return status;
}

cplot_status_t cplot_correlation_matrix(const double *const *columns, size_t column_count,
                                        size_t row_count, cplot_correlation_method_t method,
                                        size_t min_periods, cplot_correlation_t *result)
{
    if (!result)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    memset(result, 0, sizeof *result);
    if ((unsigned)method > (unsigned)CPLOT_CORRELATION_KENDALL)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if (column_count > 0 && !columns)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    for (size_t c = 0; c < column_count && row_count > 0; c++)
        if (!columns[c])
            return CPLOT_STATUS_INVALID_ARGUMENT;
    if (column_count != 0 && column_count > SIZE_MAX / column_count)
        return CPLOT_STATUS_NO_MEMORY;
    double *values = cplot_alloc_array(column_count * column_count, sizeof *values);
    if (!values)
        return CPLOT_STATUS_NO_MEMORY;
    workspace_t work;
    cplot_status_t status = workspace_init(&work, column_count, row_count, method);
    if (status == CPLOT_STATUS_SUCCESS)
        status = fill_matrix(columns, column_count, row_count, method, min_periods, &work, values);
    workspace_release(&work);
    if (status != CPLOT_STATUS_SUCCESS) {
        free(values);
        return status;
    }
    result->values = values;
    result->size = column_count;
    return CPLOT_STATUS_SUCCESS;
}

cplot_status_t cplot_correlation_pair(const double *x, const double *y, size_t count,
                                      cplot_correlation_method_t method, size_t min_periods,
                                      double *r)
{
    if (!r)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    const double *columns[2] = {x, y};
    cplot_correlation_t matrix;
    cplot_status_t status =
        cplot_correlation_matrix(columns, 2, count, method, min_periods, &matrix);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    *r = matrix.values[1];
    cplot_correlation_release(&matrix);
    return CPLOT_STATUS_SUCCESS;
}
