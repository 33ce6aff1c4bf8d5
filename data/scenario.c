/*
 * scenario.c — loading a scenario from a directory or from memory (one
 * code path), releasing it, and lookups. The JSON files are read by
 * scenario_json.c, the CSV tables by tables.c. See model.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "data/load_internal.h"

#include "data/calendar.h"
#include "data/csv.h"
#include "data/indicators.h"
#include "geo/polygon.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int wo_ld_date_check(const char *s, int *month)
{
    return wo_calendar_parse(s, NULL, month);
}

char *wo_ld_strdup(wo_ld *L, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = wo_arena_alloc(&L->sc->strings, n);
    if (p)
        memcpy(p, s, n);
    return p;
}

int wo_ld_warn(wo_ld *L, const char *fmt, ...)
{
    wo_scenario *sc = L->sc;
    char msg[WO_ERR_MSG_MAX];
    va_list ap;
    char *p;
    if (WO_RESERVE(sc->warnings, L->cap_warnings,
                   (size_t)sc->n_warnings + 1) != WO_OK)
        return WO_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!(p = wo_ld_strdup(L, msg)))
        return WO_ENOMEM;
    sc->warnings[sc->n_warnings++] = p;
    return WO_OK;
}

/* What a file that is not a regular file is, for messages. */
static const char *file_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

/* Read a whole file from disk into a NUL-terminated buffer. The file must
 * be a regular file (not a symbolic link, FIFO, device or directory: they
 * are refused before a byte is read, and opening never blocks) of at most
 * WO_SCENARIO_MAX_FILE_BYTES. */
