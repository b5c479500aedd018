/* Variable orderings for correlograms, as R's corrplot::corrMatOrder
 * computes them: original, alphabet, hclust (R's hclust.f, complete
 * linkage), FPC and AOE (eigenvectors). See stats-private.h. */
#include "stats-private.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memory-private.h"

/* ------------------------------------------------------------ hclust */

/* R's IOFFST: 1-based position of (i, j), i < j, in the packed lower
 * triangle that R's dist objects use (column by column). */
static size_t packed_index(size_t n, size_t i, size_t j)
{
    return j + (i - 1) * n - (i * (i + 1)) / 2;
}

/* R's "infinite" distance in hclust.f; a real distance must stay below. */
#define HCLUST_INFINITY 1e300

cplot_status_t cplot_hclust_order(const double *distances, size_t size, size_t *permutation)
{
    if (size > 0 && (!distances || !permutation))
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if (size == 0)
        return CPLOT_STATUS_SUCCESS;
    if (size == 1) {
        permutation[0] = 0;
        return CPLOT_STATUS_SUCCESS;
    }
    size_t n = size;
    if (n > SIZE_MAX / n)
        return CPLOT_STATUS_NO_MEMORY;
    size_t packed = n * (n - 1) / 2;
    /* 1-based arrays as in the Fortran, so the port reads line for line. */
    double *diss = cplot_alloc_array(packed + 1, sizeof *diss);
    double *nearest_distance = cplot_alloc_array(n + 1, sizeof *nearest_distance);
    size_t *nearest = cplot_alloc_array(n + 1, sizeof *nearest);
    bool *active = cplot_alloc_array(n + 1, sizeof *active);
    size_t *merge_a = cplot_alloc_array(n + 1, sizeof *merge_a);
    size_t *merge_b = cplot_alloc_array(n + 1, sizeof *merge_b);
    long *left = cplot_alloc_array(n + 1, sizeof *left);
    long *right = cplot_alloc_array(n + 1, sizeof *right);
    long *order = cplot_alloc_array(n + 1, sizeof *order);
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    if (!diss || !nearest_distance || !nearest || !active || !merge_a || !merge_b || !left || !right || !order) {
        status = CPLOT_STATUS_NO_MEMORY;
        goto done;
    }
    /* as.dist takes the lower triangle: element (j, i) for i < j. */
    for (size_t i = 1; i < n; i++) {
        for (size_t j = i + 1; j <= n; j++) {
            double d = distances[(j - 1) * n + (i - 1)];
            if (!isfinite(d) || fabs(d) >= HCLUST_INFINITY) {
                status = CPLOT_STATUS_INVALID_VALUE;
                goto done;
            }
            diss[packed_index(n, i, j)] = d;
        }
    }

    /* HCLUST, iOpt = 3 (complete link). */
    size_t im = 0, jj = 0, jm = 0;
    for (size_t i = 1; i <= n; i++)
        active[i] = true;
    size_t clusters = n;
    /* Nearest neighbours to the right of each i; strict > keeps the first. */
    for (size_t i = 1; i < n; i++) {
        double dmin = HCLUST_INFINITY;
        for (size_t j = i + 1; j <= n; j++) {
            size_t ind = packed_index(n, i, j);
            if (dmin > diss[ind]) {
                dmin = diss[ind];
                jm = j;
            }
        }
        nearest[i] = jm;
        nearest_distance[i] = dmin;
    }
    do {
        double dmin = HCLUST_INFINITY;
        for (size_t i = 1; i < n; i++) {
            if (active[i] && nearest_distance[i] < dmin) {
                dmin = nearest_distance[i];
                im = i;
                jm = nearest[i];
            }
        }
        clusters--;
        size_t i2 = im < jm ? im : jm;
        size_t j2 = im < jm ? jm : im;
        merge_a[n - clusters] = i2;
        merge_b[n - clusters] = j2;
        active[j2] = false;

        dmin = HCLUST_INFINITY;
        for (size_t k = 1; k <= n; k++) {
            if (!active[k] || k == i2)
                continue;
            size_t ind1 = i2 < k ? packed_index(n, i2, k) : packed_index(n, k, i2);
            size_t ind2 = j2 < k ? packed_index(n, j2, k) : packed_index(n, k, j2);
            diss[ind1] = fmax(diss[ind1], diss[ind2]);
            if (i2 < k) {
                if (diss[ind1] < dmin) {
                    dmin = diss[ind1];
                    jj = k;
                }
            } else if (diss[ind1] < nearest_distance[k]) {
                /* R's fix (PR#4195): k left of i2 may now be nearest to it. */
                nearest_distance[k] = diss[ind1];
                nearest[k] = i2;
            }
        }
        nearest_distance[i2] = dmin;
        nearest[i2] = jj;

        /* Redo the neighbours that pointed at either merged cluster. */
        for (size_t i = 1; i < n; i++) {
            if (active[i] && (nearest[i] == i2 || nearest[i] == j2)) {
                double best = HCLUST_INFINITY;
                for (size_t j = i + 1; j <= n; j++) {
                    if (!active[j])
                        continue;
                    size_t ind = packed_index(n, i, j);
                    if (diss[ind] < best) {
                        best = diss[ind];
                        jj = j;
                    }
                }
                nearest[i] = jj;
                nearest_distance[i] = best;
            }
        }
    } while (clusters > 1);

    /* HCASS2: singletons as -index, clusters as +step; then the order. */
    for (size_t i = 1; i < n; i++) {
        left[i] = (long)merge_a[i];
        right[i] = (long)merge_b[i];
    }
    for (size_t i = 1; i + 1 < n; i++) {
        size_t k = merge_a[i] < merge_b[i] ? merge_a[i] : merge_b[i];
        for (size_t j = i + 1; j < n; j++) {
            if (merge_a[j] == k)
                left[j] = -(long)i;
            if (merge_b[j] == k)
                right[j] = -(long)i;
        }
    }
    for (size_t i = 1; i < n; i++) {
        left[i] = -left[i];
        right[i] = -right[i];
    }
    for (size_t i = 1; i < n; i++) {
        if (left[i] > 0 && right[i] < 0) {
            long swap = left[i];
            left[i] = right[i];
            right[i] = swap;
        }
        if (left[i] > 0 && right[i] > 0) {
            long low = left[i] < right[i] ? left[i] : right[i];
            long high = left[i] < right[i] ? right[i] : left[i];
            left[i] = low;
            right[i] = high;
        }
    }
    order[1] = left[n - 1];
    order[2] = right[n - 1];
    size_t filled = 2;
    for (size_t i = n - 2; i >= 1; i--) {
        for (size_t j = 1; j <= filled; j++) {
            if (order[j] == (long)i) {
                /* Replace cluster i by its two parts, in place. */
                order[j] = left[i];
                filled++;
                for (size_t k = filled; k >= j + 2; k--)
                    order[k] = order[k - 1];
                order[j + 1] = right[i];
                break;
            }
        }
    }
    for (size_t i = 1; i <= n; i++)
        permutation[i - 1] = (size_t)(-order[i]) - 1;

done:
    free(diss);
    free(nearest_distance);
    free(nearest);
    free(active);
    free(merge_a);
    free(merge_b);
    free(left);
    free(right);
    free(order);
    return status;
}

