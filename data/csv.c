/*
 * csv.c — RFC 4180 reader and the UTF-8 / GBK check. See csv.h.
 *
 * The parser walks the bytes once with a small state machine, writing the
 * unescaped fields one after another into one text buffer (each ended by a
 * NUL) and recording, per field, its offset and, per record, its first
 * field, field count and starting line.
 */
#include "data/csv.h"

#include <string.h>

typedef struct csv_rec {
    int line;     /* physical line of the record's first byte */
    size_t first; /* index of its first field in `fields`     */
    int n;        /* number of fields                         */
} csv_rec;

struct wo_csv {
    char *name;        /* file name for messages                    */
    wo_buf text;       /* all fields, NUL-separated                  */
    size_t *fields;    /* offsets of fields into text.data           */
    size_t n_fields;   /* fields recorded                          */
    size_t cap_fields; /* allocated slots of fields              */
    csv_rec *recs;     /* records; recs[0] is the header             */
    int n_recs;        /* records, header included                */
    size_t cap_recs;   /* allocated slots of recs                  */
};

/* Length of the UTF-8 sequence at p (at most n bytes available), or 0 when
 * the bytes there are not well-formed UTF-8 (overlongs, surrogates and
 * code points above U+10FFFF are rejected). */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    size_t len, i;
    unsigned long cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return 0;
    return len;
}

/* 1 when every non-ASCII byte of the text pairs up as a GBK double-byte
 * character (lead 0x81-0xFE, trail 0x40-0xFE except 0x7F). */
static int looks_gbk(const unsigned char *p, size_t n)
{
    size_t i = 0;
    int pairs = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        if (p[i] == 0x80 || p[i] == 0xFF || i + 1 >= n)
            return 0;
        if (p[i + 1] < 0x40 || p[i + 1] == 0x7F || p[i + 1] == 0xFF)
            return 0;
        pairs++;
        i += 2;
    }
    return pairs > 0;
}

static int line_of(const char *data, size_t off)
{
    int line = 1;
    size_t i;
    for (i = 0; i < off; i++)
        if (data[i] == '\n')
            line++;
    return line;
}

int wo_text_check(const char *name, const char *data, size_t len, size_t *skip,
                  wo_err *err)
{
    const unsigned char *p = (const unsigned char *)data;
    size_t i = 0, k;
    int blank = 1;
    *skip = 0;
    if (len > WO_CSV_MAX_BYTES)
        return wo_err_set(err, WO_ETOOBIG, "%s: file is larger than %zu MiB",
                          name, WO_CSV_MAX_BYTES >> 20);
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        *skip = i = 3;
    for (k = i; k < len; k++)
        if (p[k] != ' ' && p[k] != '\t' && p[k] != '\r' && p[k] != '\n') {
            blank = 0;
            break;
        }
    if (blank)
        return wo_err_set(err, WO_EPARSE, "%s: file is empty", name);
    while (i < len) {
        size_t n;
        if (p[i] == 0)
            return wo_err_set(err, WO_EPARSE,
                              "%s:%d: NUL byte at byte offset %zu (binary "
                              "file?)",
                              name, line_of(data, i), i);
        n = utf8_len(p + i, len - i);
        if (n == 0) {
            if (looks_gbk(p + *skip, len - *skip))
                return wo_err_set(err, WO_EENCODING,
                                  "%s: file is GBK-encoded (Excel's default "
                                  "in China), not UTF-8; save it as \"CSV "
                                  "UTF-8\"",
                                  name);
            return wo_err_set(err, WO_EENCODING,
                              "%s:%d: invalid UTF-8 byte 0x%02X at byte "
                              "offset %zu",
                              name, line_of(data, i), p[i], i);
        }
        i += n;
    }
    return WO_OK;
}

