#include "file-private.h"
#include "memory-private.h"
#include "parallel-private.h"

#include <errno.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Creates `path` + ".tmp-PID-N" exclusively, mode 0666 less the umask, as
 * any ordinary output file. Not mkstemp: its files are private, and
 * widening them needs the umask, which can only be read by setting it,
 * a process-wide change another thread's file could be created under. */
static int create_temporary(const char *path, char **temporary)
{
    static _Atomic unsigned long counter;
    size_t size = strlen(path) + 64;
    char *name = malloc(size);
    if (!name)
        return -1;
    for (int attempt = 0; attempt < 100; attempt++) {
        snprintf(name, size, "%s.tmp-%ld-%lu", path, (long)getpid(), counter++);
        int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
        if (fd >= 0 || errno != EEXIST) {
            if (fd < 0)
                free(name);
            else
                *temporary = name;
            return fd;
        }
    }
    free(name);
    errno = EEXIST;
    return -1;
}

cplot_status_t cplot_write_file_atomically(const char *path, const unsigned char *data, size_t size,
                                           char *message, size_t message_size)
{
    char *temporary = NULL;
    int fd = create_temporary(path, &temporary);
    if (fd < 0) {
        if (errno == ENOMEM) {
            snprintf(message, message_size, "out of memory");
            return CPLOT_STATUS_NO_MEMORY;
        }
        snprintf(message, message_size, "cannot create a file beside %s: %s", path, strerror(errno));
        return CPLOT_STATUS_IO_ERROR;
    }
    size_t written = 0;
    while (written < size) {
        ssize_t n = write(fd, data + written, size - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            snprintf(message, message_size, "cannot write %s: %s", path,
                     n < 0 ? strerror(errno) : "no space written");
            close(fd);
            unlink(temporary);
            free(temporary);
            return CPLOT_STATUS_IO_ERROR;
        }
        written += (size_t)n;
    }
    if (close(fd) != 0 || rename(temporary, path) != 0) {
        snprintf(message, message_size, "cannot write %s: %s", path, strerror(errno));
        unlink(temporary);
        free(temporary);
        return CPLOT_STATUS_IO_ERROR;
    }
    free(temporary);
    return CPLOT_STATUS_SUCCESS;
}

/* Opens a regular file for reading without ever blocking: O_NONBLOCK
 * keeps open() from waiting for a writer on a FIFO, and is cleared once
 * fstat shows an ordinary file. */
static int open_regular_file(const char *path, const char *name, struct stat *info,
                             char *message, size_t message_size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        snprintf(message, message_size, "cannot open %s: %s", name, strerror(errno));
        return -1;
    }
    int flags = fcntl(fd, F_GETFL);
    if (fstat(fd, info) != 0 || !S_ISREG(info->st_mode) || flags < 0 ||
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        snprintf(message, message_size, "%s is not a regular file", name);
        close(fd);
        return -1;
    }
    return fd;
}

/* Whether `real_path` (no symbolic links, no "..") is `real_root` or lies
 * below it. */
static bool path_is_inside(const char *real_path, const char *real_root)
{
    size_t root_length = strlen(real_root);
    return strncmp(real_path, real_root, root_length) == 0 &&
           (real_path[root_length] == '/' || real_path[root_length] == 0 ||
            (root_length == 1 && real_root[0] == '/'));
}

/* Whether the file open on `fd` lies inside `root`, by the kernel's own
 * record of what was opened (/proc/self/fd). Where /proc is not mounted
 * the check made on the path before opening stands alone. */
