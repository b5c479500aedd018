/* renameat2 and RENAME_EXCHANGE are Linux extensions declared under
 * _GNU_SOURCE; the rest of this file is POSIX. */
#define _GNU_SOURCE
#include "site-publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "site-fs.h"

/* Splits OUT into its folder and base name. */
static void split(const char *out, char **folder, char **base)
{
    const char *slash = strrchr(out, '/');
    if (!slash) {
        *folder = strdup(".");
        *base = strdup(out);
    } else {
        *folder = slash == out ? strdup("/") : strndup(out, (size_t)(slash - out));
        *base = strdup(slash + 1);
    }
}

/* ".BASE.KIND." : the prefix of helper folders beside OUT. */
static char *helper_prefix(const char *base, const char *kind)
{
    size_t n = strlen(base) + strlen(kind) + 4;
    char *prefix = malloc(n);
    if (prefix)
        snprintf(prefix, n, ".%s.%s.", base, kind);
    return prefix;
}

/* Puts back a site left aside by a build killed between its two renames,
 * then removes every leftover staging and aside folder. */
static int clean_up(const char *out)
{
    char *folder = NULL, *base = NULL;
    split(out, &folder, &base);
    char *staging_prefix = base ? helper_prefix(base, "staging") : NULL;
    char *old_prefix = base ? helper_prefix(base, "old") : NULL;
    DIR *dir = folder ? opendir(folder) : NULL;
    int result = 0;
    if (!dir || !staging_prefix || !old_prefix) {
        fprintf(stderr, "cplot gallery: cannot read the folder of %s: %s\n", out, strerror(errno));
        result = EXIT_IO;
    }
    struct stat info;
    bool out_exists = lstat(out, &info) == 0;
    struct dirent *entry;
    while (result == 0 && (entry = readdir(dir))) {
        bool staging = strncmp(entry->d_name, staging_prefix, strlen(staging_prefix)) == 0;
        bool old = strncmp(entry->d_name, old_prefix, strlen(old_prefix)) == 0;
        if (!staging && !old)
            continue;
        char *path = site_path_join(folder, entry->d_name);
        if (!path)
            continue;
        if (old && !out_exists && rename(path, out) == 0) {
            fprintf(stderr, "cplot gallery: put back the previous site from %s (a build was interrupted)\n", path);
            out_exists = true;
        } else if (site_fs_remove_tree(path) != 0) {
            fprintf(stderr, "cplot gallery: cannot remove the leftover %s: %s\n", path, strerror(errno));
        }
        free(path);
    }
    if (dir)
        closedir(dir);
    free(folder);
    free(base);
    free(staging_prefix);
    free(old_prefix);
    return result;
}

