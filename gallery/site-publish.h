/* Building beside the live site and swapping it in whole.
 *
 * OUT.lock, beside OUT, is held with flock for the whole build so two
 * builds into one folder cannot interleave. The build writes into a
 * staging folder beside OUT (.OUT.staging.PID), and only when it is
 * complete is it exchanged with OUT in one renameat2(RENAME_EXCHANGE);
 * where that is unsupported, OUT is renamed aside first (.OUT.old.PID)
 * and the staging folder renamed to OUT. A build killed at any moment thus
 * leaves the previous site as it was, or (in the fallback's two-rename
 * window) aside, from where the next build puts it back. The next build,
 * once it holds the lock, removes every leftover staging folder: only a
 * build holding the lock can be writing one. */
#ifndef CPLOT_SITE_PUBLISH_H
#define CPLOT_SITE_PUBLISH_H

#include <stdbool.h>

typedef struct site_publish {
    char *out;       /* OUT without trailing slashes */
    char *lock_path; /* OUT.lock */
    char *staging;   /* .OUT.staging.PID beside OUT */
    int lock_fd;
} site_publish_t;

/* Takes the lock (waiting for another build when `wait`, else failing
 * with a message), recovers and cleans up after killed builds, and creates
 * an empty staging folder. Returns 0, or the exit code to stop with (3 for
 * I/O errors and a busy lock). */
int site_publish_begin(const char *out, bool wait, site_publish_t *publish);
/* Swaps the staging folder in as OUT and removes the old site. 0 or 3. */
int site_publish_commit(site_publish_t *publish);
/* Removes the staging folder (after a failed build) and releases the lock. */
void site_publish_end(site_publish_t *publish);

#endif