static bool open_file_is_inside(int fd, const char *root)
{
    char link[64], opened[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t length = readlink(link, opened, sizeof opened - 1);
    if (length < 0)
        return errno == ENOENT || errno == ENOTDIR; /* no /proc */
    if ((size_t)length == sizeof opened - 1)
        return false; /* too long to compare: refuse rather than guess */
    opened[length] = 0;
    char *real_root = realpath(root, NULL);
    bool inside = real_root && path_is_inside(opened, real_root);
    free(real_root);
    return inside;
}

/* Work per thread when a large file is read in parts: reading 4 MB from the
 * page cache takes about a millisecond, far above a thread's start. */
enum { READ_BYTES_PER_TASK = 4 * 1024 * 1024 };

typedef struct parallel_read {
    int fd;
    char *buffer;
    size_t size, tasks;
    bool *incomplete; /* per task: an error or a short read */
} parallel_read_t;

bool cplot_read_at(int fd, char *buffer, size_t length, size_t offset)
{
    while (length > 0) {
        ssize_t n = pread(fd, buffer, length, (off_t)offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        buffer += n;
        length -= (size_t)n;
        offset += (size_t)n;
    }
    return true;
}

static void read_part(void *context, size_t index)
{
    parallel_read_t *work = context;
    size_t start = cplot_parallel_part_start(work->size, work->tasks, index);
    size_t end = cplot_parallel_part_start(work->size, work->tasks, index + 1);
    if (!cplot_read_at(work->fd, work->buffer + start, end - start, start))
        work->incomplete[index] = true;
}

/* Reads the first `size` bytes of a large file on several threads at once
 * (pread at their own offsets, the file offset untouched), which shares
 * out the copy from the page cache and the page faults of the buffer.
 * Returns how many bytes are in the buffer: `size`, or 0 when threads are
 * off, the file is small, or any part failed or came back short (the file
 * changed): the ordinary loop then reads it all again and reports any
 * error itself. */
static size_t read_in_parallel(int fd, char *buffer, size_t size)
{
    size_t tasks = cplot_parallel_tasks(size, READ_BYTES_PER_TASK);
    if (tasks < 2)
        return 0;
    bool *incomplete = cplot_calloc_array(tasks, sizeof *incomplete);
    if (!incomplete)
        return 0;
    parallel_read_t work = {fd, buffer, size, tasks, incomplete};
    cplot_parallel_run(tasks, read_part, &work);
    size_t done = size;
    for (size_t i = 0; i < tasks; i++)
        if (incomplete[i])
            done = 0;
    free(incomplete);
    /* pread left the offset at 0; a failed seek leaves it there too. */
    if (done && lseek(fd, (off_t)done, SEEK_SET) != (off_t)done)
        done = 0;
    return done;
}

int cplot_open_file(const char *path, const char *root, const char *name, size_t max_size,
                    size_t *size, cplot_status_t *status, char *message, size_t message_size)
{
    struct stat info;
    *status = CPLOT_STATUS_IO_ERROR;
    int fd = open_regular_file(path, name, &info, message, message_size);
    if (fd < 0)
        return -1;
    if (root && !open_file_is_inside(fd, root)) {
        snprintf(message, message_size, "%s leads outside the spec root", name);
        close(fd);
        *status = CPLOT_STATUS_INVALID_SPEC;
        return -1;
    }
    if ((unsigned long long)info.st_size > max_size) {
        snprintf(message, message_size, "%s is %lld bytes; the limit is %zu", name,
                 (long long)info.st_size, max_size);
        close(fd);
        *status = CPLOT_STATUS_LIMIT_EXCEEDED;
        return -1;
    }
    *size = (size_t)info.st_size;
    *status = CPLOT_STATUS_SUCCESS;
    return fd;
}

cplot_status_t cplot_read_open_file(int fd, const char *name, size_t max_size, size_t size,
                                    char **data, size_t *length, char *message, size_t message_size)
{
    *data = NULL;
    *length = 0;
    size_t capacity = size;
    char *buffer = malloc(capacity + 1);
    if (!buffer) {
        snprintf(message, message_size, "out of memory reading %s", name);
        return CPLOT_STATUS_NO_MEMORY;
    }
    size_t used = read_in_parallel(fd, buffer, capacity);
    for (;;) {
        /* The file may change size under us: read to its end, within the
         * cap, rather than trusting fstat. */
        if (used == capacity) {
            if (capacity >= max_size) {
                char probe;
                ssize_t extra = read(fd, &probe, 1);
                if (extra == 0)
                    break;
                snprintf(message, message_size, "%s is larger than the limit of %zu bytes", name,
                         max_size);
                free(buffer);
                return CPLOT_STATUS_LIMIT_EXCEEDED;
            }
            size_t grown = capacity < 4096 ? 4096 : capacity * 2;
            if (grown > max_size)
                grown = max_size;
            char *bigger = realloc(buffer, grown + 1);
            if (!bigger) {
                free(buffer);
                snprintf(message, message_size, "out of memory reading %s", name);
                return CPLOT_STATUS_NO_MEMORY;
            }
            buffer = bigger;
            capacity = grown;
        }
        ssize_t n = read(fd, buffer + used, capacity - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(message, message_size, "cannot read %s: %s", name, strerror(errno));
            free(buffer);
            return CPLOT_STATUS_IO_ERROR;
        }
        if (n == 0)
            break;
        used += (size_t)n;
    }
    buffer[used] = 0;
    *data = buffer;
    *length = used;
    return CPLOT_STATUS_SUCCESS;
}

cplot_status_t cplot_read_file(const char *path, const char *root, const char *name,
                               size_t max_size, char **data, size_t *size, char *message,
                               size_t message_size)
{
    *data = NULL;
    *size = 0;
    size_t file_size = 0;
    cplot_status_t status;
    int fd =
        cplot_open_file(path, root, name, max_size, &file_size, &status, message, message_size);
    if (fd < 0)
        return status;
    status = cplot_read_open_file(fd, name, max_size, file_size, data, size, message, message_size);
    close(fd);
    return status;
}

cplot_status_t cplot_resolve_inside(const char *base, const char *relative, const char *root,
                                    char **resolved, char *message, size_t message_size)
{
    *resolved = NULL;
    if (relative[0] == 0) {
        snprintf(message, message_size, "the path is empty; expected a relative file path");
        return CPLOT_STATUS_INVALID_SPEC;
    }
    if (relative[0] == '/') {
        snprintf(message, message_size, "\"%s\" is an absolute path; data paths are relative to the spec's folder",
                 relative);
        return CPLOT_STATUS_INVALID_SPEC;
    }
    if (strstr(relative, "://")) {
        snprintf(message, message_size, "\"%s\" is a URL; only relative file paths are read", relative);
        return CPLOT_STATUS_INVALID_SPEC;
    }
    size_t length = strlen(base) + strlen(relative) + 2;
    char *joined = malloc(length);
    if (!joined) {
        snprintf(message, message_size, "out of memory");
        return CPLOT_STATUS_NO_MEMORY;
    }
    snprintf(joined, length, "%s/%s", base, relative);
    char *real_path = realpath(joined, NULL);
    int path_error = errno;
    char *real_root = realpath(root, NULL);
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    if (!real_path) {
        snprintf(message, message_size, "cannot open %s: %s", relative, strerror(path_error));
        status = CPLOT_STATUS_IO_ERROR;
    } else if (!real_root) {
        snprintf(message, message_size, "cannot resolve the spec root %s: %s", root, strerror(errno));
        status = CPLOT_STATUS_IO_ERROR;
    } else {
        /* The root itself counts as inside: reading it then fails as
         * "not a regular file", which says what is wrong. */
        if (!path_is_inside(real_path, real_root)) {
            /* Not naming the root: a server's folders are no business of
             * whoever sent the spec (the command adds a hint about it). */
            snprintf(message, message_size, "\"%s\" leads outside the spec root", relative);
            status = CPLOT_STATUS_INVALID_SPEC;
        }
    }
    free(joined);
    free(real_root);
    if (status == CPLOT_STATUS_SUCCESS)
        *resolved = real_path;
    else
        free(real_path);
    return status;
}
