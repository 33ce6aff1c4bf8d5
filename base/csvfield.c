/*
 * csvfield.c — CSV field quoting. See csvfield.h for the contracts.
 */
#include "base/csvfield.h"

#include <string.h>

#include "base/err.h"

/* 1 when the field must be quoted. */
static int needs_quotes(const char *s, size_t n)
{
    return strpbrk(s, ",\"\r\n") != NULL ||
           (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
                      s[n - 1] == '\t'));
}

int wo_csv_quote(const char *s, wo_csv_put_fn put, void *ud)
{
    size_t n = strlen(s);
    int rc;
    if (!needs_quotes(s, n))
        return put(ud, s, n);
    rc = put(ud, "\"", 1);
    for (; rc == 0 && *s; s++)
        rc = *s == '"' ? put(ud, "\"\"", 2) : put(ud, s, 1);
    return rc == 0 ? put(ud, "\"", 1) : rc;
}

/* wo_csv_quote's output into a buffer. */
static int put_buf(void *ud, const char *p, size_t n)
{
    return wo_buf_append((wo_buf *)ud, p, n);
}

int wo_csv_field_buf(wo_buf *b, const char *s)
{
    return wo_csv_quote(s ? s : "", put_buf, b);
}
