/* Histogram bin edges and counts as numpy 1.24 and seaborn 0.12 compute
 * them, and seaborn's histogram statistics. See stats-private.h. */
#include "stats-private.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memory-private.h"
#include "parallel-private.h"

#if defined(__SSE2__)
#include <immintrin.h>
#endif

void cplot_bin_options_init(cplot_bin_options_t *options)
{
    if (!options)
        return;
    memset(options, 0, sizeof *options);
    options->method = CPLOT_BIN_METHOD_RULE;
    options->rule = CPLOT_BIN_RULE_AUTO;
    options->count = 10;
}

void cplot_bins_release(cplot_bins_t *bins)
{
    if (!bins)
        return;
    free(bins->edges);
    free(bins->counts);
    memset(bins, 0, sizeof *bins);
}

/* -------------------------------------------------------------- Chunks */

/* Passes over many values are cut into runs of consecutive values
 * (chunks), one task each (cplot_parallel_run) with its own results: the
 * caller adds their counts, whole numbers and so exact in any order, and
 * takes the extremes chunk after chunk keeping the first of equal ones,
 * so every result is the one pass's, for any thread count. No more
 * chunks than threads, as each has its own counts to add up. */
#define CHUNKS_MAXIMUM 64
#define CHUNK_MINIMUM_VALUES 65536 /* some 50 us of the cheapest pass */

static size_t chunk_count(size_t values)
{
    size_t chunks = cplot_parallel_tasks_per_thread(values, CHUNK_MINIMUM_VALUES);
    return chunks < CHUNKS_MAXIMUM ? chunks : CHUNKS_MAXIMUM;
}

/* values + start, also when there are no values (NULL, count 0). */
static const double *chunk_values(const double *values, size_t start)
{
    return start > 0 ? values + start : values;
}

/* ------------------------------------------------------------ Counting */

/* numpy.histogram's fast path for equal bins, step for step: the index is
 * computed arithmetically, then moved by at most one bin where it
 * disagrees with the edges (which it can by an ulp near an edge). numpy
 * keeps v with first <= v <= last; anything else (and NaN) is outside. */
static void count_searched(const double *values, size_t count, const double *edges, size_t bin_count,
                           double *counts, size_t *outside);

typedef struct uniform_bins {
    const double *edges;
    double first, last, norm, top;
    size_t last_bin;
} uniform_bins_t;

/* numpy's arithmetic bin of first <= v <= last, before the correction. */
static inline size_t arithmetic_bin(const uniform_bins_t *bins, double v)
{
    double position = (v - bins->first) * bins->norm;
    position = position < bins->top ? position : bins->top;
    return (size_t)(long long)position; /* position >= 0: v >= first */
}

/* The bin of first <= v <= last. */
static inline size_t uniform_bin(const uniform_bins_t *bins, double v)
{
    size_t index = arithmetic_bin(bins, v);
    if (v < bins->edges[index])
        index--;
    else if (index != bins->last_bin && v >= bins->edges[index + 1])
        index++;
    return index;
}

/* `inside` says that every value is known finite and within the edges
 * (the usual case, known from the minimum and maximum): the loop then
 * skips the test, 10% of a 1,000,000-value count. */
static void count_uniform(const double *values, size_t count, const double *edges, size_t bin_count,
                          bool inside, double *counts, size_t *outside)
{
    uniform_bins_t bins = {.edges = edges,
                           .first = edges[0],
                           .last = edges[bin_count],
                           .top = (double)(bin_count - 1),
                           .last_bin = bin_count - 1};
    if (isinf(bins.last - bins.first)) {
        /* Bins wider in all than DBL_MAX: no arithmetic index. */
        count_searched(values, count, edges, bin_count, counts, outside);
        return;
    }
    bins.norm = (double)bin_count / (bins.last - bins.first);
    if (inside) {
        for (size_t i = 0; i < count; i++)
            counts[uniform_bin(&bins, values[i])] += 1.0;
        return;
    }
    size_t skipped = 0;
    for (size_t i = 0; i < count; i++) {
        double v = values[i];
        /* Non-finite values fail the test too, but are not "outside". */
        if (!(v >= bins.first && v <= bins.last)) {
            skipped += isfinite(v) != 0;
            continue;
        }
        counts[uniform_bin(&bins, v)] += 1.0;
    }
    *outside += skipped;
}

/* numpy's searchsorted counting for explicit edges: bin i holds
 * e_i <= v < e_(i+1), the last bin also v == last. With repeated edges
 * the value goes to the last bin that starts at it, as the differences of
 * numpy's cumulative counts put it. */
static void count_searched(const double *values, size_t count, const double *edges, size_t bin_count,
                           double *counts, size_t *outside)
{
    double first = edges[0], last = edges[bin_count];
    for (size_t i = 0; i < count; i++) {
        double v = values[i];
        if (!isfinite(v))
            continue;
        if (!(v >= first && v <= last)) {
            (*outside)++;
            continue;
        }
        if (v == last) {
            counts[bin_count - 1] += 1.0;
            continue;
        }
        /* The number of edges among e_0 .. e_(bins-1) that are <= v. */
        size_t low = 0, high = bin_count;
        while (low < high) {
            size_t middle = low + (high - low) / 2;
            if (edges[middle] <= v)
                low = middle + 1;
            else
                high = middle;
        }
        counts[low - 1] += 1.0;
    }
}

/* count_uniform or count_searched (`uniform`) over chunks: chunk 0
 * counts into `counts`, the others into zeroed rows of their own, added
 * after. */
typedef struct count_job {
    const double *values;
    size_t count, chunks;
    const double *edges;
    size_t bin_count;
    bool uniform, inside;
    double *counts, *more_counts; /* bin_count, (chunks - 1) x bin_count */
    size_t outside[CHUNKS_MAXIMUM];
} count_job_t;

static void count_chunk(void *context, size_t chunk)
{
    count_job_t *job = context;
    size_t start = cplot_parallel_part_start(job->count, job->chunks, chunk);
    size_t end = cplot_parallel_part_start(job->count, job->chunks, chunk + 1);
    double *counts = chunk == 0 ? job->counts : job->more_counts + (chunk - 1) * job->bin_count;
    if (job->uniform)
        count_uniform(chunk_values(job->values, start), end - start, job->edges, job->bin_count,
                      job->inside, counts, &job->outside[chunk]);
    else
        count_searched(chunk_values(job->values, start), end - start, job->edges, job->bin_count,
                       counts, &job->outside[chunk]);
}

