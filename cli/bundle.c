/*
 * bundle.c — a scenario from a request body: a tar or a JSON bundle read
 * into a file table, written into a private directory. See bundle.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/bundle.h"

#include "base/alloc.h"
#include "base/parse.h"
#include "cli/json.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TAR_BLOCK 512

/* Check a member name: WO_OK, or WO_EINVAL with "WHERE: 'NAME' WHY". */
static int check_name(const char *where, const char *name, size_t len,
                      wo_err *err)
{
    char shown[WO_BUNDLE_NAME_MAX + 8];
    size_t i;
    /* the name as shown in messages: control characters as '?' */
    for (i = 0; i < len && i < sizeof shown - 4; i++)
        shown[i] = (unsigned char)name[i] < 0x20 || name[i] == 0x7f ? '?'
                                                                    : name[i];
    if (len >= sizeof shown - 4)
        memcpy(shown + i, "...", 4);
    else
        shown[i] = '\0';
    if (len == 0)
        return wo_err_set(err, WO_EINVAL, "%s: empty file name", where);
    if (len > WO_BUNDLE_NAME_MAX)
        return wo_err_set(err, WO_EINVAL,
                          "%s: '%s': file name longer than %d bytes", where,
                          shown, WO_BUNDLE_NAME_MAX);
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c == '/' || c == '\\')
            return wo_err_set(err, WO_EINVAL,
                              "%s: '%s': not a plain file name (no '/' or "
                              "'\\'; the scenario's files sit side by side)",
                              where, shown);
        if (c < 0x20 || c == 0x7f)
            return wo_err_set(err, WO_EINVAL,
                              "%s: '%s': control character in the file name",
                              where, shown);
    }
    if (name[0] == '.')
        return wo_err_set(err, WO_EINVAL,
                          "%s: '%s': file names starting with '.' are not "
                          "accepted",
                          where, shown);
    return WO_OK;
}

/* Append a file (name[0..name_len), data[0..len)) to b, copying both. */
static int add_file(wo_bundle *b, const char *where, const char *name,
                    size_t name_len, const char *data, size_t len,
                    wo_err *err)
{
    wo_embedded_file *f;
    char *n, *d;
    int i, rc;
    if ((rc = check_name(where, name, name_len, err)) != WO_OK)
        return rc;
    for (i = 0; i < b->n; i++)
        if (strlen(b->files[i].name) == name_len &&
            !memcmp(b->files[i].name, name, name_len))
            return wo_err_set(err, WO_EINVAL, "%s: '%s' is given twice", where,
                              b->files[i].name);
    if (b->n >= WO_BUNDLE_FILES_MAX)
        return wo_err_set(err, WO_ETOOBIG, "%s: more than %d files", where,
                          WO_BUNDLE_FILES_MAX);
    /* room for this file and the closing {NULL, NULL, 0} entry */
    f = wo_realloc(b->files, ((size_t)b->n + 2) * sizeof *f);
    if (!f)
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    b->files = f;
    n = wo_malloc(name_len + 1);
    d = wo_malloc(len + 1);
    if (!n || !d) {
        wo_free(n);
        wo_free(d);
        memset(&b->files[b->n], 0, sizeof *f);
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    }
    memcpy(n, name, name_len);
    n[name_len] = '\0';
    if (len)
        memcpy(d, data, len);
    d[len] = '\0';
    b->files[b->n].name = n;
    b->files[b->n].data = (const unsigned char *)d;
    b->files[b->n].size = (long)len;
    b->n++;
    memset(&b->files[b->n], 0, sizeof *f);
    return WO_OK;
}

void wo_bundle_free(wo_bundle *b)
{
    int i;
    if (!b)
        return;
    for (i = 0; i < b->n; i++) {
        wo_free((char *)b->files[i].name);
        wo_free((unsigned char *)b->files[i].data);
    }
    wo_free(b->files);
    memset(b, 0, sizeof *b);
}

/* ------------------------------------------------------------------- tar */

/* An octal field of a tar header (NUL- or space-terminated, leading
 * spaces allowed) into *out; -1 when it is not one (base-256 sizes of GNU
 * tar, for members over 8 GiB, are refused as well). */
static int tar_octal(const unsigned char *p, size_t n, unsigned long long *out)
{
    size_t i = 0;
    unsigned long long v = 0;
    int digits = 0;
    while (i < n && p[i] == ' ')
        i++;
    for (; i < n && p[i] >= '0' && p[i] <= '7'; i++, digits++) {
        if (v > (~0ULL >> 3))
            return -1;
        v = v * 8 + (unsigned)(p[i] - '0');
    }
    if (!digits)
        return -1;
    for (; i < n; i++)
        if (p[i] != ' ' && p[i] != '\0')
            return -1;
    *out = v;
    return 0;
}

