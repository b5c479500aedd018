/* Files written so that readers never see a partial one. */
#ifndef CPLOT_FILE_PRIVATE_H
#define CPLOT_FILE_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include "cplot/cplot.h"

/* Writes `size` bytes to a temporary file in the destination's folder and
 * renames it over `path`, so `path` holds either its old content or all of
 * the new. On failure nothing is left behind and `message` says why. */
cplot_status_t cplot_write_file_atomically(const char *path, const unsigned char *data, size_t size,
                                           char *message, size_t message_size);


/* Reads a whole regular file of at most `max_size` bytes into a new
 * NUL-terminated buffer (release with free). Never blocks on a FIFO or a
 * device: anything but a regular file is refused. With `root` (else NULL),
 * the file actually opened must lie inside that folder: checked on the
 * open descriptor, so a folder swapped for a symbolic link after
 * cplot_resolve_inside looked at the path cannot lead a read outside.
 * CPLOT_STATUS_IO_ERROR, CPLOT_STATUS_INVALID_SPEC (outside `root`) or
 * CPLOT_STATUS_LIMIT_EXCEEDED with a message on failure; messages call the
 * file `name` (as its spec wrote it, so that a server's own paths never
 * reach whoever sent the spec), never `path`. */
cplot_status_t cplot_read_file(const char *path, const char *root, const char *name, size_t max_size,
                               char **data, size_t *size, char *message, size_t message_size);

/* cplot_read_file in steps, for readers that read a file their own way:
 * opens `path` with every check of cplot_read_file (a regular file, inside
 * `root`, at most `max_size` bytes by fstat) and returns the descriptor
 * (close it) with the file's size in *size, or -1 with *status and
 * `message` saying why. */
int cplot_open_file(const char *path, const char *root, const char *name, size_t max_size,
                    size_t *size, cplot_status_t *status, char *message, size_t message_size);

/* Reads a file opened by cplot_open_file, `size` bytes by its fstat, from
 * its current offset to its end (which may lie elsewhere if the file
 * changed) into a new NUL-terminated buffer, as cplot_read_file does. */
cplot_status_t cplot_read_open_file(int fd, const char *name, size_t max_size, size_t size,
                                    char **data, size_t *length, char *message,
                                    size_t message_size);

/* Reads exactly `length` bytes at `offset` (pread: the file offset stays
 * where it is), retrying on EINTR and short reads; false on an error or
 * when the file ends first. */
bool cplot_read_at(int fd, char *buffer, size_t length, size_t offset);

/* Resolves `relative` against folder `base` and checks that the result,
 * with symbolic links followed, lies inside folder `root` (or is `root`).
 * Empty and absolute paths and paths that escape are refused with a
 * message. On success *resolved
 * is a new string (release with free). */
cplot_status_t cplot_resolve_inside(const char *base, const char *relative, const char *root,
                                    char **resolved, char *message, size_t message_size);

#endif