static cplot_status_t count_values(const double *values, size_t count, bool inside,
                                   cplot_bins_t *bins)
{
    count_job_t job = {.values = values,
                       .count = count,
                       .chunks = chunk_count(count),
                       .edges = bins->edges,
                       .bin_count = bins->bin_count,
                       .uniform = bins->uniform,
                       .inside = inside,
                       .counts = bins->counts};
    /* Adding the chunks' counts up must stay small beside counting. */
    if (job.chunks > 1 && count / job.chunks < 4 * bins->bin_count)
        job.chunks = 1;
    if (job.chunks > 1) {
        job.more_counts =
            cplot_calloc_array((job.chunks - 1) * bins->bin_count, sizeof *job.more_counts);
        if (!job.more_counts)
            return CPLOT_STATUS_NO_MEMORY;
    }
    cplot_parallel_run(job.chunks, count_chunk, &job);
    for (size_t chunk = 0; chunk < job.chunks; chunk++) {
        bins->outside += job.outside[chunk];
        if (chunk == 0)
            continue;
        const double *more = job.more_counts + (chunk - 1) * bins->bin_count;
        for (size_t b = 0; b < bins->bin_count; b++)
            bins->counts[b] += more[b];
    }
    free(job.more_counts);
    return CPLOT_STATUS_SUCCESS;
}

/* ----------------------------------------------------- Selection (fd) */

