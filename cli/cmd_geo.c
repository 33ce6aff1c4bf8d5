/*
 * cmd_geo.c — `wasteopt geo convert`: convert coordinates between WGS84,
 * GCJ-02, BD-09, CGCS2000 and CGCS2000 3-degree Gauss-Krueger, one point
 * from the command line or a CSV file (columns id,lon,lat).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"
#include "cli/out.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "geo/coord.h"

/* Largest CSV input read (bytes) and output produced. */
#define GEO_CSV_MAX_BYTES ((size_t)256 << 20)

static void usage(FILE *f)
{
    fprintf(f,
            "usage: wasteopt geo convert --from DATUM --to DATUM|gk "
            "[--zone auto|CM] LON LAT\n"
            "       wasteopt geo convert --from DATUM --to DATUM|gk "
            "[--zone auto|CM] --csv IN.csv [-o OUT.csv]\n"
            "\n"
            "DATUM is wgs84, gcj02 (Amap, Tencent), bd09 (Baidu) or "
            "cgcs2000.\n"
            "--to gk gives CGCS2000 3-degree Gauss-Krueger easting/northing "
            "in metres;\n"
            "  --zone picks the zone by central meridian (105 = EPSG:4544, "
            "108 = EPSG:4545),\n"
            "  auto (the default) picks it from each point's longitude.\n"
            "--csv reads a CSV whose header has the columns id,lon,lat ('-' "
            "= stdin) and\n"
            "  writes id,lon,lat (or id,x_m,y_m,zone_cm) to OUT.csv "
            "(atomically) or stdout.\n"
            "A single point prints 'LON LAT' (or 'X_M Y_M ZONE_CM').\n");
}

/* Read a whole stream into buf (at most max bytes). */
static int read_stream(FILE *f, const char *name, wo_buf *buf)
{
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        int rc = wo_buf_append(buf, chunk, n);
        if (rc != WO_OK) {
            fprintf(stderr, "wasteopt geo convert: %s: %s (limit %zu bytes)\n",
                    name, wo_strerror(rc), buf->max);
            return -1;
        }
    }
    if (ferror(f)) {
        fprintf(stderr, "wasteopt geo convert: %s: read error: %s\n", name,
                strerror(errno));
        return -1;
    }
    return 0;
}

/* Write data to path atomically; prints the reason and returns -1 on
 * failure. */
