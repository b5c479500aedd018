/* d_type in struct dirent (to count files without a stat each) is a BSD
 * extension that glibc declares under _DEFAULT_SOURCE. */
#define _DEFAULT_SOURCE
#include "site-fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *site_fs_read(const char *path, size_t max, size_t *length)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat info;
    if (fstat(fd, &info) != 0) {
        close(fd);
        return NULL;
    }
    if (!S_ISREG(info.st_mode) || (size_t)info.st_size > max) {
        close(fd);
        errno = S_ISREG(info.st_mode) ? EFBIG : EISDIR;
        return NULL;
    }
    size_t size = (size_t)info.st_size, used = 0;
    char *bytes = malloc(size + 1);
    while (bytes && used < size) {
        ssize_t n = read(fd, bytes + used, size - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        used += (size_t)n;
    }
    int saved = errno;
    close(fd);
    if (!bytes || used != size) {
        free(bytes);
        errno = bytes ? (saved ? saved : EIO) : ENOMEM;
        return NULL;
    }
    bytes[size] = 0;
    if (length)
        *length = size;
    return bytes;
}

int site_fs_write(const char *path, const void *bytes, size_t length)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return -1;
    const char *p = bytes;
    while (length > 0) {
        ssize_t n = write(fd, p, length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int saved = errno;
            close(fd);
            errno = saved ? saved : EIO;
            return -1;
        }
        p += n;
        length -= (size_t)n;
    }
    return close(fd);
}

int site_fs_write_new(const char *path, const void *bytes, size_t length)
{
    if (unlink(path) != 0 && errno != ENOENT)
        return -1;
    return site_fs_write(path, bytes, length);
}

int site_fs_mkdirs(const char *path)
{
    char *partial = strdup(path);
    if (!partial)
        return -1;
    for (char *p = partial + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(partial, 0777) != 0 && errno != EEXIST) {
            free(partial);
            return -1;
        }
        *p = '/';
    }
    int result = mkdir(partial, 0777) != 0 && errno != EEXIST ? -1 : 0;
    free(partial);
    return result;
}

int site_fs_mkparents(const char *path)
{
    char *folder = strdup(path);
    if (!folder)
        return -1;
    char *slash = strrchr(folder, '/');
    int result = 0;
    if (slash && slash != folder) {
        *slash = 0;
        result = site_fs_mkdirs(folder);
    }
    free(folder);
    return result;
}

int site_fs_copy(const char *from, const char *to)
{
    size_t length;
    char *bytes = site_fs_read(from, (size_t)1 << 31, &length);
    if (!bytes)
        return -1;
    int result = site_fs_write(to, bytes, length);
    free(bytes);
    return result;
}

int site_fs_link_or_copy(const char *from, const char *to)
{
    if (link(from, to) == 0)
        return 0;
    if (errno == EEXIST) {
        if (unlink(to) != 0)
            return -1;
        if (link(from, to) == 0)
            return 0;
    }
    return site_fs_copy(from, to);
}

static int remove_entry(const char *path, const struct stat *info, int flag, struct FTW *ftw)
{
    (void)info;
    (void)ftw;
    int result = flag == FTW_DP ? rmdir(path) : unlink(path);
    return result != 0 && errno != ENOENT ? -1 : 0;
}

int site_fs_remove_tree(const char *path)
{
    struct stat info;
    if (lstat(path, &info) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(info.st_mode))
        return unlink(path);
    /* FTW_PHYS: a symbolic link inside is removed, never followed. */
    return nftw(path, remove_entry, 32, FTW_DEPTH | FTW_PHYS);
}

long site_fs_count_files(const char *path)
{
    DIR *dir = opendir(path);
    if (!dir)
        return -1;
    long count = 0;
    struct dirent *entry;
    while (count >= 0 && (entry = readdir(dir))) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        if (entry->d_type != DT_DIR && entry->d_type != DT_UNKNOWN) {
            count++;
            continue;
        }
        char *inner = site_path_join(path, entry->d_name);
        struct stat info;
        if (!inner || lstat(inner, &info) != 0)
            count = -1;
        else if (S_ISDIR(info.st_mode)) {
            long below = site_fs_count_files(inner);
            count = below < 0 ? -1 : count + below;
        } else {
            count++;
        }
        free(inner);
    }
    closedir(dir);
    return count;
}

bool site_fs_is_file(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0 && S_ISREG(info.st_mode);
}

bool site_fs_is_dir(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0 && S_ISDIR(info.st_mode);
}

char *site_path_join(const char *folder, const char *name)
{
    size_t a = strlen(folder), b = strlen(name);
    char *path = malloc(a + b + 2);
    if (!path)
        return NULL;
    memcpy(path, folder, a);
    size_t n = a;
    if (a && folder[a - 1] != '/')
        path[n++] = '/';
    memcpy(path + n, name, b + 1);
    return path;
}