/* 1 when the 512 bytes at p are all zero (the end of an archive). */
static int zero_block(const unsigned char *p)
{
    size_t i;
    for (i = 0; i < TAR_BLOCK; i++)
        if (p[i])
            return 0;
    return 1;
}

/* 1 when body looks like a tar archive: a first header with the ustar
 * magic (POSIX "ustar\0" or GNU "ustar "). */
static int is_tar(const unsigned char *p, size_t len)
{
    return len >= TAR_BLOCK && !memcmp(p + 257, "ustar", 5);
}

/* The records of a pax extended header data[0..len) ("LEN key=value\n"):
 * WO_OK when none of them changes the path or size of the next member
 * (those are refused: the name must be the plain name of the header). */
static int pax_check(const char *where, const unsigned char *data, size_t len,
                     wo_err *err)
{
    size_t at = 0;
    while (at < len) {
        size_t rec = 0, k = at;
        const unsigned char *key;
        while (k < len && data[k] >= '0' && data[k] <= '9' && rec < len)
            rec = rec * 10 + (size_t)(data[k++] - '0');
        if (k >= len || data[k] != ' ' || rec <= k - at || rec > len - at)
            return wo_err_set(err, WO_EPARSE,
                              "%s: malformed pax extended header", where);
        key = data + k + 1;
        if ((size_t)(data + at + rec - key) >= 5 &&
            (!memcmp(key, "path=", 5) || !memcmp(key, "size=", 5)))
            return wo_err_set(err, WO_EINVAL,
                              "%s: a pax header changing the member's %.4s is "
                              "not accepted (names are plain and short)",
                              where, (const char *)key);
        if ((size_t)(data + at + rec - key) >= 9 &&
            !memcmp(key, "linkpath=", 9))
            return wo_err_set(err, WO_EINVAL,
                              "%s: links are not accepted", where);
        at += rec;
    }
    return WO_OK;
}

static const char *tar_kind(int type)
{
    switch (type) {
    case '1':
        return "a hard link";
    case '2':
        return "a symbolic link";
    case '3':
        return "a character device";
    case '4':
        return "a block device";
    case '5':
        return "a directory";
    case '6':
        return "a FIFO";
    case 'L':
    case 'K':
        return "a GNU long name";
    default:
        return "not a regular file";
    }
}