static void swap_doubles(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

/* Rearranges values[low, high) so that values[k] is the one a sort would
 * put there, smaller-or-equal ones before it and greater-or-equal ones
 * after. Three-way partitioning keeps heavily tied data linear; the
 * pivot comes from a fixed pseudo-random sequence, so the result is
 * deterministic and adversarial orders are unlikely to hurt. */
static void select_kth(double *values, size_t low, size_t high, size_t k)
{
    uint64_t state = 0x9E3779B97F4A7C15u;
    while (high - low > 1) {
        state = state * 6364136223846793005u + 1442695040888963407u;
        size_t pivot_index = low + (size_t)((state >> 33) % (high - low));
        double pivot = values[pivot_index];
        size_t less = low, scan = low, greater = high;
        while (scan < greater) {
            if (values[scan] < pivot) {
                swap_doubles(&values[scan], &values[less]);
                less++;
                scan++;
            } else if (values[scan] > pivot) {
                greater--;
                swap_doubles(&values[scan], &values[greater]);
            } else {
                scan++;
            }
        }
        if (k < less)
            high = less;
        else if (k >= greater)
            low = greater;
        else
            return;
    }
}

/* numpy's _lerp: from whichever end is nearer. */
static double numpy_lerp(double a, double b, double gamma)
{
    double difference = b - a;
    if (gamma >= 0.5) {
        double back = difference * (1.0 - gamma);
        return b - back;
    }
    double forward = difference * gamma;
    return a + forward;
}

/* Order statistics of n values without a sorted copy: one pass counts the
 * values into coarse buckets of equal width between the minimum and the
 * maximum (keeping each value's bucket number, 2 bytes, so that the next
 * pass reads those instead of working them out again from 8), a second
 * copies out only the values of the few buckets that hold the wanted
 * ranks, and selection runs inside those. The bucket of a
 * value is a monotonic function of it, so the ranks are exact whatever
 * the rounding; halves keep max - min finite at the ends of the range. */
#define RANK_BUCKETS_MAX 65536 /* a bucket number fits in 16 bits */
#define RANKS_WANTED 4

typedef struct rank_buckets {
    const double *values;
    size_t n;
    double origin, scale;
    size_t bucket_count;
    double last; /* bucket_count - 1 */
    size_t *counts;   /* then, after accumulate: values in the buckets before */
    size_t chunks;
    size_t *chunk_counts; /* chunks > 1: each chunk's counts, chunks x bucket_count */
    uint16_t *bucket;     /* each value's bucket, kept by the count for the collect */
    size_t wanted[RANKS_WANTED], wanted_count;
    double *members[RANKS_WANTED]; /* the values of bucket wanted[i] */
    size_t member_count[RANKS_WANTED];
} rank_buckets_t;

static size_t bucket_of(const rank_buckets_t *buckets, double v)
{
    /* v >= the minimum, so only rounding can carry it past the last. */
    double position = (v * 0.5 - buckets->origin) * buckets->scale;
    position = position > 0.0 ? position : 0.0;
    position = position < buckets->last ? position : buckets->last;
    return (size_t)position;
}

/* Chunk k's values into its counts (the only chunk: the totals). */
static void bucket_count_chunk(void *context, size_t chunk)
{
    rank_buckets_t *buckets = context;
    size_t start = cplot_parallel_part_start(buckets->n, buckets->chunks, chunk);
    size_t end = cplot_parallel_part_start(buckets->n, buckets->chunks, chunk + 1);
    size_t *counts = buckets->chunks > 1 ? buckets->chunk_counts + chunk * buckets->bucket_count
                                         : buckets->counts;
    for (size_t i = start; i < end; i++) {
        size_t bucket = bucket_of(buckets, buckets->values[i]);
        buckets->bucket[i] = (uint16_t)bucket;
        counts[bucket]++;
    }
}

static cplot_status_t rank_buckets_count(rank_buckets_t *buckets, const double *values, size_t n,
                                         double minimum, double maximum)
{
    memset(buckets, 0, sizeof *buckets);
    buckets->values = values;
    buckets->n = n;
    size_t count = n / 4;
    buckets->bucket_count = count < 1 ? 1 : count > RANK_BUCKETS_MAX ? RANK_BUCKETS_MAX : count;
    buckets->last = (double)(buckets->bucket_count - 1);
    buckets->origin = minimum * 0.5;
    double half_span = maximum * 0.5 - minimum * 0.5;
    buckets->scale = half_span > 0.0 ? (double)buckets->bucket_count / half_span : 0.0;
    if (!isfinite(buckets->scale))
        buckets->scale = 0.0; /* a subnormal span: one bucket */
    buckets->counts = cplot_calloc_array(buckets->bucket_count, sizeof *buckets->counts);
    buckets->bucket = cplot_alloc_array(n, sizeof *buckets->bucket);
    if (!buckets->counts || !buckets->bucket)
        return CPLOT_STATUS_NO_MEMORY;
    buckets->chunks = chunk_count(n);
    if (buckets->chunks > 1) {
        buckets->chunk_counts = cplot_calloc_array(buckets->chunks * buckets->bucket_count,
                                                   sizeof *buckets->chunk_counts);
        if (!buckets->chunk_counts)
            return CPLOT_STATUS_NO_MEMORY;
    }
    cplot_parallel_run(buckets->chunks, bucket_count_chunk, buckets);
    for (size_t chunk = 0; chunk < buckets->chunks && buckets->chunks > 1; chunk++) {
        const size_t *more = buckets->chunk_counts + chunk * buckets->bucket_count;
        for (size_t b = 0; b < buckets->bucket_count; b++)
            buckets->counts[b] += more[b];
    }
    size_t before = 0;
    for (size_t b = 0; b < buckets->bucket_count; b++) {
        size_t here = buckets->counts[b];
        buckets->counts[b] = before;
        before += here;
    }
    return CPLOT_STATUS_SUCCESS;
}

/* The bucket holding rank k: the last one with fewer values before it. */
static size_t bucket_of_rank(const rank_buckets_t *buckets, size_t k)
{
    size_t low = 0, high = buckets->bucket_count;
    while (high - low > 1) {
        size_t middle = low + (high - low) / 2;
        if (buckets->counts[middle] <= k)
            low = middle;
        else
            high = middle;
    }
    return low;
}

/* Chunk k's values of the wanted buckets, from next[k][i] on in bucket
 * wanted[i]'s members. */
typedef struct collect_job {
    rank_buckets_t *buckets;
    const unsigned char *slot; /* 1 + where bucket b's values go, 0 when it is not wanted */
    size_t next[CHUNKS_MAXIMUM][RANKS_WANTED];
} collect_job_t;

static void collect_chunk(void *context, size_t chunk)
{
    collect_job_t *job = context;
    rank_buckets_t *buckets = job->buckets;
    size_t *next = job->next[chunk];
    size_t end = cplot_parallel_part_start(buckets->n, buckets->chunks, chunk + 1);
    for (size_t v = cplot_parallel_part_start(buckets->n, buckets->chunks, chunk); v < end; v++) {
        size_t i = job->slot[buckets->bucket[v]];
        if (i)
            buckets->members[i - 1][next[i - 1]++] = buckets->values[v];
    }
}

/* Copies out the values of the buckets that hold the given ranks. */
static cplot_status_t rank_buckets_collect(rank_buckets_t *buckets, const size_t *ranks, size_t rank_count)
{
    for (size_t r = 0; r < rank_count; r++) {
        size_t bucket = bucket_of_rank(buckets, ranks[r]);
        bool known = false;
        for (size_t i = 0; i < buckets->wanted_count; i++)
            known = known || buckets->wanted[i] == bucket;
        if (!known)
            buckets->wanted[buckets->wanted_count++] = bucket;
    }
    /* slot[b]: 1 + where bucket b's values go, 0 when it is not wanted. */
    unsigned char *slot = cplot_calloc_array(buckets->bucket_count, 1);
    if (!slot)
        return CPLOT_STATUS_NO_MEMORY;
    for (size_t i = 0; i < buckets->wanted_count; i++) {
        size_t bucket = buckets->wanted[i];
        size_t end = bucket + 1 < buckets->bucket_count ? buckets->counts[bucket + 1] : buckets->n;
        slot[bucket] = (unsigned char)(i + 1);
        buckets->members[i] = cplot_alloc_array(end - buckets->counts[bucket], sizeof(double));
        if (!buckets->members[i]) {
            free(slot);
            return CPLOT_STATUS_NO_MEMORY;
        }
    }
    /* Each chunk's values go after the earlier chunks' ones: in the
     * values' order, as one pass puts them. */
    collect_job_t job = {buckets, slot, {{0}}};
    for (size_t chunk = 0; chunk < buckets->chunks; chunk++) {
        for (size_t i = 0; i < buckets->wanted_count; i++) {
            job.next[chunk][i] = buckets->member_count[i];
            if (buckets->chunks > 1)
                buckets->member_count[i] +=
                    buckets->chunk_counts[chunk * buckets->bucket_count + buckets->wanted[i]];
        }
    }
    cplot_parallel_run(buckets->chunks, collect_chunk, &job);
    if (buckets->chunks == 1)
        for (size_t i = 0; i < buckets->wanted_count; i++)
            buckets->member_count[i] = job.next[0][i];
    free(slot);
    return CPLOT_STATUS_SUCCESS;
}

/* The value a sort would put at rank k (one of the collected ranks). */
static double rank_buckets_value(rank_buckets_t *buckets, size_t k)
{
    size_t bucket = bucket_of_rank(buckets, k);
    size_t i = 0;
    while (buckets->wanted[i] != bucket)
        i++;
    size_t local = k - buckets->counts[bucket];
    select_kth(buckets->members[i], 0, buckets->member_count[i], local);
    return buckets->members[i][local];
}

static void rank_buckets_release(rank_buckets_t *buckets)
{
    free(buckets->counts);
    free(buckets->chunk_counts);
    free(buckets->bucket);
    for (size_t i = 0; i < buckets->wanted_count; i++)
        free(buckets->members[i]);
    memset(buckets, 0, sizeof *buckets);
}

/* numpy.percentile(x, [75, 25]) ('linear') of the n values: the order
 * statistics at floor((n - 1) q) and the one after, interpolated. */
static cplot_status_t quartiles(const double *values, size_t n, double minimum, double maximum,
                                rank_buckets_t *kept, double *upper, double *lower)
{
    double index[2] = {(double)(n - 1) * 0.75, (double)(n - 1) * 0.25};
    size_t ranks[RANKS_WANTED];
    for (int q = 0; q < 2; q++) {
        size_t below = (size_t)floor(index[q]);
        ranks[2 * q] = below;
        ranks[2 * q + 1] = below + 1 < n ? below + 1 : below;
    }
    rank_buckets_t buckets;
    cplot_status_t status = rank_buckets_count(&buckets, values, n, minimum, maximum);
    if (status == CPLOT_STATUS_SUCCESS)
        status = rank_buckets_collect(&buckets, ranks, RANKS_WANTED);
    if (status == CPLOT_STATUS_SUCCESS) {
        double *results[2] = {upper, lower};
        for (int q = 0; q < 2; q++) {
            double a = rank_buckets_value(&buckets, ranks[2 * q]);
            double b = rank_buckets_value(&buckets, ranks[2 * q + 1]);
            bool is_last = index[q] >= (double)(n - 1);
            *results[q] = is_last ? a : numpy_lerp(a, b, index[q] - floor(index[q]));
        }
    }
    if (status == CPLOT_STATUS_SUCCESS && kept && !kept->bucket)
        *kept = buckets; /* handed over, for counting the bins */
    else
        rank_buckets_release(&buckets);
    return status;
}

/* ------------------------------------------ Counting by fd's buckets */

/*
 * After fd's quartiles, their rank buckets (each value's bucket, and how
 * many values each holds) count most values into the bins without another
 * look at them. The bucket of a value is a monotonic function of it, so a
 * bucket that lies between the buckets of two consecutive edges holds
 * only values strictly between those edges; count_uniform puts all of
 * those in that bin as long as its arithmetic index is off by at most one
 * for them, which holds when it does for the interval's two ends (the
 * index is monotonic too): checked, else count_uniform counts. Only the
 * values of the buckets that hold an edge are counted one by one, found
 * through their 2-byte bucket numbers: a pass over a quarter of the bytes
 * count_uniform reads (callgrind, 10,000,000 values: 230M instructions
 * down to 122M, a quarter of them asking for the scattered values early).
 */
#define EDGE_LOOKAHEAD 2048 /* values */

typedef struct edge_count_job {
    const rank_buckets_t *buckets;
    const unsigned char *holds_edge; /* per bucket */
    uniform_bins_t bins;
    double *counts, *more_counts; /* bin_count, (chunks - 1) x bin_count */
} edge_count_job_t;

static void count_edge_buckets(void *context, size_t chunk)
{
    edge_count_job_t *job = context;
    const rank_buckets_t *buckets = job->buckets;
    size_t bin_count = job->bins.last_bin + 1;
    double *counts = chunk == 0 ? job->counts : job->more_counts + (chunk - 1) * bin_count;
    size_t end = cplot_parallel_part_start(buckets->n, buckets->chunks, chunk + 1);
    for (size_t v = cplot_parallel_part_start(buckets->n, buckets->chunks, chunk); v < end; v++) {
#if defined(__GNUC__)
        /* The values read here are scattered (one in a few hundred), each
         * a cache miss: asked for well ahead, they come in together. */
        if (v + EDGE_LOOKAHEAD < end && job->holds_edge[buckets->bucket[v + EDGE_LOOKAHEAD]])
            __builtin_prefetch(buckets->values + v + EDGE_LOOKAHEAD);
#endif
        if (job->holds_edge[buckets->bucket[v]])
            counts[uniform_bin(&job->bins, buckets->values[v])] += 1.0;
    }
}

/* How many values bucket b holds (after rank_buckets_count). */
static size_t bucket_size(const rank_buckets_t *buckets, size_t b)
{
    size_t end = b + 1 < buckets->bucket_count ? buckets->counts[b + 1] : buckets->n;
    return end - buckets->counts[b];
}

/* Whether every value strictly between edges k and k + 1 gets bin k from
 * uniform_bin. */
static bool bin_interior_exact(const uniform_bins_t *bins, size_t k)
{
    double low = nextafter(bins->edges[k], INFINITY), high = nextafter(bins->edges[k + 1], -INFINITY);
    return arithmetic_bin(bins, low) + 1 >= k && arithmetic_bin(bins, high) <= k + 1;
}

/* Counts every value (all inside the equal bins) into bins->counts, or
 * nothing (*counted false) when the check above fails. */
static cplot_status_t count_by_buckets(const rank_buckets_t *buckets, cplot_bins_t *bins,
                                       bool *counted)
{
    *counted = false;
    size_t bin_count = bins->bin_count;
    uniform_bins_t uniform = {.edges = bins->edges,
                              .first = bins->edges[0],
                              .last = bins->edges[bin_count],
                              .top = (double)(bin_count - 1),
                              .last_bin = bin_count - 1};
    if (isinf(uniform.last - uniform.first))
        return CPLOT_STATUS_SUCCESS; /* count_uniform searches the edges */
    uniform.norm = (double)bin_count / (uniform.last - uniform.first);
    unsigned char *holds_edge = cplot_calloc_array(buckets->bucket_count, 1);
    size_t *edge_bucket = cplot_alloc_array(bin_count + 1, sizeof *edge_bucket);
    if (!holds_edge || !edge_bucket) {
        free(holds_edge);
        free(edge_bucket);
        return CPLOT_STATUS_NO_MEMORY;
    }
    for (size_t k = 0; k <= bin_count; k++) {
        edge_bucket[k] = bucket_of(buckets, bins->edges[k]);
        holds_edge[edge_bucket[k]] = 1;
    }
    /* Buckets below the first edge's or above the last's hold values
     * outside the edges: none, as every value is inside; else leave it. */
    bool exact = true;
    for (size_t b = 0; b < edge_bucket[0] && exact; b++)
        exact = bucket_size(buckets, b) == 0;
    for (size_t b = edge_bucket[bin_count] + 1; b < buckets->bucket_count && exact; b++)
        exact = bucket_size(buckets, b) == 0;
    for (size_t k = 0; k < bin_count && exact; k++)
        exact = edge_bucket[k + 1] - edge_bucket[k] < 2 || bin_interior_exact(&uniform, k);
    edge_count_job_t job = {buckets, holds_edge, uniform, bins->counts, NULL};
    if (exact && buckets->chunks > 1) {
        job.more_counts = cplot_calloc_array((buckets->chunks - 1) * bin_count, sizeof *job.more_counts);
        if (!job.more_counts) {
            free(holds_edge);
            free(edge_bucket);
            return CPLOT_STATUS_NO_MEMORY;
        }
    }
    if (exact) {
        for (size_t k = 0; k < bin_count; k++)
            for (size_t b = edge_bucket[k] + 1; b < edge_bucket[k + 1]; b++)
                bins->counts[k] += (double)bucket_size(buckets, b);
        cplot_parallel_run(buckets->chunks, count_edge_buckets, &job);
        for (size_t chunk = 1; chunk < buckets->chunks; chunk++)
            for (size_t k = 0; k < bin_count; k++)
                bins->counts[k] += job.more_counts[(chunk - 1) * bin_count + k];
        *counted = true;
    }
    free(job.more_counts);
    free(holds_edge);
    free(edge_bucket);
    return CPLOT_STATUS_SUCCESS;
}

/* ----------------------------------------------------------- The rules */

typedef struct data_set {
    const double *values; /* finite values inside the outer edges, in order */
    size_t count;
    double minimum, maximum;
} data_set_t;

/* (high - low) / divisor, also when high - low exceeds DBL_MAX (data
 * near both ends of the double range): then in halves. divisor >= 1. */
static double span_over(double high, double low, double divisor)
{
    double span = high - low;
    if (isinf(span) && isfinite(high) && isfinite(low))
        return (high * 0.5 - low * 0.5) / divisor * 2.0;
    return span / divisor;
}

static double population_sd(const data_set_t *data, double *mean)
{
    size_t n = data->count;
    *mean = cplot_numpy_sum(data->values, n) / (double)n;
    double squares = cplot_numpy_sum_mapped(data->values, n, CPLOT_NUMPY_MAP_SQUARED_DEVIATION, *mean, 1.0);
    return sqrt(squares / (double)n);
}

static cplot_status_t stone_width(const data_set_t *data, double first, double last, double *width)
{
    size_t n = data->count;
    double ptp = data->maximum - data->minimum;
    if (n <= 1 || ptp == 0.0) {
        *width = 0.0;
        return CPLOT_STATUS_SUCCESS;
    }
    if (n > CPLOT_BINS_STONE_MAX_VALUES)
        return CPLOT_STATUS_LIMIT_EXCEEDED;
    size_t root = (size_t)sqrt((double)n);
    size_t upper_bound = root > 100 ? root : 100;
    double *edges = cplot_alloc_array(upper_bound + 1, sizeof *edges);
    double *counts = cplot_alloc_array(upper_bound, sizeof *counts);
    if (!edges || !counts) {
        free(edges);
        free(counts);
        return CPLOT_STATUS_NO_MEMORY;
    }
    size_t best = 1;
    double best_risk = INFINITY;
    for (size_t bins = 1; bins <= upper_bound; bins++) {
        cplot_numpy_linspace(first, last, bins + 1, edges);
        memset(counts, 0, bins * sizeof *counts);
        size_t outside = 0;
        bool inside = data->minimum >= edges[0] && data->maximum <= edges[bins];
        count_uniform(data->values, n, edges, bins, inside, counts, &outside);
        double squares = 0.0;
        for (size_t k = 0; k < bins; k++) {
            double p = counts[k] / (double)n;
            squares += p * p;
        }
        double bin_width = span_over(data->maximum, data->minimum, (double)bins);
        double risk = (2.0 - (double)(n + 1) * squares) / bin_width;
        if (risk < best_risk) { /* the first minimum wins, as Python's min() */
            best_risk = risk;
            best = bins;
        }
    }
    free(edges);
    free(counts);
    *width = span_over(data->maximum, data->minimum, (double)best);
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t fd_width(const data_set_t *data, rank_buckets_t *kept, double *width)
{
    double upper, lower;
    cplot_status_t status =
        quartiles(data->values, data->count, data->minimum, data->maximum, kept, &upper, &lower);
    double iqr = upper - lower;
    *width = 2.0 * iqr * pow((double)data->count, -1.0 / 3.0);
    return status;
}

/* The rule's width estimate h, with numpy's operations in numpy's order
 * (Python-level arithmetic there is C double arithmetic and libm). */
static cplot_status_t rule_width(cplot_bin_rule_t rule, const data_set_t *data, double first, double last,
                                 rank_buckets_t *kept, double *width)
{
    size_t n = data->count;
    double size = (double)n;
    switch (rule) {
    case CPLOT_BIN_RULE_SQRT:
        *width = span_over(data->maximum, data->minimum, sqrt(size));
        return CPLOT_STATUS_SUCCESS;
    case CPLOT_BIN_RULE_STURGES:
        *width = span_over(data->maximum, data->minimum, log2(size) + 1.0);
        return CPLOT_STATUS_SUCCESS;
    case CPLOT_BIN_RULE_RICE:
        *width = span_over(data->maximum, data->minimum, 2.0 * pow(size, 1.0 / 3.0));
        return CPLOT_STATUS_SUCCESS;
    case CPLOT_BIN_RULE_SCOTT: {
        double mean;
        double sd = population_sd(data, &mean);
        *width = pow(24.0 * pow(M_PI, 0.5) / size, 1.0 / 3.0) * sd;
        return CPLOT_STATUS_SUCCESS;
    }
    case CPLOT_BIN_RULE_DOANE: {
        *width = 0.0;
        if (n > 2) {
            double sg1 = sqrt(6.0 * (double)(n - 2) / ((size + 1.0) * (double)(n + 3)));
            double mean;
            double sigma = population_sd(data, &mean);
            if (sigma > 0.0) {
                double g1 = cplot_numpy_sum_mapped(data->values, n, CPLOT_NUMPY_MAP_CUBED_SCORE, mean, sigma) / size;
                *width = span_over(data->maximum, data->minimum,
                                   1.0 + log2(size) + log2(1.0 + fabs(g1) / sg1));
            }
        }
        return CPLOT_STATUS_SUCCESS;
    }
    case CPLOT_BIN_RULE_STONE:
        return stone_width(data, first, last, width);
    case CPLOT_BIN_RULE_FD:
    case CPLOT_BIN_RULE_AUTO: {
        double fd;
        cplot_status_t status = fd_width(data, kept, &fd);
        if (status != CPLOT_STATUS_SUCCESS)
            return status;
        if (rule == CPLOT_BIN_RULE_FD) {
            *width = fd;
        } else {
            double sturges = span_over(data->maximum, data->minimum, log2(size) + 1.0);
            *width = fd != 0.0 ? fmin(fd, sturges) : sturges;
        }
        return CPLOT_STATUS_SUCCESS;
    }
    }
    return CPLOT_STATUS_INVALID_ARGUMENT;
}

/* ---------------------------------------------------------- The edges */

static cplot_status_t allocate_bins(size_t bin_count, cplot_bins_t *bins)
{
    bins->edges = cplot_alloc_array(bin_count + 1, sizeof *bins->edges);
    bins->counts = cplot_calloc_array(bin_count, sizeof *bins->counts);
    if (!bins->edges || !bins->counts)
        return CPLOT_STATUS_NO_MEMORY;
    bins->edge_count = bin_count + 1;
    bins->bin_count = bin_count;
    return CPLOT_STATUS_SUCCESS;
}

/* Equal bins between numpy's outer edges: numpy checks nothing more, but
 * it divides by last - first, so that must be a positive finite number
 * whose reciprocal scaled by the bin count is finite too. */
static cplot_status_t uniform_edges(double first, double last, size_t bin_count, cplot_bins_t *bins)
{
    double span = last - first;
    if (!(span > 0.0) || !isfinite(first) || !isfinite(last) || !isfinite((double)bin_count / span))
        return CPLOT_STATUS_INVALID_VALUE;
    if (bin_count > CPLOT_BINS_MAX)
        return CPLOT_STATUS_LIMIT_EXCEEDED;
    cplot_status_t status = allocate_bins(bin_count, bins);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    cplot_numpy_linspace(first, last, bin_count + 1, bins->edges);
    bins->uniform = true;
    return CPLOT_STATUS_SUCCESS;
}

/* Bins from a width estimate: ceil(span / h), 1 when h is 0 (numpy) or
 * not finite (numpy would ask for 0 bins and fail). */
static cplot_status_t bin_count_from_width(double first, double last, double width, size_t *bin_count)
{
    if (width == 0.0 || !isfinite(width)) {
        *bin_count = 1;
        return CPLOT_STATUS_SUCCESS;
    }
    double bins = isinf(last - first) ? ceil((last * 0.5 - first * 0.5) / width * 2.0)
                                      : ceil((last - first) / width);
    if (isnan(bins))
        return CPLOT_STATUS_INVALID_VALUE;
    if (!(bins <= (double)CPLOT_BINS_MAX))
        return CPLOT_STATUS_LIMIT_EXCEEDED;
    *bin_count = bins < 1.0 ? 1 : (size_t)bins;
    return CPLOT_STATUS_SUCCESS;
}

/* np.arange(start, stop, step)'s length and values: length
 * ceil((stop - start) / step); values start, start + step, then
 * start + i * ((start + step) - start). Returns the last value and the
 * length; LIMIT_EXCEEDED past CPLOT_BINS_MAX + 1 values. */
static cplot_status_t numpy_arange(double start, double stop, double step, size_t *length, double *last_value)
{
    double length_real = ceil((stop - start) / step);
    if (isnan(length_real))
        return CPLOT_STATUS_INVALID_VALUE;
    if (!(length_real <= (double)CPLOT_BINS_MAX + 1.0))
        return CPLOT_STATUS_LIMIT_EXCEEDED;
    *length = length_real < 0.0 ? 0 : (size_t)length_real;
    if (*length == 0)
        return CPLOT_STATUS_SUCCESS;
    if (*length == 1) {
        *last_value = start;
    } else if (*length == 2) {
        *last_value = start + step;
    } else {
        double delta = (start + step) - start;
        double offset = (double)(*length - 1) * delta;
        *last_value = start + offset;
    }
    return CPLOT_STATUS_SUCCESS;
}

/* seaborn's edges np.arange(start, arange_stop, step), then numpy's equal
 * bins between their ends (seaborn passes bins=n, range=(min, max) on).
 * With `repair`, seaborn's binwidth fix: one more edge when the last one
 * falls short of `stop` or there is only one. */
static cplot_status_t arange_bins(double start, double arange_stop, double step, bool repair, double stop,
                                  cplot_bins_t *bins)
{
    size_t length;
    double last_value = start;
    cplot_status_t status = numpy_arange(start, arange_stop, step, &length, &last_value);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    if (length == 0)
        return CPLOT_STATUS_INVALID_VALUE; /* start + width == start: width below the data's ulp */
    if (repair && (last_value < stop || length < 2)) {
        last_value = last_value + step;
        length++;
        if (length > (size_t)CPLOT_BINS_MAX + 1)
            return CPLOT_STATUS_LIMIT_EXCEEDED;
    }
    if (length < 2)
        return CPLOT_STATUS_INVALID_VALUE;
    return uniform_edges(start, last_value, length - 1, bins);
}

static cplot_status_t explicit_edges(const cplot_bin_options_t *options, cplot_bins_t *bins)
{
    if (!options->edges || options->edge_count < 2)
        return CPLOT_STATUS_INVALID_VALUE;
    if (options->edge_count > (size_t)CPLOT_BINS_MAX + 1)
        return CPLOT_STATUS_LIMIT_EXCEEDED;
    for (size_t i = 0; i < options->edge_count; i++) {
        if (!isfinite(options->edges[i]))
            return CPLOT_STATUS_INVALID_VALUE;
        if (i > 0 && options->edges[i] < options->edges[i - 1])
            return CPLOT_STATUS_INVALID_VALUE;
    }
    cplot_status_t status = allocate_bins(options->edge_count - 1, bins);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    memcpy(bins->edges, options->edges, options->edge_count * sizeof *bins->edges);
    bins->uniform = false;
    return CPLOT_STATUS_SUCCESS;
}

/* numpy's _get_outer_edges on the finite values. */
static void outer_edges(const cplot_bin_options_t *options, bool have_data, double minimum, double maximum,
                        double *first, double *last)
{
    if (options->has_range) {
        *first = options->range_min;
        *last = options->range_max;
    } else if (!have_data) {
        *first = 0.0;
        *last = 1.0;
    } else {
        *first = minimum;
        *last = maximum;
    }
    if (*first == *last) {
        *first -= 0.5;
        *last += 0.5;
    }
}

/* `buckets` receives fd's rank buckets when they were made over `values`
 * themselves (see count_by_buckets). */
static cplot_status_t rule_bins(const double *values, size_t count, const cplot_bin_options_t *options,
                                double minimum, double maximum, size_t finite, rank_buckets_t *buckets,
                                cplot_bins_t *bins)
{
    double first, last;
    outer_edges(options, finite > 0, minimum, maximum, &first, &last);
    if (options->method == CPLOT_BIN_METHOD_COUNT)
        return uniform_edges(first, last, options->count, bins);

    /* The rules look only at the finite values inside the outer edges:
     * without a range, when every value is finite, that is all of them. */
    data_set_t data = {values, count, minimum, maximum};
    double *kept = NULL;
    if (options->has_range || finite != count) {
        kept = cplot_alloc_array(finite, sizeof *kept);
        if (!kept)
            return CPLOT_STATUS_NO_MEMORY;
        data = (data_set_t){kept, 0, INFINITY, -INFINITY};
        for (size_t i = 0; i < count; i++) {
            double v = values[i];
            if (isfinite(v) && v >= first && v <= last) {
                kept[data.count++] = v;
                data.minimum = v < data.minimum ? v : data.minimum;
                data.maximum = v > data.maximum ? v : data.maximum;
            }
        }
    }
    rank_buckets_t *kept_here = data.values == values ? buckets : NULL;
    size_t bin_count = 1;
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    if (data.count > 0) {
        double width;
        status = rule_width(options->rule, &data, first, last, kept_here, &width);
        if (status == CPLOT_STATUS_SUCCESS)
            status = bin_count_from_width(first, last, width, &bin_count);
        /* 'auto' is the default, so nobody asked for fd's bins: when far
         * outliers make those more than CPLOT_BINS_MAX (numpy allocates
         * them, or fails past memory), sturges' few bins stand in. */
        if (status == CPLOT_STATUS_LIMIT_EXCEEDED && options->rule == CPLOT_BIN_RULE_AUTO) {
            status = rule_width(CPLOT_BIN_RULE_STURGES, &data, first, last, NULL, &width);
            if (status == CPLOT_STATUS_SUCCESS)
                status = bin_count_from_width(first, last, width, &bin_count);
        }
    }
    free(kept);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    return uniform_edges(first, last, bin_count, bins);
}

static cplot_status_t check_options(const cplot_bin_options_t *options)
{
    switch (options->method) {
    case CPLOT_BIN_METHOD_RULE:
        if ((unsigned)options->rule > (unsigned)CPLOT_BIN_RULE_SQRT)
            return CPLOT_STATUS_INVALID_ARGUMENT;
        break;
    case CPLOT_BIN_METHOD_COUNT:
        if (options->count == 0)
            return CPLOT_STATUS_INVALID_VALUE;
        if (options->count > CPLOT_BINS_MAX)
            return CPLOT_STATUS_LIMIT_EXCEEDED;
        break;
    case CPLOT_BIN_METHOD_EDGES:
        break;
    case CPLOT_BIN_METHOD_WIDTH:
        if (!(options->width > 0.0) || !isfinite(options->width))
            return CPLOT_STATUS_INVALID_VALUE;
        break;
    case CPLOT_BIN_METHOD_DISCRETE:
        break;
    default:
        return CPLOT_STATUS_INVALID_ARGUMENT;
    }
    if (options->has_range && options->method != CPLOT_BIN_METHOD_EDGES &&
        (!isfinite(options->range_min) || !isfinite(options->range_max) ||
         options->range_min > options->range_max))
        return CPLOT_STATUS_INVALID_VALUE;
    return CPLOT_STATUS_SUCCESS;
}

/* The first value equal to `extreme` (0 or -0: they compare equal), which
 * is the one a pass in order keeps when the extreme is a zero. */
static double first_equal(const double *values, size_t count, double extreme)
{
    for (size_t i = 0; i < count; i++)
        if (values[i] == extreme)
            return values[i];
    return extreme;
}

void cplot_value_range_scan(const double *values, size_t count, cplot_value_range_t *range)
{
    size_t finite = 0, i = 0;
    double minimum = INFINITY, maximum = -INFINITY;
#if defined(__SSE2__)
    /* Two values at a time (callgrind: 8 instructions a value instead of
     * 14; the CSV reader scans every chunk it parses): v - v is 0 exactly
     * for finite v, and other values stand in as the infinities that
     * change no extreme. Which of two equal extremes is kept then depends
     * on the lanes, which matters only for 0 and -0, sorted out after. */
    const __m128d zero = _mm_setzero_pd(), positive = _mm_set1_pd(INFINITY),
                  negative = _mm_set1_pd(-INFINITY);
    __m128d low = positive, high = negative;
    __m128i counted = _mm_setzero_si128();
    for (; count - i >= 2; i += 2) {
        __m128d v = _mm_loadu_pd(values + i);
        __m128d is_finite = _mm_cmpeq_pd(_mm_sub_pd(v, v), zero);
        counted = _mm_sub_epi64(counted, _mm_castpd_si128(is_finite));
        __m128d kept = _mm_and_pd(is_finite, v);
        low = _mm_min_pd(low, _mm_or_pd(kept, _mm_andnot_pd(is_finite, positive)));
        high = _mm_max_pd(high, _mm_or_pd(kept, _mm_andnot_pd(is_finite, negative)));
    }
    double lows[2], highs[2];
    uint64_t counts[2];
    _mm_storeu_pd(lows, low);
    _mm_storeu_pd(highs, high);
    _mm_storeu_si128((__m128i *)(void *)counts, counted);
    finite = (size_t)(counts[0] + counts[1]);
    minimum = lows[1] < lows[0] ? lows[1] : lows[0];
    maximum = highs[1] > highs[0] ? highs[1] : highs[0];
#endif
    for (; i < count; i++) {
        double v = values[i];
        if (!isfinite(v))
            continue;
        finite++;
        if (v < minimum)
            minimum = v;
        if (v > maximum)
            maximum = v;
    }
    if (minimum == 0.0)
        minimum = first_equal(values, count, minimum);
    if (maximum == 0.0)
        maximum = first_equal(values, count, maximum);
    *range = (cplot_value_range_t){finite, minimum, maximum};
}

typedef struct range_job {
    const double *values;
    size_t count, chunks;
    cplot_value_range_t ranges[CHUNKS_MAXIMUM];
} range_job_t;

static void range_chunk(void *context, size_t chunk)
{
    range_job_t *job = context;
    size_t start = cplot_parallel_part_start(job->count, job->chunks, chunk);
    cplot_value_range_scan(chunk_values(job->values, start),
             cplot_parallel_part_start(job->count, job->chunks, chunk + 1) - start, &job->ranges[chunk]);
}

void cplot_value_range_of(const double *values, size_t count, cplot_value_range_t *range)
{
    range_job_t job = {.values = values, .count = count, .chunks = chunk_count(count)};
    cplot_parallel_run(job.chunks, range_chunk, &job);
    *range = job.ranges[0];
    for (size_t chunk = 1; chunk < job.chunks; chunk++)
        cplot_value_range_merge(range, &job.ranges[chunk]);
}

void cplot_value_range_merge(cplot_value_range_t *range, const cplot_value_range_t *next)
{
    range->finite += next->finite;
    /* Strictly smaller or larger: an equal extreme (0 and -0) stays the
     * first one met, as in one pass. */
    if (next->minimum < range->minimum)
        range->minimum = next->minimum;
    if (next->maximum > range->maximum)
        range->maximum = next->maximum;
}

cplot_status_t cplot_bins_compute(const double *values, size_t count, const cplot_bin_options_t *options,
                                  cplot_bins_t *bins)
{
    cplot_value_range_t range;
    cplot_value_range_of(values, values ? count : 0, &range);
    return cplot_bins_compute_in_range(values, count, &range, options, bins);
}

cplot_status_t cplot_bins_compute_in_range(const double *values, size_t count,
                                           const cplot_value_range_t *range,
                                           const cplot_bin_options_t *options, cplot_bins_t *bins)
{
    if (!bins)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    memset(bins, 0, sizeof *bins);
    if (!options || !range || (count > 0 && !values))
        return CPLOT_STATUS_INVALID_ARGUMENT;
    cplot_status_t status = check_options(options);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    size_t finite = range->finite;
    double minimum = range->minimum, maximum = range->maximum;

    rank_buckets_t buckets = {0};
    switch (options->method) {
    case CPLOT_BIN_METHOD_RULE:
    case CPLOT_BIN_METHOD_COUNT:
        status = rule_bins(values, count, options, minimum, maximum, finite, &buckets, bins);
        break;
    case CPLOT_BIN_METHOD_EDGES:
        status = explicit_edges(options, bins);
        break;
    case CPLOT_BIN_METHOD_WIDTH:
    case CPLOT_BIN_METHOD_DISCRETE: {
        double start = minimum, stop = maximum;
        if (options->has_range) {
            start = options->range_min;
            stop = options->range_max;
        }
        if (!options->has_range && finite == 0)
            status = uniform_edges(0.0, 1.0, 1, bins);
        else if (options->method == CPLOT_BIN_METHOD_WIDTH)
            status = arange_bins(start, stop + options->width, options->width, true, stop, bins);
        else
            status = arange_bins(start - 0.5, stop + 1.5, 1.0, false, stop, bins);
        break;
    }
    }
    if (status != CPLOT_STATUS_SUCCESS) {
        rank_buckets_release(&buckets);
        cplot_bins_release(bins);
        return status;
    }
    bins->nonfinite = count - finite;
    /* The minimum and maximum are of the finite values (and, with none,
     * infinite, failing the test). */
    bool inside = finite == count && minimum >= bins->edges[0] &&
                  maximum <= bins->edges[bins->bin_count];
    bool counted = false;
    if (buckets.bucket && inside && bins->uniform)
        status = count_by_buckets(&buckets, bins, &counted);
    rank_buckets_release(&buckets);
    if (status == CPLOT_STATUS_SUCCESS && !counted)
        status = count_values(values, count, inside, bins);
    if (status != CPLOT_STATUS_SUCCESS)
        cplot_bins_release(bins);
    return status;
}

cplot_status_t cplot_bins_recount(const cplot_bins_t *shared, const double *values, size_t count,
                                  cplot_bins_t *out)
{
    if (!out)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    memset(out, 0, sizeof *out);
    if (!shared || !shared->edges || shared->bin_count == 0 || shared->edge_count != shared->bin_count + 1 ||
        (count > 0 && !values))
        return CPLOT_STATUS_INVALID_ARGUMENT;
    cplot_status_t status = allocate_bins(shared->bin_count, out);
    if (status != CPLOT_STATUS_SUCCESS) {
        cplot_bins_release(out);
        return status;
    }
    memcpy(out->edges, shared->edges, shared->edge_count * sizeof *out->edges);
    out->uniform = shared->uniform;
    for (size_t i = 0; i < count; i++)
        out->nonfinite += !isfinite(values[i]);
    status = count_values(values, count, false, out);
    if (status != CPLOT_STATUS_SUCCESS)
        cplot_bins_release(out);
    return status;
}

/* ------------------------------------------------------ Histogram stats */

cplot_status_t cplot_histogram_heights(const double *counts, const double *edges, size_t bin_count,
                                       cplot_histogram_stat_t stat, bool cumulative, double total,
                                       double group_fraction, double *heights)
{
    if (bin_count > 0 && (!counts || !edges || !heights))
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if ((unsigned)stat > (unsigned)CPLOT_HISTOGRAM_STAT_DENSITY)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if (!(total >= 0.0) || !isfinite(total) || !(group_fraction >= 0.0) || !isfinite(group_fraction))
        return CPLOT_STATUS_INVALID_VALUE;
    if (total == 0.0)
        for (size_t i = 0; i < bin_count; i++)
            total += counts[i];
    bool normalised = stat == CPLOT_HISTOGRAM_STAT_PROBABILITY || stat == CPLOT_HISTOGRAM_STAT_PERCENT ||
                      stat == CPLOT_HISTOGRAM_STAT_DENSITY;
    double running = 0.0;
    for (size_t i = 0; i < bin_count; i++) {
        double width = edges[i + 1] - edges[i];
        double count = counts[i];
        double height;
        if (normalised && total == 0.0) {
            height = 0.0;
        } else {
            switch (stat) {
            case CPLOT_HISTOGRAM_STAT_FREQUENCY:
                height = count / width;
                break;
            case CPLOT_HISTOGRAM_STAT_PROBABILITY:
                height = count / total;
                break;
            case CPLOT_HISTOGRAM_STAT_PERCENT:
                height = count / total * 100.0;
                break;
            case CPLOT_HISTOGRAM_STAT_DENSITY:
                height = count / width / total; /* numpy: n / db / n.sum() */
                break;
            case CPLOT_HISTOGRAM_STAT_COUNT:
            default:
                height = count;
                break;
            }
        }
        if (cumulative) {
            if (stat == CPLOT_HISTOGRAM_STAT_FREQUENCY || stat == CPLOT_HISTOGRAM_STAT_DENSITY)
                running += height * width;
            else
                running += height;
            height = running;
        }
        heights[i] = height;
    }
    if (stat != CPLOT_HISTOGRAM_STAT_COUNT && group_fraction != 1.0)
        for (size_t i = 0; i < bin_count; i++)
            heights[i] *= group_fraction;
    return CPLOT_STATUS_SUCCESS;
}
