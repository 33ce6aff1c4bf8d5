/* libFuzzer target: loading a scenario from disk (wo_scenario_load_dir:
 * file reading, the paths scenario.json names, then every parser and the
 * validation). A copy of the small good scenario sits in a temporary
 * directory; the input replaces or adds files there for one load.
 *
 * Input: either the text of scenario.json, or one or more sections each
 * introduced by a line ">>> NAME" (NAME: 1 to 64 of [A-Za-z0-9._-], not
 * starting with '.') whose following bytes, up to the next such line, are
 * the file NAME. */
#include "tests/fuzz/fuzz_base.h"

#include <ctype.h>
#include <unistd.h>

#define MARK ">>> "
#define MARK_LEN 4
#define MAX_SECTIONS 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char fuzz_dir[64];

/* One file of the input. */
typedef struct section {
    char name[65];
    const uint8_t *data;
    size_t size;
} section;

static void put_file(const char *name, const void *data, size_t size)
{
    char path[160];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", fuzz_dir, name);
    if (!(f = fopen(path, "wb")))
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    if (fclose(f) != 0)
        abort();
}

/* Remove the directory at exit (libFuzzer exits through exit()). */
static void remove_dir(void)
{
    int i;
    char path[160];
    for (i = 0; i < fuzz_base.n; i++) {
        snprintf(path, sizeof path, "%s/%s", fuzz_dir, fuzz_base.f[i].name);
        unlink(path);
    }
    rmdir(fuzz_dir);
}

/* The temporary directory with the base scenario, made on first use. */
static void make_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    int i;
    snprintf(fuzz_dir, sizeof fuzz_dir, "%s/wo_fuzz_scenario_XXXXXX",
             tmp && tmp[0] && strlen(tmp) < 32 ? tmp : "/tmp");
    if (!mkdtemp(fuzz_dir))
        abort();
    for (i = 0; i < fuzz_base.n; i++)
        put_file(fuzz_base.f[i].name, fuzz_base.f[i].data,
                 (size_t)fuzz_base.f[i].size);
    atexit(remove_dir);
}

/* A section line at s (of at most n bytes): its name into out, and the
 * length of the line with its '\n'; 0 when s is not a section line. */
static size_t mark_line(const uint8_t *s, size_t n, char out[65])
{
    size_t k = MARK_LEN, len = 0;
    if (n < MARK_LEN || memcmp(s, MARK, MARK_LEN) != 0)
        return 0;
    while (k < n && s[k] != '\n') {
        unsigned char ch = s[k++];
        if (len == 64 || !(isalnum(ch) || ch == '.' || ch == '_' || ch == '-'))
            return 0;
        out[len++] = (char)ch;
    }
    if (len == 0 || out[0] == '.' || k == n)
        return 0;
    out[len] = '\0';
    return k + 1;
}

/* Split the input into sections; returns how many. */
static int split(const uint8_t *data, size_t size, section *sec)
{
    size_t at = 0, skip;
    int n = 0;
    char name[65];
    if (!mark_line(data, size, name)) {
        snprintf(sec[0].name, sizeof sec[0].name, "scenario.json");
        sec[0].data = data;
        sec[0].size = size;
        return 1;
    }
    while (at < size) {
        skip = mark_line(data + at, size - at, name);
        if (skip && n < MAX_SECTIONS) {
            memcpy(sec[n].name, name, sizeof name);
            sec[n].data = data + at + skip;
            sec[n].size = 0;
            n++;
            at += skip;
            continue;
        }
        /* the line belongs to the current section */
        {
            const uint8_t *nl = memchr(data + at, '\n', size - at);
            size_t len = nl ? (size_t)(nl - (data + at)) + 1 : size - at;
            sec[n - 1].size += len;
            at += len;
        }
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    section sec[MAX_SECTIONS];
    wo_scenario *sc = NULL;
    wo_err err;
    int n, i, j, rc;
    if (!fuzz_dir[0])
        make_dir();
    n = split(data, size, sec);
    for (i = 0; i < n; i++)
        put_file(sec[i].name, sec[i].data, sec[i].size);
    rc = wo_scenario_load_dir(fuzz_dir, &sc, &err);
    fuzz_check_load(rc, sc, &err);
    /* back to the base scenario */
    for (i = 0; i < n; i++) {
        for (j = 0; j < fuzz_base.n; j++)
            if (!strcmp(fuzz_base.f[j].name, sec[i].name))
                break;
        if (j < fuzz_base.n) {
            put_file(sec[i].name, fuzz_base.f[j].data,
                     (size_t)fuzz_base.f[j].size);
        } else {
            char path[160];
            snprintf(path, sizeof path, "%s/%s", fuzz_dir, sec[i].name);
            unlink(path);
        }
    }
    return 0;
}
