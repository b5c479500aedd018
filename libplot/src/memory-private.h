/* Overflow-checked allocation and a growable byte buffer. */
#ifndef CPLOT_MEMORY_PRIVATE_H
#define CPLOT_MEMORY_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

/* malloc(count * size), or NULL when the product overflows or memory is
 * exhausted. Never returns NULL for a zero product that succeeds. */
void *cplot_alloc_array(size_t count, size_t size);
/* calloc with the same overflow check. */
void *cplot_calloc_array(size_t count, size_t size);
/* realloc(pointer, count * size) with the overflow check; on failure the
 * old block is untouched and NULL is returned. */
void *cplot_realloc_array(void *pointer, size_t count, size_t size);
/* A copy of a NUL-terminated string, or NULL (also for a NULL argument). */
char *cplot_strdup(const char *text);

/* A growable byte buffer; zero-initialise it to start empty. */
typedef struct cplot_buffer {
    unsigned char *data;
    size_t size;
    size_t capacity;
} cplot_buffer_t;

/* Appends bytes, growing geometrically; false (buffer unchanged) when out
 * of memory. */
bool cplot_buffer_append(cplot_buffer_t *buffer, const void *bytes, size_t count);
/* printf-style append of text (without the terminating NUL in `size`, but
 * the data stays NUL-terminated). */
bool cplot_buffer_printf(cplot_buffer_t *buffer, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
/* Frees the storage and resets the buffer to empty. */
void cplot_buffer_release(cplot_buffer_t *buffer);

#endif
