/*
 * cmd_osm_fetch.c — `wasteopt osm fetch`: download the drivable roads of a
 * bounding box from an Overpass API endpoint, or an OSM extract by URL,
 * through geo/fetch (timeouts, retries, size limit, checksum, cache,
 * resume; the output appears only when complete).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/fetch.h"

/* Default Overpass server-side time limit (seconds). */
#define OVERPASS_TIMEOUT_S 180

/* Set by SIGINT/SIGTERM; the download polls it. */
static wo_cancel_flag fetch_cancel;

static void on_signal(int sig)
{
    (void)sig;
    fetch_cancel = 1;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: wasteopt osm fetch --bbox W,S,E,N -o FILE "
            "[--overpass-url URL] [OPTIONS]\n"
            "       wasteopt osm fetch --url URL -o FILE [OPTIONS]\n"
            "\n"
            "--bbox      query the drivable roads of the box (WGS84 degrees) "
            "from an\n"
            "            Overpass API endpoint: --overpass-url, else "
            "$WO_OVERPASS_URL,\n"
            "            else " WO_OVERPASS_DEFAULT_URL "\n"
            "--url       download an OSM extract (http:// or https://; TLS is "
            "always verified)\n"
            "-o FILE     output; written as FILE.part and renamed when "
            "complete\n"
            "            (a FILE.part that is a symlink or not a regular file "
            "of yours is\n"
            "            refused; a device such as /dev/null is written in "
            "place)\n"
            "options:\n"
            "  --sha256 HEX        reject the download unless its SHA-256 "
            "matches\n"
            "  --cache-dir DIR     reuse earlier downloads of the same "
            "request\n"
            "  --max-bytes N       largest accepted download (default 1 "
            "GiB)\n"
            "  --timeout S         limit of one attempt in seconds (default: "
            "none;\n"
            "                      with --bbox also the Overpass query "
            "limit, default %d)\n"
            "  --connect-timeout S connection limit (default 30)\n"
            "  --retries N         retries after transient errors, with "
            "backoff (default 3)\n"
            "  --resume            continue FILE.part of an interrupted "
            "download\n"
            "  --quiet             no summary line\n",
            OVERPASS_TIMEOUT_S);
}

static int bad_value(const char *opt, const char *v, const char *want)
{
    fprintf(stderr, "wasteopt osm fetch: %s '%s': expected %s\n", opt, v,
            want);
    return WO_EXIT_USAGE;
}