static int read_tar(const unsigned char *p, size_t len, wo_bundle *b,
                    wo_err *err)
{
    size_t at = 0;
    int member = 0, rc;
    char where[48];
    for (;;) {
        const unsigned char *h = p + at;
        unsigned long long size, sum, check = 0;
        size_t i, name_len, padded;
        const char *name;
        int type;
        if (len - at < TAR_BLOCK) {
            /* an archive cut at a block boundary after its last member is
             * accepted; anything else is truncated */
            if (at == len && member > 0)
                return WO_OK;
            return wo_err_set(err, WO_EPARSE,
                              "tar: truncated at byte %zu (header of member "
                              "%d expected)",
                              at, member + 1);
        }
        if (zero_block(h))
            return member > 0 ? WO_OK
                              : wo_err_set(err, WO_EINVAL, "tar: no member");
        member++;
        snprintf(where, sizeof where, "tar member %d", member);
        if (memcmp(h + 257, "ustar", 5) != 0)
            return wo_err_set(err, WO_EPARSE,
                              "%s: not a ustar header (only ustar and GNU "
                              "tar archives are read)",
                              where);
        if (tar_octal(h + 148, 8, &sum) != 0)
            return wo_err_set(err, WO_EPARSE, "%s: malformed header checksum",
                              where);
        for (i = 0; i < TAR_BLOCK; i++)
            check += (i >= 148 && i < 156) ? ' ' : h[i];
        if (check != sum)
            return wo_err_set(err, WO_EPARSE,
                              "%s: header checksum mismatch (damaged archive)",
                              where);
        if (tar_octal(h + 124, 12, &size) != 0)
            return wo_err_set(err, WO_EPARSE, "%s: malformed size field",
                              where);
        type = h[156];
        name = (const char *)h;
        name_len = strnlen(name, 100);
        if (h[345] && memcmp(h + 257, "ustar\0", 6) == 0)
            return wo_err_set(err, WO_EINVAL,
                              "%s: has a directory prefix (expected plain "
                              "file names)",
                              where);
        if (size > len - at - TAR_BLOCK)
            return wo_err_set(err, WO_EPARSE,
                              "%s: %llu bytes announced, the archive ends "
                              "before",
                              where, size);
        padded = ((size_t)size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
        if (padded > len - at - TAR_BLOCK)
            padded = len - at - TAR_BLOCK;
        /* "./NAME" as `tar -C DIR -cf - .` writes it */
        if (name_len >= 2 && name[0] == '.' && name[1] == '/') {
            name += 2;
            name_len -= 2;
        }
        if (type == 'x' || type == 'g') {
            if ((rc = pax_check(where, h + TAR_BLOCK, (size_t)size, err)) !=
                WO_OK)
                return rc;
        } else if (type == '5' && name_len == 0) {
            /* the "./" entry of the directory itself */
        } else if (type == '0' || type == '\0' || type == '7') {
            snprintf(where, sizeof where, "tar member %d", member);
            if ((rc = add_file(b, where, name, name_len,
                               (const char *)h + TAR_BLOCK, (size_t)size,
                               err)) != WO_OK)
                return rc;
        } else {
            char shown[WO_BUNDLE_NAME_MAX + 1];
            for (i = 0; i < name_len && i < sizeof shown - 1; i++)
                shown[i] = (unsigned char)name[i] < 0x20 ? '?' : name[i];
            shown[i] = '\0';
            return wo_err_set(err, WO_EINVAL,
                              "%s: '%s' is %s (only regular files are "
                              "accepted)",
                              where, shown, tar_kind(type));
        }
        at += TAR_BLOCK + padded;
    }
}

/* ------------------------------------------------------------------ JSON */

/* The text of a member given as a JSON value: a string as it is, an
 * object or array (allowed for .json and .geojson files) dumped. */
static int add_json_member(wo_bundle *b, const char *path, const char *name,
                           const wo_json *v, wo_err *err)
{
    size_t nl = strlen(name);
    int is_json = (nl > 5 && !strcmp(name + nl - 5, ".json")) ||
                  (nl > 8 && !strcmp(name + nl - 8, ".geojson"));
    char *text;
    int rc;
    if (wo_json_is_string(v)) {
        const char *s = wo_json_string_value(v);
        return add_file(b, path, name, nl, s, strlen(s), err);
    }
    if (!is_json || (!wo_json_is_object(v) && !wo_json_is_array(v)))
        return wo_err_set(err, WO_EINVAL,
                          "%s: expected the file's text as a string%s", path,
                          is_json ? " or a JSON object" : "");
    wo_alloc_mark_take();
    if (!(text = wo_json_dumps(v, WO_JSON_INDENT(1) | WO_JSON_PRESERVE_ORDER)))
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    rc = add_file(b, path, name, nl, text, strlen(text), err);
    wo_json_free_text(text);
    return rc;
}

static int read_json(const char *body, size_t len, wo_bundle *b, wo_err *err)
{
    wo_json_error je;
    wo_json *doc, *files;
    void *it;
    char path[WO_BUNDLE_NAME_MAX + 16];
    int rc = WO_OK;
    wo_alloc_mark_take();
    if (!(doc = wo_json_loadb(body, len, 0, &je))) {
        if (wo_alloc_mark_take())
            return wo_err_set(err, WO_ENOMEM, "out of memory");
        return wo_err_set(err, WO_EPARSE,
                          "invalid JSON at line %d, column %d: %s", je.line,
                          je.column, je.text);
    }
    if (!wo_json_is_object(doc)) {
        rc = wo_err_set(err, WO_EINVAL,
                        "expected a JSON object {\"scenario.json\": {...}, "
                        "\"files\": {...}} or a tar archive");
        goto done;
    }
    for (it = wo_json_object_iter(doc); it;
         it = wo_json_object_iter_next(doc, it)) {
        const char *key = wo_json_object_iter_key(it);
        if (strcmp(key, "scenario.json") != 0 && strcmp(key, "files") != 0) {
            char shown[64];
            wo_strlcpy(shown, key, sizeof shown);
            rc = wo_err_set(err, WO_EINVAL,
                            "%s: unknown key (expected \"scenario.json\" and "
                            "\"files\")",
                            shown);
            goto done;
        }
    }
    if (wo_json_object_get(doc, "scenario.json") &&
        (rc = add_json_member(b, "scenario.json", "scenario.json",
                              wo_json_object_get(doc, "scenario.json"),
                              err)) != WO_OK)
        goto done;
    files = wo_json_object_get(doc, "files");
    if (files && !wo_json_is_object(files)) {
        rc = wo_err_set(err, WO_EINVAL,
                        "files: expected an object of file name -> text");
        goto done;
    }
    for (it = wo_json_object_iter(files); it;
         it = wo_json_object_iter_next(files, it)) {
        const char *name = wo_json_object_iter_key(it);
        size_t nl = strlen(name);
        snprintf(path, sizeof path, "files.%.*s",
                 (int)(nl > WO_BUNDLE_NAME_MAX ? WO_BUNDLE_NAME_MAX : nl),
                 name);
        if ((rc = add_json_member(b, path, name,
                                  wo_json_object_iter_value(it), err)) !=
            WO_OK)
            goto done;
    }
done:
    wo_json_decref(doc);
    return rc;
}

/* ------------------------------------------------------------------ entry */

int wo_bundle_read(const char *body, size_t len, wo_bundle *b, wo_err *err)
{
    int i, rc;
    memset(b, 0, sizeof *b);
    if (len == 0)
        return wo_err_set(err, WO_EINVAL,
                          "empty body (expected a JSON bundle or a tar of "
                          "the scenario directory)");
    b->from_tar = is_tar((const unsigned char *)body, len);
    rc = b->from_tar ? read_tar((const unsigned char *)body, len, b, err)
                     : read_json(body, len, b, err);
    for (i = 0; rc == WO_OK && i < b->n; i++)
        if (!strcmp(b->files[i].name, "scenario.json"))
            break;
    if (rc == WO_OK && i == b->n)
        rc = wo_err_set(err, WO_EINVAL, "%s",
                        b->from_tar
                            ? "tar: no member named scenario.json"
                            : "scenario.json: missing (the bundle's key "
                              "\"scenario.json\" holds the scenario file)");
    if (rc != WO_OK)
        wo_bundle_free(b);
    return rc;
}

void wo_bundle_remove(const wo_bundle *b, const char *dir)
{
    int dfd, i;
    if (!dir)
        return;
    dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd >= 0) {
        for (i = 0; i < b->n; i++)
            unlinkat(dfd, b->files[i].name, 0);
        close(dfd);
    }
    rmdir(dir);
}

