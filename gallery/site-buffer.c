#include "site-buffer.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(site_buffer_t *buffer, size_t extra)
{
    if (buffer->failed)
        return false;
    if (extra >= SIZE_MAX / 2 - buffer->length) {
        buffer->failed = true;
        return false;
    }
    size_t needed = buffer->length + extra + 1;
    if (needed <= buffer->capacity)
        return true;
    size_t capacity = buffer->capacity ? buffer->capacity : 256;
    while (capacity < needed)
        capacity *= 2;
    char *grown = realloc(buffer->data, capacity);
    if (!grown) {
        buffer->failed = true;
        return false;
    }
    buffer->data = grown;
    buffer->capacity = capacity;
    return true;
}

void site_buffer_append(site_buffer_t *buffer, const char *bytes, size_t length)
{
    if (!reserve(buffer, length))
        return;
    if (length)
        memcpy(buffer->data + buffer->length, bytes, length);
    buffer->length += length;
    buffer->data[buffer->length] = 0;
}

void site_buffer_puts(site_buffer_t *buffer, const char *text)
{
    site_buffer_append(buffer, text, strlen(text));
}

void site_buffer_printf(site_buffer_t *buffer, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    char small[256];
    int n = vsnprintf(small, sizeof small, format, args);
    va_end(args);
    if (n < 0) {
        buffer->failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        site_buffer_append(buffer, small, (size_t)n);
        return;
    }
    if (!reserve(buffer, (size_t)n))
        return;
    va_start(args, format);
    vsnprintf(buffer->data + buffer->length, (size_t)n + 1, format, args);
    va_end(args);
    buffer->length += (size_t)n;
}

bool site_buffer_ok(const site_buffer_t *buffer)
{
    return !buffer->failed;
}

char *site_buffer_take(site_buffer_t *buffer)
{
    if (buffer->failed) {
        site_buffer_release(buffer);
        return NULL;
    }
    char *text = buffer->data;
    if (!text)
        text = calloc(1, 1);
    *buffer = (site_buffer_t){0};
    return text;
}

void site_buffer_release(site_buffer_t *buffer)
{
    free(buffer->data);
    *buffer = (site_buffer_t){0};
}
