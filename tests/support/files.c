/* files.c — test support: in-memory scenario file tables. See files.h. */
#define _POSIX_C_SOURCE 200809L
#include "tests/support/files.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *ts_top(void)
{
    const char *t = getenv("WO_TOP");
    return t && t[0] ? t : ".";
}

char *ts_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0)
        goto out;
    buf = malloc((size_t)n + 1);
    if (!buf)
        goto out;
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
        goto out;
    }
    buf[n] = '\0';
    if (len)
        *len = (size_t)n;
out:
    fclose(f);
    return buf;
}

void ts_files_init(ts_files *t)
{
    t->f = calloc(1, sizeof *t->f);
    t->n = 0;
}

int ts_files_put(ts_files *t, const char *name, const void *data, size_t len)
{
    unsigned char *copy = malloc(len + 1);
    char *nm = NULL;
    int i;
    if (!copy)
        return -1;
    memcpy(copy, data, len);
    copy[len] = 0;
    for (i = 0; i < t->n; i++)
        if (!strcmp(t->f[i].name, name)) {
            free((void *)t->f[i].data);
            t->f[i].data = copy;
            t->f[i].size = (long)len;
            return 0;
        }
    {
        wo_embedded_file *nf = realloc(t->f, (size_t)(t->n + 2) * sizeof *nf);
        size_t nl = strlen(name) + 1;
        if (!nf || !(nm = malloc(nl))) {
            if (nf)
                t->f = nf;
            free(copy);
            return -1;
        }
        memcpy(nm, name, nl);
        t->f = nf;
    }
    t->f[t->n].name = nm;
    t->f[t->n].data = copy;
    t->f[t->n].size = (long)len;
    t->n++;
    memset(&t->f[t->n], 0, sizeof t->f[t->n]);
    return 0;
}

int ts_files_add_dir(ts_files *t, const char *dir, const char *skip)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int rc = 0;
    if (!d)
        return -1;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        char path[4352];
        struct stat st;
        char *data;
        size_t len = 0;
        if (e->d_name[0] == '.' || (skip && !strcmp(e->d_name, skip)))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (!(data = ts_slurp(path, &len))) {
            rc = -1;
            break;
        }
        rc = ts_files_put(t, e->d_name, data, len);
        free(data);
    }
    closedir(d);
    return rc;
}

void ts_files_free(ts_files *t)
{
    int i;
    for (i = 0; i < t->n; i++) {
        free((void *)t->f[i].name);
        free((void *)t->f[i].data);
    }
    free(t->f);
    t->f = NULL;
    t->n = 0;
}
