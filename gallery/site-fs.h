/* File system helpers for the site build: whole-file reads and writes,
 * folders, hard links with a copy fallback, and tree removal. Every
 * function returns 0 on success and -1 with errno set on failure. */
#ifndef CPLOT_SITE_FS_H
#define CPLOT_SITE_FS_H

#include <stdbool.h>
#include <stddef.h>

/* Reads a whole file (at most `max` bytes, else EFBIG) into a new
 * NUL-terminated buffer; NULL on failure. */
char *site_fs_read(const char *path, size_t max, size_t *length);
/* Creates or truncates `path` and writes the bytes. Files are written
 * into the staging folder only, so no temporary-and-rename is needed:
 * the whole folder is what gets swapped in atomically. */
int site_fs_write(const char *path, const void *bytes, size_t length);
/* site_fs_write into a new file: a name that is a hard link to a file of
 * the previous site is unlinked first, so that file is never touched. */
int site_fs_write_new(const char *path, const void *bytes, size_t length);
/* Creates the folder and any missing parents. */
int site_fs_mkdirs(const char *path);
/* Creates the parent folders of a file path. */
int site_fs_mkparents(const char *path);
/* Copies a file. */
int site_fs_copy(const char *from, const char *to);
/* Hard-links `from` as `to` (images of unchanged examples are shared with
 * the previous site: files there are never modified in place, only
 * replaced), copying when the file system refuses links. */
int site_fs_link_or_copy(const char *from, const char *to);
/* Removes a file or a whole tree; a missing path is not an error. */
int site_fs_remove_tree(const char *path);
/* The number of files (anything but folders) in a tree; -1 on error. */
long site_fs_count_files(const char *path);
bool site_fs_is_file(const char *path);
bool site_fs_is_dir(const char *path);
/* "a/b" joined as "a/b/c"; NULL when out of memory. */
char *site_path_join(const char *folder, const char *name);

#endif