static int add_field(wo_csv *c, wo_buf *field)
{
    size_t a = 0, b = field->len;
    const char *s = field->data;
    int rc;
    while (a < b && (s[a] == ' ' || s[a] == '\t'))
        a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
        b--;
    if (WO_RESERVE(c->fields, c->cap_fields, c->n_fields + 1) != WO_OK)
        return WO_ENOMEM;
    c->fields[c->n_fields++] = c->text.len;
    /* an empty field may have no buffer at all: s is NULL, and NULL + 0 is
     * undefined */
    if (b > a && (rc = wo_buf_append(&c->text, s + a, b - a)) != WO_OK)
        return rc;
    if ((rc = wo_buf_append(&c->text, "", 1)) != WO_OK)
        return rc;
    field->len = 0;
    return WO_OK;
}

static int add_rec(wo_csv *c, int line, size_t first)
{
    if (WO_RESERVE(c->recs, c->cap_recs, (size_t)c->n_recs + 1) != WO_OK)
        return WO_ENOMEM;
    c->recs[c->n_recs].line = line;
    c->recs[c->n_recs].first = first;
    c->recs[c->n_recs].n = (int)(c->n_fields - first);
    c->n_recs++;
    return WO_OK;
}

/* End the current record: add its last field, drop it when it is an empty
 * line, check its width against the header. */
static int end_record(wo_csv *c, wo_buf *field, int line, size_t first,
                      int quoted_any, wo_err *err)
{
    int rc, n;
    if ((rc = add_field(c, field)) != WO_OK)
        return wo_err_set(err, rc, "%s:%d: %s", c->name, line,
                          wo_strerror(rc));
    n = (int)(c->n_fields - first);
    if (n == 1 && !quoted_any && c->text.data[c->fields[first]] == '\0') {
        c->n_fields = first; /* empty line */
        c->text.len = c->fields[first];
        return WO_OK;
    }
    if (c->n_recs > 0 && n != c->recs[0].n)
        return wo_err_set(err, WO_EPARSE,
                          "%s:%d: %d field%s, expected %d as in the header",
                          c->name, line, n, n == 1 ? "" : "s", c->recs[0].n);
    if (c->n_recs > WO_CSV_MAX_RECORDS)
        return wo_err_set(err, WO_ETOOBIG, "%s:%d: more than %d records",
                          c->name, line, WO_CSV_MAX_RECORDS);
    if ((rc = add_rec(c, line, first)) != WO_OK)
        return wo_err_set(err, rc, "%s:%d: %s", c->name, line,
                          wo_strerror(rc));
    return WO_OK;
}

static int check_header(wo_csv *c, wo_err *err)
{
    int i, j;
    if (c->n_recs == 0)
        return wo_err_set(err, WO_EPARSE, "%s: file is empty", c->name);
    for (i = 0; i < c->recs[0].n; i++) {
        const char *a = wo_csv_colname(c, i);
        if (!a[0])
            return wo_err_set(err, WO_EPARSE,
                              "%s:%d: header column %d has no name", c->name,
                              c->recs[0].line, i + 1);
        for (j = 0; j < i; j++)
            if (!strcmp(a, wo_csv_colname(c, j)))
                return wo_err_set(err, WO_EPARSE,
                                  "%s:%d: header column '%s' appears twice",
                                  c->name, c->recs[0].line, a);
    }
    return WO_OK;
}

