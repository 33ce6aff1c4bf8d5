/*
 * sha256.h — SHA-256 (FIPS 180-4), incremental. Used to verify downloads
 * and to name cache entries; small enough not to need a crypto library.
 */
#ifndef WO_SHA256_H
#define WO_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define WO_SHA256_BYTES 32
#define WO_SHA256_HEX_LEN 64

/* Running state of one digest. */
typedef struct wo_sha256 {
    uint32_t h[8];        /* chaining value                      */
    uint64_t total_bytes; /* bytes absorbed so far               */
    uint8_t block[64];    /* pending partial block               */
    size_t block_len;     /* bytes used in block (0..63)         */
} wo_sha256;

/* Start a digest. */
void wo_sha256_init(wo_sha256 *s);
/* Absorb len bytes of data (any split of a message gives the same digest). */
void wo_sha256_update(wo_sha256 *s, const void *data, size_t len);
/* Finish; the state must be re-initialised before further use. */
void wo_sha256_final(wo_sha256 *s, uint8_t digest[WO_SHA256_BYTES]);

/* Lower-case hex of a digest into hex[WO_SHA256_HEX_LEN + 1]. */
void wo_sha256_hex(const uint8_t digest[WO_SHA256_BYTES],
                   char hex[WO_SHA256_HEX_LEN + 1]);

/* One-shot digest of a buffer, as lower-case hex. */
void wo_sha256_hex_of(const void *data, size_t len,
                      char hex[WO_SHA256_HEX_LEN + 1]);

#endif /* WO_SHA256_H */