/* ------------------------------------------------------- Eigenvectors */

/* LAPACK's dlaev2 for [[a, b], [b, c]]: rt1 is the eigenvalue of larger
 * magnitude and (cs1, sn1) its unit eigenvector, signs as LAPACK has
 * them (dstemr hands these to R for 2 x 2 matrices). */
static void lapack_dlaev2(double a, double b, double c, double *rt1, double *rt2, double *cs1, double *sn1)
{
    double sm = a + c, df = a - c, adf = fabs(df), tb = b + b, ab = fabs(tb);
    double acmx = a, acmn = c;
    if (!(fabs(a) > fabs(c))) {
        acmx = c;
        acmn = a;
    }
    double rt;
    if (adf > ab)
        rt = adf * sqrt(1.0 + (ab / adf) * (ab / adf));
    else if (adf < ab)
        rt = ab * sqrt(1.0 + (adf / ab) * (adf / ab));
    else
        rt = ab * sqrt(2.0);
    int sgn1;
    if (sm < 0.0) {
        *rt1 = 0.5 * (sm - rt);
        sgn1 = -1;
        *rt2 = (acmx / *rt1) * acmn - (b / *rt1) * b;
    } else if (sm > 0.0) {
        *rt1 = 0.5 * (sm + rt);
        sgn1 = 1;
        *rt2 = (acmx / *rt1) * acmn - (b / *rt1) * b;
    } else {
        *rt1 = 0.5 * rt;
        *rt2 = -0.5 * rt;
        sgn1 = 1;
    }
    int sgn2;
    double cs;
    if (df >= 0.0) {
        cs = df + rt;
        sgn2 = 1;
    } else {
        cs = df - rt;
        sgn2 = -1;
    }
    if (fabs(cs) > ab) {
        double ct = -tb / cs;
        *sn1 = 1.0 / sqrt(1.0 + ct * ct);
        *cs1 = ct * *sn1;
    } else if (ab == 0.0) {
        *cs1 = 1.0;
        *sn1 = 0.0;
    } else {
        double tn = -cs / tb;
        *cs1 = 1.0 / sqrt(1.0 + tn * tn);
        *sn1 = tn * *cs1;
    }
    if (sgn1 == sgn2) {
        double tn = *cs1;
        *cs1 = -*sn1;
        *sn1 = tn;
    }
}