int wo_bundle_extract(const wo_bundle *b, const char *tmp_parent, char **dir,
                      wo_err *err)
{
    const char *parent = tmp_parent;
    char *d;
    size_t n;
    int dfd, i, rc = WO_OK;
    *dir = NULL;
    if (!parent) {
        parent = getenv("TMPDIR");
        if (!parent || parent[0] != '/')
            parent = "/tmp";
    }
    n = strlen(parent) + sizeof "/wasteopt-serve.XXXXXX";
    if (!(d = malloc(n)))
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    snprintf(d, n, "%s/wasteopt-serve.XXXXXX", parent);
    if (!mkdtemp(d)) {
        rc = wo_err_set(err, wo_errno_code(errno),
                        "cannot create a temporary directory in '%s': %s",
                        parent, wo_errno_text(errno));
        free(d);
        return rc;
    }
    dfd = open(d, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd < 0)
        rc = wo_err_set(err, wo_errno_code(errno), "cannot open '%s': %s", d,
                        wo_errno_text(errno));
    for (i = 0; rc == WO_OK && i < b->n; i++) {
        const wo_embedded_file *f = &b->files[i];
        size_t done = 0;
        int fd = openat(dfd, f->name,
                        O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                        0600);
        if (fd < 0) {
            rc = wo_err_set(err, wo_errno_code(errno),
                            "cannot create '%s' in '%s': %s", f->name, d,
                            wo_errno_text(errno));
            break;
        }
        while (done < (size_t)f->size) {
            ssize_t w = write(fd, f->data + done, (size_t)f->size - done);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                rc = wo_err_set(err, wo_errno_code(w < 0 ? errno : EIO),
                                "cannot write '%s' in '%s': %s", f->name, d,
                                wo_errno_text(w < 0 ? errno : EIO));
                break;
            }
            done += (size_t)w;
        }
        if (close(fd) != 0 && rc == WO_OK)
            rc = wo_err_set(err, wo_errno_code(errno),
                            "cannot write '%s' in '%s': %s", f->name, d,
                            wo_errno_text(errno));
    }
    if (dfd >= 0)
        close(dfd);
    if (rc != WO_OK) {
        wo_bundle_remove(b, d);
        free(d);
        return rc;
    }
    *dir = d;
    return WO_OK;
}