static int read_disk(wo_ld *L, const char *name, char **data, size_t *len)
{
    char path[4096];
    struct stat st;
    FILE *f;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int fd, rc;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", L->src->dir, name) >=
        sizeof path)
        return wo_err_set(L->err, WO_EINVAL, "%s: path too long", name);
    fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return wo_err_set(L->err, WO_ENOTFOUND, "%s: file not found",
                              name);
        if (errno == ELOOP)
            return wo_err_set(L->err, WO_EINVAL,
                              "%s: is a symbolic link (expected a regular "
                              "file inside the scenario directory)",
                              name);
        return wo_err_set(L->err, wo_errno_code(errno), "%s: cannot open: %s",
                          name, wo_errno_text(errno));
    }
    if (fstat(fd, &st) != 0) {
        rc = wo_err_set(L->err, WO_EIO, "%s: cannot open: %s", name,
                        wo_errno_text(errno));
        close(fd);
        return rc;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return wo_err_set(L->err, WO_EINVAL,
                          "%s: is %s (expected a regular file)", name,
                          file_kind(st.st_mode));
    }
    if ((uintmax_t)st.st_size > WO_SCENARIO_MAX_FILE_BYTES) {
        close(fd);
        return wo_err_set(L->err, WO_ETOOBIG, "%s: file is larger than %zu MiB",
                          name, WO_SCENARIO_MAX_FILE_BYTES >> 20);
    }
    if (!(f = fdopen(fd, "rb"))) {
        rc = wo_err_set(L->err, WO_EIO, "%s: cannot open: %s", name,
                        wo_errno_text(errno));
        close(fd);
        return rc;
    }
    for (;;) {
        size_t got;
        if (cap - n < 65536) {
            char *nb;
            if (cap > WO_SCENARIO_MAX_FILE_BYTES) {
                rc = wo_err_set(L->err, WO_ETOOBIG,
                                "%s: file is larger than %zu MiB", name,
                                WO_SCENARIO_MAX_FILE_BYTES >> 20);
                goto err;
            }
            cap = cap ? 2 * cap : 65536 + 1;
            if (!(nb = wo_realloc(buf, cap))) {
                rc = wo_err_set(L->err, WO_ENOMEM, "%s: out of memory", name);
                goto err;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        rc = wo_err_set(L->err, WO_EIO, "%s: read error", name);
        goto err;
    }
    if (n > WO_SCENARIO_MAX_FILE_BYTES) {
        rc = wo_err_set(L->err, WO_ETOOBIG, "%s: file is larger than %zu MiB",
                        name, WO_SCENARIO_MAX_FILE_BYTES >> 20);
        goto err;
    }
    fclose(f);
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return WO_OK;
err:
    fclose(f);
    wo_free(buf);
    return rc;
}

static int read_source(wo_ld *L, const char *name, char **data, size_t *len)
{
    const wo_embedded_file *f;
    const char *base;
    *data = NULL;
    *len = 0;
    if (L->src->dir)
        return read_disk(L, name, data, len);
    base = strrchr(name, '/');
    base = base ? base + 1 : name;
    for (f = L->src->files; f->name; f++)
        if (!strcmp(f->name, base)) {
            size_t n = f->size > 0 ? (size_t)f->size : 0;
            char *buf;
            if (n > WO_SCENARIO_MAX_FILE_BYTES)
                return wo_err_set(L->err, WO_ETOOBIG,
                                  "%s: file is larger than %zu MiB", name,
                                  WO_SCENARIO_MAX_FILE_BYTES >> 20);
            if (!(buf = wo_malloc(n + 1)))
                return wo_err_set(L->err, WO_ENOMEM, "%s: out of memory",
                                  name);
            if (n)
                memcpy(buf, f->data, n);
            buf[n] = '\0';
            *data = buf;
            *len = n;
            return WO_OK;
        }
    return wo_err_set(L->err, WO_ENOTFOUND, "%s: file not found", name);
}

int wo_ld_read(wo_ld *L, const char *key, const char *name, char **data,
               size_t *len)
{
    int rc = read_source(L, name, data, len);
    if (rc != WO_OK && key)
        wo_err_prefix(L->err, "scenario.json: key 'files.%s'", key);
    return rc;
}

/* The statistics file named by files.stats, parsed into sc->stats so that
 * a broken one fails the load with its file:line message. */
static int load_stats(wo_ld *L)
{
    wo_scenario *sc = L->sc;
    char *text = NULL;
    size_t len;
    int rc;
    if ((rc = wo_ld_read(L, "stats", sc->stats_file, &text, &len)) !=
        WO_OK)
        return rc;
    if (len > (size_t)WO_IND_STATS_MAX_BYTES) {
        rc = wo_err_set(L->err, WO_ETOOBIG,
                        "%s: larger than %ld bytes; not a statistics file",
                        sc->stats_file, (long)WO_IND_STATS_MAX_BYTES);
        goto err;
    }
    if (!(sc->stats = wo_malloc(sizeof *sc->stats))) {
        rc = wo_err_set(L->err, WO_ENOMEM, "%s: out of memory",
                        sc->stats_file);
        goto err;
    }
    rc = wo_ind_stats_parse(text, len, sc->stats_file, sc->stats, L->err);
err:
    wo_free(text);
    return rc;
}

/* The whole load, common to every source. */
static int load(const wo_ld_source *src, const char *source, wo_scenario **out,
                wo_err *err)
{
    wo_ld L;
    wo_scenario *sc;
    char *text = NULL;
    size_t len;
    int rc;

    *out = NULL;
    wo_err_clear(err);
    sc = wo_calloc(1, sizeof *sc);
    if (!sc)
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    wo_arena_init(&sc->strings, 16384);
    memset(&L, 0, sizeof L);
    L.sc = sc;
    L.src = src;
    L.err = err;
    if (!(sc->source = wo_ld_strdup(&L, source))) {
        rc = wo_err_set(err, WO_ENOMEM, "out of memory");
        goto err;
    }
    if ((rc = wo_ld_read(&L, NULL, "scenario.json", &text, &len)) != WO_OK)
        goto err;
    rc = wo_ld_scenario_json(&L, text, len);
    wo_free(text);
    text = NULL;
    if (rc != WO_OK)
        goto err;
    if ((rc = wo_ld_read(&L, wo_ld_table_key(WO_TABLE_DISTRICTS),
                         sc->files[WO_TABLE_DISTRICTS], &text, &len)) != WO_OK)
        goto err;
    rc = wo_ld_districts(&L, sc->files[WO_TABLE_DISTRICTS], text, len);
    wo_free(text);
    text = NULL;
    if (rc != WO_OK)
        goto err;
    if ((rc = wo_ld_facilities(&L)) != WO_OK ||
        (rc = wo_ld_processes(&L)) != WO_OK ||
        (rc = wo_ld_capacity_levels(&L)) != WO_OK ||
        (rc = wo_ld_depots(&L)) != WO_OK ||
        (rc = wo_ld_fleet_sharing(&L)) != WO_OK ||
        (rc = wo_ld_vehicle_types(&L)) != WO_OK ||
        (rc = wo_ld_sites(&L)) != WO_OK || (rc = wo_ld_demand(&L)) != WO_OK ||
        (rc = wo_ld_to_wgs84(&L)) != WO_OK)
        goto err;
    if (sc->stats_file[0] && (rc = load_stats(&L)) != WO_OK)
        goto err;
    *out = sc;
    return WO_OK;
err:
    if (rc == WO_ENOMEM && !err->msg[0])
        wo_err_set(err, WO_ENOMEM, "out of memory");
    wo_free(text);
    wo_scenario_free(sc);
    return rc;
}

int wo_scenario_load_dir(const char *dir, wo_scenario **out, wo_err *err)
{
    wo_ld_source src;
    src.dir = dir;
    src.files = NULL;
    return load(&src, dir, out, err);
}

int wo_scenario_load_files(const wo_embedded_file *files, const char *source,
                           wo_scenario **out, wo_err *err)
{
    wo_ld_source src;
    src.dir = NULL;
    src.files = files;
    return load(&src, source, out, err);
}

int wo_scenario_load_embedded(wo_scenario **out, wo_err *err)
{
    *out = NULL;
    if (!wo_embedded_find("scenario.json"))
        return wo_err_set(err, WO_ENOTFOUND,
                          "no default scenario is embedded in this build "
                          "(data/chongqing/ was empty when it was built)");
    return wo_scenario_load_files(wo_embedded_files, "<embedded>", out, err);
}

void wo_scenario_free(wo_scenario *sc)
{
    int i;
    if (!sc)
        return;
    for (i = 0; i < sc->n_districts; i++) {
        wo_free(sc->districts[i].ring_start);
        wo_free(sc->districts[i].lon_deg);
        wo_free(sc->districts[i].lat_deg);
    }
    wo_free(sc->districts);
    wo_free(sc->facilities);
    wo_free(sc->processes);
    wo_free(sc->levels);
    wo_free(sc->depots);
    wo_free(sc->vehicle_types);
    wo_free(sc->sites);
    wo_free(sc->demands);
    wo_free(sc->warnings);
    wo_free(sc->stats);
    wo_arena_free(&sc->strings);
    wo_free(sc);
}

/* Linear lookup by id over an array of structs whose first member is the
 * id string. */
static int find_id(const void *base, int n, size_t stride, const char *id)
{
    const char *p = base;
    int i;
    for (i = 0; i < n; i++, p += stride) {
        const char *const *s = (const char *const *)(const void *)p;
        if (!strcmp(*s, id))
            return i;
    }
    return -1;
}

int wo_scenario_find_site(const wo_scenario *sc, const char *id)
{
    return find_id(sc->sites, sc->n_sites, sizeof *sc->sites, id);
}

int wo_scenario_find_facility(const wo_scenario *sc, const char *id)
{
    return find_id(sc->facilities, sc->n_facilities, sizeof *sc->facilities,
                   id);
}

int wo_scenario_find_depot(const wo_scenario *sc, const char *id)
{
    return find_id(sc->depots, sc->n_depots, sizeof *sc->depots, id);
}

int wo_scenario_find_vehicle_type(const wo_scenario *sc, const char *id)
{
    return find_id(sc->vehicle_types, sc->n_vehicle_types,
                   sizeof *sc->vehicle_types, id);
}

int wo_scenario_find_district(const wo_scenario *sc, const char *id)
{
    return find_id(sc->districts, sc->n_districts, sizeof *sc->districts, id);
}

int wo_demand_active(const wo_scenario *sc, const wo_demand *d)
{
    if (!(d->months & (1u << (sc->month - 1))))
        return 0;
    return d->date[0] == '\0' || !strcmp(d->date, sc->date);
}

int wo_district_contains(const wo_district *d, double lon_deg, double lat_deg)
{
    int r, inside = 0;
    if (lon_deg < d->min_lon_deg || lon_deg > d->max_lon_deg ||
        lat_deg < d->min_lat_deg || lat_deg > d->max_lat_deg)
        return 0;
    for (r = 0; r < d->n_rings; r++) {
        int a = d->ring_start[r], b = d->ring_start[r + 1];
        inside ^= wo_ring_odd(d->lon_deg + a, d->lat_deg + a, b - a, lon_deg,
                              lat_deg);
    }
    return inside;
}
