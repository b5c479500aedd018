/* A growable byte buffer: every page, index and program the site generator
 * writes is assembled in one before it goes to a file. */
#ifndef CPLOT_SITE_BUFFER_H
#define CPLOT_SITE_BUFFER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct site_buffer {
    char *data;     /* NUL-terminated while not failed */
    size_t length;
    size_t capacity;
    bool failed;    /* an allocation failed: later appends are ignored */
} site_buffer_t;

/* Appends `length` bytes. An allocation failure is sticky (checked once
 * at the end with site_buffer_ok), so builders need no error paths. */
void site_buffer_append(site_buffer_t *buffer, const char *bytes, size_t length);
void site_buffer_puts(site_buffer_t *buffer, const char *text);
void site_buffer_printf(site_buffer_t *buffer, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
bool site_buffer_ok(const site_buffer_t *buffer);
/* Hands the text over (the caller frees it) and empties the buffer; NULL
 * if an allocation failed. */
char *site_buffer_take(site_buffer_t *buffer);
void site_buffer_release(site_buffer_t *buffer);

#endif