int site_publish_begin(const char *out, bool wait, site_publish_t *p)
{
    *p = (site_publish_t){.lock_fd = -1};
    size_t n = strlen(out);
    while (n > 1 && out[n - 1] == '/')
        n--;
    p->out = strndup(out, n);
    if (!p->out)
        return EXIT_IO;
    p->lock_path = malloc(n + 6);
    if (!p->lock_path)
        return EXIT_IO;
    snprintf(p->lock_path, n + 6, "%s.lock", p->out);
    char *folder = NULL, *base = NULL;
    split(p->out, &folder, &base);
    if (!folder || !base || site_fs_mkdirs(folder) != 0) {
        fprintf(stderr, "cplot gallery: cannot create the folder of %s: %s\n", p->out, strerror(errno));
        free(folder);
        free(base);
        return EXIT_IO;
    }
    p->lock_fd = open(p->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (p->lock_fd < 0) {
        fprintf(stderr, "cplot gallery: cannot open the lock file %s: %s\n", p->lock_path, strerror(errno));
        free(folder);
        free(base);
        return EXIT_IO;
    }
    if (flock(p->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        char holder[32] = "";
        ssize_t got = pread(p->lock_fd, holder, sizeof holder - 1, 0);
        holder[got > 0 ? got : 0] = 0;
        holder[strcspn(holder, "\n")] = 0;
        if (!wait) {
            fprintf(stderr, "cplot gallery: another build into %s is running (process %s holds %s); "
                            "not waiting (--no-wait)\n", p->out, *holder ? holder : "?", p->lock_path);
            free(folder);
            free(base);
            return EXIT_IO;
        }
        fprintf(stderr, "cplot gallery: another build into %s is running (process %s holds %s); waiting for it\n",
                p->out, *holder ? holder : "?", p->lock_path);
        while (flock(p->lock_fd, LOCK_EX) != 0) {
            if (errno != EINTR) {
                fprintf(stderr, "cplot gallery: cannot lock %s: %s\n", p->lock_path, strerror(errno));
                free(folder);
                free(base);
                return EXIT_IO;
            }
        }
    }
    /* The holder's process id, for the message another build prints. */
    char pid[32];
    int length = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(p->lock_fd, 0) != 0 || pwrite(p->lock_fd, pid, (size_t)length, 0) != length) {
        /* Only the message would suffer; the lock itself holds. */
    }
    int result = clean_up(p->out);
    /* Swapping replaces OUT whole and deletes the old one: only a folder
     * that a previous build wrote (it has the cache manifest), or an empty
     * one, may be replaced, so a slip such as -o ~ destroys nothing. */
    struct stat info;
    if (result == 0 && lstat(p->out, &info) == 0) {
        char *marker = site_path_join(p->out, ".cplot-cache.json");
        DIR *dir = S_ISDIR(info.st_mode) ? opendir(p->out) : NULL;
        bool empty = dir != NULL;
        struct dirent *entry;
        while (dir && empty && (entry = readdir(dir)))
            empty = strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0;
        if (dir)
            closedir(dir);
        if (!S_ISDIR(info.st_mode) || (!empty && !(marker && site_fs_is_file(marker)))) {
            fprintf(stderr, "cplot gallery: %s exists and is not a gallery this command built (it has no "
                            ".cplot-cache.json); remove it or choose another output folder\n", p->out);
            result = EXIT_USAGE;
        }
        free(marker);
    }
    if (result == 0) {
        size_t size = strlen(folder) + strlen(base) + 48;
        p->staging = malloc(size);
        if (p->staging)
            snprintf(p->staging, size, "%s/.%s.staging.%ld", folder, base, (long)getpid());
        if (!p->staging || mkdir(p->staging, 0777) != 0) {
            fprintf(stderr, "cplot gallery: cannot create the staging folder %s: %s\n",
                    p->staging ? p->staging : p->out, strerror(errno));
            result = EXIT_IO;
        }
    }
    free(folder);
    free(base);
    return result;
}

int site_publish_commit(site_publish_t *p)
{
    struct stat info;
    if (lstat(p->out, &info) != 0) {
        if (rename(p->staging, p->out) != 0) {
            fprintf(stderr, "cplot gallery: cannot move %s to %s: %s\n", p->staging, p->out, strerror(errno));
            return EXIT_IO;
        }
        return 0;
    }
#ifdef RENAME_EXCHANGE
    if (renameat2(AT_FDCWD, p->staging, AT_FDCWD, p->out, RENAME_EXCHANGE) == 0) {
        /* The staging name now holds the previous site. */
        if (site_fs_remove_tree(p->staging) != 0)
            fprintf(stderr, "cplot gallery: cannot remove the previous site %s: %s\n", p->staging, strerror(errno));
        return 0;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
        fprintf(stderr, "cplot gallery: cannot swap %s into %s: %s\n", p->staging, p->out, strerror(errno));
        return EXIT_IO;
    }
#endif
    char *folder = NULL, *base = NULL;
    split(p->out, &folder, &base);
    size_t size = (folder ? strlen(folder) : 0) + (base ? strlen(base) : 0) + 48;
    char *aside = folder && base ? malloc(size) : NULL;
    int result = 0;
    if (!aside) {
        result = EXIT_IO;
    } else {
        snprintf(aside, size, "%s/.%s.old.%ld", folder, base, (long)getpid());
        if (rename(p->out, aside) != 0) {
            fprintf(stderr, "cplot gallery: cannot move %s aside: %s\n", p->out, strerror(errno));
            result = EXIT_IO;
        } else if (rename(p->staging, p->out) != 0) {
            fprintf(stderr, "cplot gallery: cannot move %s to %s: %s\n", p->staging, p->out, strerror(errno));
            if (rename(aside, p->out) != 0)
                fprintf(stderr, "cplot gallery: the previous site is in %s\n", aside);
            result = EXIT_IO;
        } else {
            site_fs_remove_tree(aside);
        }
    }
    free(aside);
    free(folder);
    free(base);
    return result;
}

void site_publish_end(site_publish_t *p)
{
    if (p->staging) {
        struct stat info;
        if (lstat(p->staging, &info) == 0)
            site_fs_remove_tree(p->staging);
        free(p->staging);
    }
    if (p->lock_fd >= 0)
        close(p->lock_fd); /* releases the lock */
    free(p->out);
    free(p->lock_path);
    *p = (site_publish_t){.lock_fd = -1};
}