int wo_cmd_osm_fetch(int argc, char **argv)
{
    wo_fetch_params p;
    wo_fetch_stats st;
    wo_bbox bbox;
    wo_buf form;
    wo_err err;
    struct sigaction sa, old_int, old_term;
    const char *bbox_s = NULL, *url = NULL, *out = NULL, *overpass = NULL;
    double timeout_s = 0;
    int quiet = 0, i, rc, status;
    wo_fetch_params_init(&p);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return WO_EXIT_OK;
        } else if (!strcmp(a, "--quiet")) {
            quiet = 1;
            continue;
        } else if (!strcmp(a, "--resume")) {
            p.resume = 1;
            continue;
        }
        if (!v && (!strcmp(a, "--bbox") || !strcmp(a, "--url") ||
                   !strcmp(a, "-o") || !strcmp(a, "--overpass-url") ||
                   !strcmp(a, "--sha256") || !strcmp(a, "--cache-dir") ||
                   !strcmp(a, "--max-bytes") || !strcmp(a, "--timeout") ||
                   !strcmp(a, "--connect-timeout") ||
                   !strcmp(a, "--retries"))) {
            fprintf(stderr, "wasteopt osm fetch: %s needs a value\n", a);
            return WO_EXIT_USAGE;
        }
        if (!strcmp(a, "--bbox")) {
            bbox_s = v;
        } else if (!strcmp(a, "--url")) {
            url = v;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            out = v;
        } else if (!strcmp(a, "--overpass-url")) {
            overpass = v;
        } else if (!strcmp(a, "--sha256")) {
            p.sha256_hex = v;
        } else if (!strcmp(a, "--cache-dir")) {
            p.cache_dir = v;
        } else if (!strcmp(a, "--max-bytes")) {
            long n;
            if (wo_parse_long(v, &n) != WO_OK || n <= 0)
                return bad_value(a, v, "a positive number of bytes");
            p.max_bytes = (uint64_t)n;
        } else if (!strcmp(a, "--timeout")) {
            if (wo_parse_double(v, &timeout_s) != WO_OK || timeout_s <= 0 ||
                timeout_s > 86400)
                return bad_value(a, v, "seconds in (0, 86400]");
            p.transfer_timeout_s = timeout_s;
        } else if (!strcmp(a, "--connect-timeout")) {
            if (wo_parse_double(v, &p.connect_timeout_s) != WO_OK ||
                p.connect_timeout_s <= 0 || p.connect_timeout_s > 3600)
                return bad_value(a, v, "seconds in (0, 3600]");
        } else if (!strcmp(a, "--retries")) {
            long n;
            if (wo_parse_long(v, &n) != WO_OK || n < 0 || n > 100)
                return bad_value(a, v, "a number of retries 0..100");
            p.retries = (int)n;
        } else {
            fprintf(stderr, "wasteopt osm fetch: unknown argument '%s'\n", a);
            usage(stderr);
            return WO_EXIT_USAGE;
        }
        i++;
    }
    if (!out || (!bbox_s) == (!url)) {
        fprintf(stderr, "wasteopt osm fetch: give -o FILE and exactly one "
                        "of --bbox or --url\n");
        usage(stderr);
        return WO_EXIT_USAGE;
    }
    if (overpass && !bbox_s) {
        fprintf(stderr, "wasteopt osm fetch: --overpass-url needs --bbox\n");
        return WO_EXIT_USAGE;
    }
    wo_err_clear(&err);
    wo_buf_init(&form, 0);
    if (bbox_s) {
        int q_timeout_s = timeout_s > 0 ? (int)timeout_s : OVERPASS_TIMEOUT_S;
        if (wo_bbox_parse(bbox_s, &bbox, &err) != WO_OK) {
            fprintf(stderr, "wasteopt osm fetch: %s\n", err.msg);
            return WO_EXIT_USAGE;
        }
        if (wo_overpass_form(&bbox, q_timeout_s < 1 ? 1 : q_timeout_s, &form,
                             &err) != WO_OK) {
            fprintf(stderr, "wasteopt osm fetch: %s\n", err.msg);
            wo_buf_free(&form);
            return WO_EXIT_ERROR;
        }
        if (!overpass)
            overpass = getenv("WO_OVERPASS_URL");
        if (!overpass || !*overpass)
            overpass = WO_OVERPASS_DEFAULT_URL;
        p.url = overpass;
        p.post_body = wo_buf_cstr(&form);
    } else {
        p.url = url;
    }
    p.stats = &st;
    p.cancel = &fetch_cancel;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    rc = wo_fetch_to_file(&p, out, &err);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (rc == WO_OK) {
        if (!quiet)
            fprintf(stderr,
                    "wasteopt osm fetch: wrote %s (%llu bytes, sha256 %s%s)\n",
                    out, (unsigned long long)st.bytes, st.sha256_hex,
                    st.from_cache ? ", from the cache" : "");
        status = WO_EXIT_OK;
    } else {
        fprintf(stderr, "wasteopt osm fetch: %s\n", err.msg);
        status = rc == WO_ECANCELLED ? WO_EXIT_INTERRUPTED
                 : rc == WO_EINVAL  ? WO_EXIT_USAGE
                                    : WO_EXIT_ERROR;
    }
    wo_buf_free(&form);
    return status;
}