static int write_atomic(const char *path, const char *data, size_t len)
{
    wo_err err;
    if (wo_out_write_bytes(path, data, len, &err) != WO_OK) {
        fprintf(stderr, "wasteopt geo convert: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int convert_csv(wo_coord_conv *cv, wo_coord_csv_opts *o,
                       const char *in_path, const char *out_path)
{
    wo_buf in, out;
    wo_err err;
    FILE *f;
    int status = WO_EXIT_ERROR;
    wo_buf_init(&in, GEO_CSV_MAX_BYTES);
    wo_buf_init(&out, GEO_CSV_MAX_BYTES);
    wo_err_clear(&err);
    if (!strcmp(in_path, "-")) {
        f = stdin;
        o->name = "<stdin>";
    } else {
        f = fopen(in_path, "rb");
        o->name = in_path;
        if (!f) {
            fprintf(stderr, "wasteopt geo convert: cannot open %s: %s\n",
                    in_path, strerror(errno));
            goto done;
        }
    }
    if (read_stream(f, o->name, &in) != 0) {
        if (f != stdin)
            fclose(f);
        goto done;
    }
    if (f != stdin)
        fclose(f);
    if (wo_coord_csv_convert(cv, o, in.data ? in.data : "", in.len, &out,
                             &err) != WO_OK) {
        fprintf(stderr, "wasteopt geo convert: %s\n", err.msg);
        goto done;
    }
    if (out_path) {
        if (write_atomic(out_path, out.data, out.len) != 0)
            goto done;
    } else if (fwrite(out.data, 1, out.len, stdout) != out.len ||
               fflush(stdout) != 0) {
        fprintf(stderr, "wasteopt geo convert: cannot write stdout\n");
        goto done;
    }
    status = WO_EXIT_OK;
done:
    wo_buf_free(&in);
    wo_buf_free(&out);
    return status;
}

static int convert_point(wo_coord_conv *cv, const wo_coord_csv_opts *o,
                         const char *lon_s, const char *lat_s)
{
    double lon, lat, a, b;
    wo_err err;
    int rc, cm = 0;
    wo_err_clear(&err);
    if (wo_parse_double(lon_s, &lon) != WO_OK) {
        fprintf(stderr, "wasteopt geo convert: LON '%s' is not a number\n",
                lon_s);
        return WO_EXIT_USAGE;
    }
    if (wo_parse_double(lat_s, &lat) != WO_OK) {
        fprintf(stderr, "wasteopt geo convert: LAT '%s' is not a number\n",
                lat_s);
        return WO_EXIT_USAGE;
    }
    if (o->to_gk) {
        rc = wo_coord_conv_to_gk(cv, o->from, lon, lat, o->gk_cm_deg, &a, &b,
                                 &cm, &err);
    } else {
        double wlon, wlat;
        rc = wo_coord_conv_to_wgs84(cv, o->from, lon, lat, &wlon, &wlat,
                                    &err);
        if (rc == WO_OK)
            rc = wo_coord_conv_from_wgs84(cv, o->to, wlon, wlat, &a, &b,
                                          &err);
    }
    if (rc != WO_OK) {
        fprintf(stderr, "wasteopt geo convert: %s\n", err.msg);
        return WO_EXIT_ERROR;
    }
    if (o->to_gk)
        printf("%.3f %.3f %d\n", a, b, cm);
    else
        printf("%.9f %.9f\n", a, b);
    return WO_EXIT_OK;
}

/* A negative number is a positional argument, not an option. */
static int is_option(const char *s)
{
    return s[0] == '-' && s[1] != '\0' && !(s[1] >= '0' && s[1] <= '9') &&
           s[1] != '.';
}

static int need_value(int i, int argc, char **argv)
{
    if (i + 1 >= argc) {
        fprintf(stderr, "wasteopt geo convert: %s needs a value\n", argv[i]);
        return 0;
    }
    return 1;
}

static int cmd_convert(int argc, char **argv)
{
    wo_coord_csv_opts o;
    wo_coord_conv *cv = NULL;
    wo_err err;
    const char *csv = NULL, *out = NULL, *pos[2];
    int npos = 0, i, status, only_pos = 0;
    memset(&o, 0, sizeof o);
    o.from = WO_DATUM_WGS84;
    o.to = WO_DATUM_WGS84;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_pos && !strcmp(a, "--")) {
            only_pos = 1;
        } else if (!only_pos && (!strcmp(a, "--help") || !strcmp(a, "-h"))) {
            usage(stdout);
            return WO_EXIT_OK;
        } else if (!only_pos && !strcmp(a, "--from")) {
            if (!need_value(i, argc, argv))
                return WO_EXIT_USAGE;
            if (wo_datum_parse(argv[++i], &o.from) != WO_OK) {
                fprintf(stderr,
                        "wasteopt geo convert: --from '%s': expected wgs84, "
                        "gcj02, bd09 or cgcs2000\n",
                        argv[i]);
                return WO_EXIT_USAGE;
            }
        } else if (!only_pos && !strcmp(a, "--to")) {
            if (!need_value(i, argc, argv))
                return WO_EXIT_USAGE;
            i++;
            if (!strcmp(argv[i], "gk") || !strcmp(argv[i], "GK")) {
                o.to_gk = 1;
            } else if (wo_datum_parse(argv[i], &o.to) != WO_OK) {
                fprintf(stderr,
                        "wasteopt geo convert: --to '%s': expected wgs84, "
                        "gcj02, bd09, cgcs2000 or gk\n",
                        argv[i]);
                return WO_EXIT_USAGE;
            }
        } else if (!only_pos && !strcmp(a, "--zone")) {
            long cm;
            if (!need_value(i, argc, argv))
                return WO_EXIT_USAGE;
            i++;
            if (!strcmp(argv[i], "auto")) {
                o.gk_cm_deg = 0;
            } else if (wo_parse_long(argv[i], &cm) != WO_OK || cm < 75 ||
                       cm > 135 || cm % 3 != 0) {
                fprintf(stderr,
                        "wasteopt geo convert: --zone '%s': expected auto or "
                        "a central meridian 75, 78, ..., 135 (105 or 108 in "
                        "Chongqing)\n",
                        argv[i]);
                return WO_EXIT_USAGE;
            } else {
                o.gk_cm_deg = (int)cm;
            }
        } else if (!only_pos && !strcmp(a, "--csv")) {
            if (!need_value(i, argc, argv))
                return WO_EXIT_USAGE;
            csv = argv[++i];
        } else if (!only_pos && (!strcmp(a, "-o") || !strcmp(a, "--output"))) {
            if (!need_value(i, argc, argv))
                return WO_EXIT_USAGE;
            out = argv[++i];
        } else if (!only_pos && is_option(a)) {
            fprintf(stderr, "wasteopt geo convert: unknown option '%s'\n", a);
            usage(stderr);
            return WO_EXIT_USAGE;
        } else if (npos < 2) {
            pos[npos++] = a;
        } else {
            fprintf(stderr,
                    "wasteopt geo convert: unexpected argument '%s'\n", a);
            return WO_EXIT_USAGE;
        }
    }
    if (o.gk_cm_deg && !o.to_gk) {
        fprintf(stderr, "wasteopt geo convert: --zone needs --to gk\n");
        return WO_EXIT_USAGE;
    }
    if (csv ? npos != 0 : npos != 2) {
        fprintf(stderr, "wasteopt geo convert: give LON LAT or --csv FILE\n");
        usage(stderr);
        return WO_EXIT_USAGE;
    }
    if (out && !csv) {
        fprintf(stderr, "wasteopt geo convert: -o needs --csv\n");
        return WO_EXIT_USAGE;
    }
    wo_err_clear(&err);
    if (wo_coord_conv_open(&cv, &err) != WO_OK) {
        fprintf(stderr, "wasteopt geo convert: %s\n", err.msg);
        return WO_EXIT_ERROR;
    }
    status = csv ? convert_csv(cv, &o, csv, out)
                 : convert_point(cv, &o, pos[0], pos[1]);
    wo_coord_conv_close(cv);
    return status;
}

int wo_cmd_geo(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? WO_EXIT_USAGE : WO_EXIT_OK;
    }
    if (!strcmp(argv[1], "convert"))
        return cmd_convert(argc - 1, argv + 1);
    fprintf(stderr, "wasteopt geo: unknown subcommand '%s' (expected "
                    "convert)\n",
            argv[1]);
    return WO_EXIT_USAGE;
}
