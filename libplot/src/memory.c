#include "memory-private.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *cplot_alloc_array(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    size_t bytes = count * size;
    return malloc(bytes ? bytes : 1);
}

void *cplot_calloc_array(size_t count, size_t size)
{
    if (count == 0 || size == 0)
        return calloc(1, 1);
    return calloc(count, size);
}

void *cplot_realloc_array(void *pointer, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    size_t bytes = count * size;
    return realloc(pointer, bytes ? bytes : 1);
}

char *cplot_strdup(const char *text)
{
    if (!text)
        return NULL;
    size_t length = strlen(text);
    char *copy = malloc(length + 1);
    if (copy)
        memcpy(copy, text, length + 1);
    return copy;
}

static bool buffer_reserve(cplot_buffer_t *buffer, size_t extra)
{
    if (extra > SIZE_MAX - buffer->size - 1)
        return false;
    size_t needed = buffer->size + extra + 1; /* room for a trailing NUL */
    if (needed <= buffer->capacity)
        return true;
    size_t capacity = buffer->capacity ? buffer->capacity : 256;
    while (capacity < needed) {
        if (capacity > SIZE_MAX / 2) {
            capacity = needed;
            break;
        }
        capacity *= 2;
    }
    unsigned char *data = realloc(buffer->data, capacity);
    if (!data)
        return false;
    buffer->data = data;
    buffer->capacity = capacity;
    return true;
}

bool cplot_buffer_append(cplot_buffer_t *buffer, const void *bytes, size_t count)
{
    if (!buffer_reserve(buffer, count))
        return false;
    if (count)
        memcpy(buffer->data + buffer->size, bytes, count);
    buffer->size += count;
    buffer->data[buffer->size] = 0;
    return true;
}

bool cplot_buffer_printf(cplot_buffer_t *buffer, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    int length = vsnprintf(NULL, 0, format, args);
    va_end(args);
    if (length < 0 || !buffer_reserve(buffer, (size_t)length))
        return false;
    va_start(args, format);
    vsnprintf((char *)buffer->data + buffer->size, (size_t)length + 1, format, args);
    va_end(args);
    buffer->size += (size_t)length;
    return true;
}

void cplot_buffer_release(cplot_buffer_t *buffer)
{
    free(buffer->data);
    buffer->data = NULL;
    buffer->size = buffer->capacity = 0;
}