int wo_csv_parse(const char *name, const char *data, size_t len, wo_csv **out,
                 wo_err *err)
{
    wo_csv *c = NULL;
    wo_buf field;
    size_t i, first = 0;
    int rc, line = 1, rec_line = 1, quote_line = 0;
    int in_quotes = 0, after_quote = 0, quoted_any = 0, nf = 0;

    *out = NULL;
    wo_buf_init(&field, WO_CSV_MAX_FIELD_BYTES);
    if ((rc = wo_text_check(name, data, len, &i, err)) != WO_OK)
        return rc;
    c = wo_calloc(1, sizeof *c);
    if (!c || !(c->name = wo_strdup(name))) {
        rc = wo_err_set(err, WO_ENOMEM, "%s: out of memory", name);
        goto err;
    }
    wo_buf_init(&c->text, 0);
    for (; i < len; i++) {
        char ch = data[i];
        if (in_quotes) {
            if (ch == '"') {
                if (i + 1 < len && data[i + 1] == '"') {
                    rc = wo_buf_append(&field, "\"", 1);
                    i++;
                } else {
                    in_quotes = 0;
                    after_quote = 1;
                    rc = WO_OK;
                }
            } else {
                if (ch == '\n')
                    line++;
                rc = wo_buf_append(&field, &ch, 1);
            }
            if (rc != WO_OK)
                goto field_err;
            continue;
        }
        if (ch == ',') {
            if (++nf >= WO_CSV_MAX_FIELDS) {
                rc = wo_err_set(err, WO_ETOOBIG, "%s:%d: more than %d fields",
                                name, rec_line, WO_CSV_MAX_FIELDS);
                goto err;
            }
            if ((rc = add_field(c, &field)) != WO_OK)
                goto field_err;
            after_quote = 0;
            continue;
        }
        if (ch == '\r' || ch == '\n') {
            if (ch == '\r' && i + 1 < len && data[i + 1] == '\n')
                i++;
            if ((rc = end_record(c, &field, rec_line, first, quoted_any,
                                 err)) != WO_OK)
                goto err;
            line++;
            rec_line = line;
            first = c->n_fields;
            after_quote = quoted_any = nf = 0;
            continue;
        }
        if (after_quote) {
            if (ch == ' ' || ch == '\t')
                continue;
            rc = wo_err_set(
                err, WO_EPARSE,
                "%s:%d: unexpected text after a closing quote (a quote "
                "inside a quoted field must be doubled)",
                name, line);
            goto err;
        }
        if (ch == '"') {
            size_t k;
            int blanks = 1;
            for (k = 0; k < field.len; k++)
                if (field.data[k] != ' ' && field.data[k] != '\t')
                    blanks = 0;
            if (blanks) {
                field.len = 0;
                in_quotes = 1;
                quoted_any = 1;
                quote_line = line;
                continue;
            }
        }
        if ((rc = wo_buf_append(&field, &ch, 1)) != WO_OK)
            goto field_err;
    }
    if (in_quotes) {
        rc = wo_err_set(err, WO_EPARSE,
                        "%s:%d: quoted field opened here is not closed "
                        "before the end of the file",
                        name, quote_line);
        goto err;
    }
    if (field.len > 0 || c->n_fields > first || quoted_any)
        if ((rc = end_record(c, &field, rec_line, first, quoted_any, err)) !=
            WO_OK)
            goto err;
    if ((rc = check_header(c, err)) != WO_OK)
        goto err;
    wo_buf_free(&field);
    *out = c;
    return WO_OK;
field_err:
    if (rc == WO_ETOOBIG)
        wo_err_set(err, rc, "%s:%d: field longer than %d bytes", name, line,
                   WO_CSV_MAX_FIELD_BYTES);
    else
        wo_err_set(err, rc, "%s:%d: %s", name, line, wo_strerror(rc));
err:
    wo_buf_free(&field);
    wo_csv_free(c);
    return rc;
}

void wo_csv_free(wo_csv *csv)
{
    if (!csv)
        return;
    wo_free(csv->name);
    wo_buf_free(&csv->text);
    wo_free(csv->fields);
    wo_free(csv->recs);
    wo_free(csv);
}

const char *wo_csv_name(const wo_csv *csv)
{
    return csv->name;
}

int wo_csv_ncols(const wo_csv *csv)
{
    return csv->recs[0].n;
}

int wo_csv_nrows(const wo_csv *csv)
{
    return csv->n_recs - 1;
}

const char *wo_csv_colname(const wo_csv *csv, int c)
{
    return csv->text.data + csv->fields[csv->recs[0].first + (size_t)c];
}

int wo_csv_col(const wo_csv *csv, const char *name)
{
    int c;
    for (c = 0; c < csv->recs[0].n; c++)
        if (!strcmp(wo_csv_colname(csv, c), name))
            return c;
    return -1;
}

int wo_csv_line(const wo_csv *csv, int r)
{
    return csv->recs[r + 1].line;
}

const char *wo_csv_get(const wo_csv *csv, int r, int c)
{
    if (c < 0)
        return "";
    return csv->text.data + csv->fields[csv->recs[r + 1].first + (size_t)c];
}
