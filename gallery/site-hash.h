/* SHA-256, for the content hash that decides whether an example's images
 * can be reused from the previous build. A cryptographic hash because the
 * inputs are untrusted files: a crafted spec must not be able to collide
 * with another and inherit its images. */
#ifndef CPLOT_SITE_HASH_H
#define CPLOT_SITE_HASH_H

#include <stddef.h>
#include <stdint.h>

typedef struct site_hash {
    uint32_t state[8];
    uint64_t length; /* bytes hashed so far */
    unsigned char block[64];
    size_t used;
} site_hash_t;

void site_hash_init(site_hash_t *hash);
void site_hash_update(site_hash_t *hash, const void *bytes, size_t length);
/* Hashes a labelled field: its length first, so that ("ab", "c") and
 * ("a", "bc") differ. */
void site_hash_field(site_hash_t *hash, const void *bytes, size_t length);
/* The digest as 64 lowercase hex digits and a NUL. */
void site_hash_hex(site_hash_t *hash, char hex[65]);

#endif
