/* libFuzzer target: the response header parsing of downloads
 * (geo/fetch.c, wo_fetch_header_line). The input is a header block; each
 * line goes in as libcurl passes it (with its line end), then the whole
 * input as one line. What comes out must be in range. */
#include "geo/fetch.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const wo_fetch_headers *h)
{
    if (h->range_start < -1 || !(h->retry_after_s >= 0))
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data, *end = s + size;
    wo_fetch_headers h;
    h.range_start = -1;
    h.retry_after_s = 0;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t len = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
        wo_fetch_header_line(&h, s, len);
        check(&h);
        s += len;
    }
    wo_fetch_header_line(&h, (const char *)data, size);
    check(&h);
    return 0;
}
