/*
 * fetch.h — downloads over HTTP(S): OSM extracts by URL and Overpass API
 * queries for the drivable roads of a bounding box. The only libcurl file
 * of wasteopt is geo/fetch.c.
 *
 * A download goes to OUT.part and is renamed to OUT only once it is
 * complete (the body length matches Content-Length) and verified (size
 * limit, SHA-256 when one is expected), so OUT never holds a partial file.
 * Transient failures (connection errors, timeouts, HTTP 408/429/5xx, a
 * body cut short) are retried with exponential backoff; permanent ones
 * (other HTTP errors, size limit, checksum mismatch) are not. TLS peer and
 * host verification is always on: there is deliberately no way to turn it
 * off.
 *
 * OUT.part is the resume state, so its name is predictable: it is opened
 * without following a symlink and used only when it is a regular file of
 * this user with a single link (base/atomic.h wo_atomic_open_partial),
 * otherwise the download fails and names it; it is renamed over OUT only
 * while it is still the file that was written. A special OUT (a device
 * such as /dev/null, a FIFO) is never replaced: the body is staged in an
 * unnamed temporary file, verified, then written into OUT in place (no
 * OUT.part, so no resume).
 */
#ifndef WO_FETCH_H
#define WO_FETCH_H

#include <stdint.h>

#include "base/base.h"

/* The public Overpass API endpoint used when none is configured. */
#define WO_OVERPASS_DEFAULT_URL "https://overpass-api.de/api/interpreter"
/* Largest bounding box (square degrees) an Overpass query may cover: the
 * whole of Chongqing (about 4.9 x 4.0 degrees) fits. */
#define WO_OVERPASS_MAX_AREA_DEG2 25.0

/* What one wo_fetch_to_file call did (filled when params->stats is set). */
typedef struct wo_fetch_stats {
    uint64_t bytes;      /* size of the output file                      */
    int attempts;        /* HTTP requests made (0 on a cache hit)         */
    int from_cache;      /* nonzero when served from the cache directory  */
    int resumed;         /* nonzero when a Range request continued a .part */
    long http_status;    /* status of the last response (0 if none)       */
    char sha256_hex[65]; /* SHA-256 of the output, lower-case hex         */
} wo_fetch_stats;

/* Parameters of a download; fill with wo_fetch_params_init, then set. */
typedef struct wo_fetch_params {
    const char *url;           /* http:// or https:// URL (required)        */
    const char *post_body;     /* non-NULL: POST this form body, else GET   */
    double connect_timeout_s;  /* TCP+TLS connect limit per attempt (30)    */
    double transfer_timeout_s; /* whole-attempt limit, 0 = none (0)         */
    double low_speed_time_s;   /* abort when slower than low_speed_bps for
                                  this long, 0 = never (60)                  */
    long low_speed_bps;        /* bytes/s threshold of the above (1)        */
    int retries;               /* extra attempts after a transient error (3) */
    double backoff_s;          /* wait before the first retry, doubled each
                                  time (1)                                   */
    double backoff_max_s;      /* cap of the wait (30)                      */
    uint64_t max_bytes;        /* largest accepted body (1 GiB)             */
    const char *sha256_hex;    /* expected SHA-256 (64 hex digits) or NULL  */
    const char *cache_dir;     /* directory of cached bodies or NULL (off)  */
    double cache_max_age_s;    /* older cache entries are refetched, 0 = any
                                  age is fine (0)                            */
    int resume;                /* nonzero: continue an existing OUT.part with
                                  a Range request (GET only), and keep
                                  OUT.part after a transient failure so a
                                  later call can (0)                         */
    const char *user_agent;    /* User-Agent header ("wasteopt/0.1")        */
    const wo_cancel_flag *cancel; /* polled during transfers (at least once
                                     a second) and waits; set ->
                                     WO_ECANCELLED. May be NULL.             */
    wo_fetch_stats *stats;     /* filled on return when non-NULL            */
} wo_fetch_params;

/* Defaults as noted above. */
void wo_fetch_params_init(wo_fetch_params *p);

/* Download params->url to out_path (see the file comment). Returns WO_OK,
 * WO_EINVAL (bad parameters), WO_ENET (connection or HTTP error),
 * WO_ETIMEOUT, WO_ETOOBIG (over max_bytes), WO_ECHECKSUM, WO_EIO (local
 * files), WO_ECANCELLED or WO_ENOMEM, with the URL and the reason in err.
 * On failure out_path is untouched and OUT.part removed (unless resume is
 * set and the failure was transient). A cache hit copies the cached body
 * without any request; a completed download is added to the cache. */
int wo_fetch_to_file(const wo_fetch_params *params, const char *out_path,
                     wo_err *err);

/* What a download takes from the header lines of a response. */
typedef struct wo_fetch_headers {
    long long range_start; /* start of Content-Range, -1 if none or bad */
    double retry_after_s;  /* Retry-After in seconds, 0 if none or bad  */
} wo_fetch_headers;

/* Take one raw header line data[0..len) into h, as libcurl passes it (not
 * NUL-terminated, with its line end, any bytes): a status line "HTTP/..."
 * starts a new response and resets h; Content-Range ("bytes START-...")
 * and Retry-After (seconds) set their fields; other lines (Content-Length
 * and Location are libcurl's) are ignored. Only the first 255 bytes of a
 * line are looked at. */
void wo_fetch_header_line(wo_fetch_headers *h, const char *data, size_t len);

/* A bounding box in WGS84 degrees. */
typedef struct wo_bbox {
    double west_deg;  /* minimum longitude */
    double south_deg; /* minimum latitude  */
    double east_deg;  /* maximum longitude */
    double north_deg; /* maximum latitude  */
} wo_bbox;

/* Parse "W,S,E,N" (degrees) and validate it (see wo_bbox_check). */
int wo_bbox_parse(const char *s, wo_bbox *out, wo_err *err);

/* WO_EINVAL unless -180 <= W < E <= 180, -90 <= S < N <= 90 and the area
 * is at most WO_OVERPASS_MAX_AREA_DEG2, with a message saying which. */
int wo_bbox_check(const wo_bbox *b, wo_err *err);

/* Append to out the Overpass QL query for the drivable highway ways of b
 * with their nodes (XML output, server timeout timeout_s seconds). */
int wo_overpass_query(const wo_bbox *b, int timeout_s, wo_buf *out,
                      wo_err *err);

/* Append to out the form body "data=<query, percent-encoded>" to POST to
 * an Overpass interpreter endpoint. */
int wo_overpass_form(const wo_bbox *b, int timeout_s, wo_buf *out,
                     wo_err *err);

#endif /* WO_FETCH_H */