/* The eigenvectors of the two largest eigenvalues of the symmetric matrix
 * `a` (n x n, n >= 3, full storage, destroyed) by cyclic Jacobi
 * rotations, into first[] and second[]. */
static void jacobi_leading(double *a, size_t n, double *vectors, double *first, double *second)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            vectors[i * n + j] = i == j ? 1.0 : 0.0;
    for (int sweep = 0; sweep < 100; sweep++) {
        double off = 0.0, diagonal = 0.0;
        for (size_t i = 0; i < n; i++) {
            diagonal += a[i * n + i] * a[i * n + i];
            for (size_t j = i + 1; j < n; j++)
                off += a[i * n + j] * a[i * n + j];
        }
        if (off <= 1e-34 * diagonal || off == 0.0)
            break;
        for (size_t p = 0; p < n; p++) {
            for (size_t q = p + 1; q < n; q++) {
                double apq = a[p * n + q];
                if (apq == 0.0)
                    continue;
                double theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                double t = (theta >= 0.0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(theta * theta + 1.0));
                double c = 1.0 / sqrt(t * t + 1.0), s = t * c;
                for (size_t k = 0; k < n; k++) {
                    double akp = a[k * n + p], akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for (size_t k = 0; k < n; k++) {
                    double apk = a[p * n + k], aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for (size_t k = 0; k < n; k++) {
                    double vkp = vectors[k * n + p], vkq = vectors[k * n + q];
                    vectors[k * n + p] = c * vkp - s * vkq;
                    vectors[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    /* The largest eigenvalue first, ties to the lower index. */
    size_t best = 0, runner = SIZE_MAX;
    for (size_t i = 1; i < n; i++)
        if (a[i * n + i] > a[best * n + best])
            best = i;
    for (size_t i = 0; i < n; i++)
        if (i != best && (runner == SIZE_MAX || a[i * n + i] > a[runner * n + runner]))
            runner = i;
    for (size_t k = 0; k < n; k++) {
        first[k] = vectors[k * n + best];
        second[k] = vectors[k * n + runner];
    }
}

/* LAPACK dsytd2 (uplo "L") on `a` (n x n, full, destroyed): the
 * Householder vectors u_i (stored below the subdiagonal, u_i[i+1] = 1)
 * and factors tau_i of Q = H(0) H(1) ... H(n-2) with Q^T A Q tridiagonal. */
static void householder_lower(double *a, size_t n, double *tau, double *work)
{
    for (size_t i = 0; i + 1 < n; i++) {
        size_t m = n - i - 1; /* length of [alpha, x] */
        double alpha = a[(i + 1) * n + i];
        double norm = 0.0;
        for (size_t k = i + 2; k < n; k++)
            norm = hypot(norm, a[k * n + i]);
        double t = 0.0;
        if (m > 1 && norm != 0.0) {
            double beta = -copysign(hypot(alpha, norm), alpha);
            t = (beta - alpha) / beta;
            double scale = 1.0 / (alpha - beta);
            for (size_t k = i + 2; k < n; k++)
                a[k * n + i] *= scale;
            alpha = beta;
        }
        tau[i] = t;
        if (t != 0.0) {
            /* v = [1, a[i+2.., i]]; w = t A22 v - t/2 (w.v) v; A22 -= v w' + w v'. */
            double *v = work, *w = work + n;
            v[i + 1] = 1.0;
            for (size_t k = i + 2; k < n; k++)
                v[k] = a[k * n + i];
            double dot = 0.0;
            for (size_t r = i + 1; r < n; r++) {
                double sum = 0.0;
                for (size_t c = i + 1; c < n; c++)
                    sum += a[r * n + c] * v[c];
                w[r] = t * sum;
                dot += w[r] * v[r];
            }
            double shift = -0.5 * t * dot;
            for (size_t r = i + 1; r < n; r++)
                w[r] += shift * v[r];
            for (size_t r = i + 1; r < n; r++)
                for (size_t c = i + 1; c < n; c++)
                    a[r * n + c] -= v[r] * w[c] + w[r] * v[c];
        }
        a[(i + 1) * n + i] = alpha;
    }
}

/* Flips `vector` so that, expressed in the tridiagonal basis (z = Q^T v),
 * its entry of largest magnitude is positive: where LAPACK's MRRR puts
 * its twist index in most cases (the last of equal maxima, as its <=). */
static void lapack_like_sign(const double *reduced, const double *tau, size_t n, double *vector, double *z)
{
    memcpy(z, vector, n * sizeof *z);
    for (size_t i = 0; i + 1 < n; i++) {
        if (tau[i] == 0.0)
            continue;
        double dot = z[i + 1];
        for (size_t k = i + 2; k < n; k++)
            dot += reduced[k * n + i] * z[k];
        double scaled = tau[i] * dot;
        z[i + 1] -= scaled;
        for (size_t k = i + 2; k < n; k++)
            z[k] -= scaled * reduced[k * n + i];
    }
    size_t largest = 0;
    for (size_t k = 1; k < n; k++)
        if (fabs(z[k]) >= fabs(z[largest]))
            largest = k;
    if (z[largest] < 0.0)
        for (size_t k = 0; k < n; k++)
            vector[k] = -vector[k];
}

/* e1 and e2 as R's eigen(matrix)$vectors[, 1:2] (n >= 2). */
static cplot_status_t leading_eigenvectors(const double *matrix, size_t n, double *first, double *second)
{
    if (n == 2) {
        double a = matrix[0], b = matrix[2], c = matrix[3];
        double rt1, rt2, cs, sn;
        lapack_dlaev2(a, b, c, &rt1, &rt2, &cs, &sn);
        /* dstemr lists (rt2: (-sn, cs)) then (rt1: (cs, sn)), swapped when
         * rt1 < rt2; R reverses to decreasing order. */
        if (rt1 >= rt2) {
            first[0] = cs, first[1] = sn;
            second[0] = -sn, second[1] = cs;
        } else {
            first[0] = -sn, first[1] = cs;
            second[0] = cs, second[1] = sn;
        }
        return CPLOT_STATUS_SUCCESS;
    }
    double *storage = cplot_alloc_array(n * n, 3 * sizeof *storage);
    double *extra = cplot_alloc_array(n, 4 * sizeof *extra);
    if (!storage || !extra) {
        free(storage);
        free(extra);
        return CPLOT_STATUS_NO_MEMORY;
    }
    double *symmetric = storage, *reduced = storage + n * n, *vectors = storage + 2 * n * n;
    double *tau = extra, *work = extra + n, *z = extra + 3 * n;
    /* LAPACK reads the lower triangle; mirror it. */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j <= i; j++)
            symmetric[i * n + j] = symmetric[j * n + i] = matrix[i * n + j];
    memcpy(reduced, symmetric, n * n * sizeof *reduced);
    householder_lower(reduced, n, tau, work);
    jacobi_leading(symmetric, n, vectors, first, second);
    lapack_like_sign(reduced, tau, n, first, z);
    lapack_like_sign(reduced, tau, n, second, z);
    free(storage);
    free(extra);
    return CPLOT_STATUS_SUCCESS;
}

/* ------------------------------------------------------------- Orders */

typedef struct keyed_index {
    double key;
    size_t index;
} keyed_index_t;

/* R's order(): ascending, NaN last, ties in input order. */
static int compare_keyed(const void *left, const void *right)
{
    const keyed_index_t *a = left, *b = right;
    bool a_nan = isnan(a->key), b_nan = isnan(b->key);
    if (a_nan != b_nan)
        return a_nan ? 1 : -1;
    if (!a_nan && a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

static cplot_status_t order_by_keys(const double *keys, size_t n, size_t *permutation)
{
    keyed_index_t *items = cplot_alloc_array(n, sizeof *items);
    if (!items)
        return CPLOT_STATUS_NO_MEMORY;
    for (size_t i = 0; i < n; i++) {
        items[i].key = keys[i];
        items[i].index = i;
    }
    qsort(items, n, sizeof *items, compare_keyed);
    for (size_t i = 0; i < n; i++)
        permutation[i] = items[i].index;
    free(items);
    return CPLOT_STATUS_SUCCESS;
}

typedef struct named_index {
    const char *name;
    size_t index;
} named_index_t;

static int fold_ascii(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int compare_named(const void *left, const void *right)
{
    const named_index_t *a = left, *b = right;
    const unsigned char *p = (const unsigned char *)a->name, *q = (const unsigned char *)b->name;
    for (size_t i = 0;; i++) {
        int x = fold_ascii(p[i]), y = fold_ascii(q[i]);
        if (x != y)
            return x < y ? -1 : 1;
        if (x == 0)
            break;
    }
    /* Equal but for case: lower case first at the first difference. */
    for (size_t i = 0; p[i]; i++) {
        if (p[i] != q[i]) {
            bool p_lower = p[i] >= 'a' && p[i] <= 'z';
            return p_lower ? -1 : 1;
        }
    }
    return (a->index > b->index) - (a->index < b->index);
}

cplot_status_t cplot_correlation_order(const double *matrix, size_t size, const char *const *names,
                                       cplot_correlation_order_t order, size_t *permutation)
{
    if ((unsigned)order > (unsigned)CPLOT_CORRELATION_ORDER_AOE)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if (size == 0)
        return CPLOT_STATUS_SUCCESS;
    if (!permutation || (!matrix && order != CPLOT_CORRELATION_ORDER_ORIGINAL &&
                         order != CPLOT_CORRELATION_ORDER_ALPHABET))
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if (order == CPLOT_CORRELATION_ORDER_ALPHABET) {
        if (!names)
            return CPLOT_STATUS_INVALID_ARGUMENT;
        for (size_t i = 0; i < size; i++)
            if (!names[i])
                return CPLOT_STATUS_INVALID_ARGUMENT;
    }
    if (order == CPLOT_CORRELATION_ORDER_HCLUST || order == CPLOT_CORRELATION_ORDER_FPC ||
        order == CPLOT_CORRELATION_ORDER_AOE) {
        for (size_t i = 0; i < size; i++)
            for (size_t j = 0; j <= i; j++)
                if (!isfinite(matrix[i * size + j]))
                    return CPLOT_STATUS_INVALID_VALUE;
    }
    if (size == 1 || order == CPLOT_CORRELATION_ORDER_ORIGINAL) {
        for (size_t i = 0; i < size; i++)
            permutation[i] = i;
        return CPLOT_STATUS_SUCCESS;
    }
    if (size > SIZE_MAX / size)
        return CPLOT_STATUS_NO_MEMORY;

    switch (order) {
    case CPLOT_CORRELATION_ORDER_ALPHABET: {
        named_index_t *items = cplot_alloc_array(size, sizeof *items);
        if (!items)
            return CPLOT_STATUS_NO_MEMORY;
        for (size_t i = 0; i < size; i++) {
            items[i].name = names[i];
            items[i].index = i;
        }
        qsort(items, size, sizeof *items, compare_named);
        for (size_t i = 0; i < size; i++)
            permutation[i] = items[i].index;
        free(items);
        return CPLOT_STATUS_SUCCESS;
    }
    case CPLOT_CORRELATION_ORDER_HCLUST: {
        double *distances = cplot_alloc_array(size * size, sizeof *distances);
        if (!distances)
            return CPLOT_STATUS_NO_MEMORY;
        for (size_t i = 0; i < size * size; i++)
            distances[i] = 1.0 - matrix[i];
        cplot_status_t status = cplot_hclust_order(distances, size, permutation);
        free(distances);
        return status;
    }
    case CPLOT_CORRELATION_ORDER_FPC:
    case CPLOT_CORRELATION_ORDER_AOE: {
        double *vectors = cplot_alloc_array(size, 3 * sizeof *vectors);
        if (!vectors)
            return CPLOT_STATUS_NO_MEMORY;
        double *first = vectors, *second = vectors + size, *keys = vectors + 2 * size;
        cplot_status_t status = leading_eigenvectors(matrix, size, first, second);
        if (status == CPLOT_STATUS_SUCCESS) {
            for (size_t i = 0; i < size; i++) {
                if (order == CPLOT_CORRELATION_ORDER_FPC) {
                    keys[i] = first[i];
                } else {
                    double angle = atan(second[i] / first[i]);
                    keys[i] = first[i] > 0.0 ? angle : angle + M_PI;
                }
            }
            status = order_by_keys(keys, size, permutation);
        }
        free(vectors);
        return status;
    }
    case CPLOT_CORRELATION_ORDER_ORIGINAL:
    default:
        return CPLOT_STATUS_SUCCESS;
    }
}
