/* Unit tests of data/csv: RFC 4180 parsing, line numbers, encodings,
 * malformed input and out-of-memory handling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "data/csv.h"
#include "tests/support/failalloc.h"

static wo_csv *parse_ok(const char *text)
{
    wo_csv *c = NULL;
    wo_err err;
    wo_err_clear(&err);
    if (wo_csv_parse("t.csv", text, strlen(text), &c, &err) != WO_OK)
        fail_msg("unexpected error: %s", err.msg);
    assert_non_null(c);
    return c;
}

/* Parse text that must fail; returns the code and checks the message. */
static int parse_bad(const char *text, size_t len, const char *msg)
{
    wo_csv *c = NULL;
    wo_err err;
    int rc;
    wo_err_clear(&err);
    rc = wo_csv_parse("t.csv", text, len, &c, &err);
    assert_int_not_equal(rc, WO_OK);
    assert_null(c);
    assert_string_equal(err.msg, msg);
    return rc;
}

static void test_basic(void **state)
{
    wo_csv *c = parse_ok("id,lat,lon\nA,29.5,106.5\nB,29.6,106.6\n");
    (void)state;
    assert_int_equal(wo_csv_ncols(c), 3);
    assert_int_equal(wo_csv_nrows(c), 2);
    assert_int_equal(wo_csv_col(c, "lon"), 2);
    assert_int_equal(wo_csv_col(c, "nope"), -1);
    assert_string_equal(wo_csv_get(c, 1, wo_csv_col(c, "lat")), "29.6");
    assert_string_equal(wo_csv_get(c, 1, -1), "");
    assert_int_equal(wo_csv_line(c, 0), 2);
    assert_int_equal(wo_csv_line(c, 1), 3);
    assert_string_equal(wo_csv_name(c), "t.csv");
    wo_csv_free(c);
}

static void test_quotes_and_lines(void **state)
{
    wo_csv *c = parse_ok("id,name\r\n"
                         "A,\"Jiefangbei, Yuzhong\"\r\n"
                         "B,\"two\nlines\"\r\n"
                         "\r\n"
                         "C, \"say \"\"hi\"\"\" \r\n"
                         "D,no newline at end");
    (void)state;
    assert_int_equal(wo_csv_nrows(c), 4);
    assert_string_equal(wo_csv_get(c, 0, 1), "Jiefangbei, Yuzhong");
    assert_string_equal(wo_csv_get(c, 1, 1), "two\nlines");
    assert_string_equal(wo_csv_get(c, 2, 1), "say \"hi\"");
    assert_string_equal(wo_csv_get(c, 3, 1), "no newline at end");
    /* B starts on line 3 and spans two lines; line 5 is empty */
    assert_int_equal(wo_csv_line(c, 1), 3);
    assert_int_equal(wo_csv_line(c, 2), 6);
    assert_int_equal(wo_csv_line(c, 3), 7);
    wo_csv_free(c);
}

static void test_trim_and_empty_fields(void **state)
{
    wo_csv *c = parse_ok("a , b\n  x  ,\n,\"\"\n");
    (void)state;
    assert_string_equal(wo_csv_colname(c, 0), "a");
    assert_string_equal(wo_csv_colname(c, 1), "b");
    assert_string_equal(wo_csv_get(c, 0, 0), "x");
    assert_string_equal(wo_csv_get(c, 0, 1), "");
    assert_int_equal(wo_csv_nrows(c), 2);
    wo_csv_free(c);
}

static void test_bom_and_chinese(void **state)
{
    wo_csv *c = parse_ok("\xEF\xBB\xBFid,name\nS1,渝中区\n");
    (void)state;
    assert_string_equal(wo_csv_colname(c, 0), "id");
    assert_string_equal(wo_csv_get(c, 0, 1), "渝中区");
    wo_csv_free(c);
}

static void test_encodings(void **state)
{
    /* "中文" in GBK is D6 D0 CE C4 */
    const char gbk[] = "id,name\nS1,\xD6\xD0\xCE\xC4\n";
    const char bad[] = "id,name\nS1,ok\nS2,\xFF\xFF\n";
    const char nul[] = "id,name\nS1,a\0b\n";
    size_t skip = 99;
    wo_err err;
    (void)state;
    assert_int_equal(
        parse_bad(gbk, sizeof gbk - 1,
                  "t.csv: file is GBK-encoded (Excel's default in China), "
                  "not UTF-8; save it as \"CSV UTF-8\""),
        WO_EENCODING);
    assert_int_equal(parse_bad(bad, sizeof bad - 1,
                               "t.csv:3: invalid UTF-8 byte 0xFF at byte "
                               "offset 17"),
                     WO_EENCODING);
    parse_bad(nul, sizeof nul - 1,
              "t.csv:2: NUL byte at byte offset 12 (binary file?)");
    /* overlong encodings and surrogates are not UTF-8 */
    assert_int_equal(wo_text_check("x", "\xC0\xAF", 2, &skip, &err),
                     WO_EENCODING);
    assert_int_equal(wo_text_check("x", "\xED\xA0\x80", 3, &skip, &err),
                     WO_EENCODING);
    assert_int_equal(wo_text_check("x", "ok \xF0\x9F\x98\x80", 7, &skip, &err),
                     WO_OK);
    assert_int_equal(skip, 0);
}

static void test_malformed(void **state)
{
    (void)state;
    parse_bad("", 0, "t.csv: file is empty");
    parse_bad("\xEF\xBB\xBF", 3, "t.csv: file is empty");
    parse_bad("\n\r\n  \n", 6, "t.csv: file is empty");
    parse_bad("a,b\n1,2\n3\n", 10,
              "t.csv:3: 1 field, expected 2 as in the header");
    parse_bad("a,b\n1,2,3\n", 10,
              "t.csv:2: 3 fields, expected 2 as in the header");
    parse_bad("a,b\n1,\"open\n2,3\n", 16,
              "t.csv:2: quoted field opened here is not closed before the "
              "end of the file");
    parse_bad("a,b\n1,\"x\"y\n", 11,
              "t.csv:2: unexpected text after a closing quote (a quote "
              "inside a quoted field must be doubled)");
    parse_bad("a,,b\n1,2,3\n", 11, "t.csv:1: header column 2 has no name");
    parse_bad("a,b,a\n1,2,3\n", 12,
              "t.csv:1: header column 'a' appears twice");
}

static void test_limits(void **state)
{
    size_t n = WO_CSV_MAX_FIELD_BYTES + 10, i;
    char *big = malloc(n + 8);
    wo_csv *c = NULL;
    wo_err err;
    (void)state;
    assert_non_null(big);
    memcpy(big, "a\n", 2);
    for (i = 2; i < n; i++)
        big[i] = 'x';
    assert_int_equal(wo_csv_parse("t.csv", big, n, &c, &err), WO_ETOOBIG);
    assert_string_equal(err.msg, "t.csv:2: field longer than 65536 bytes");
    for (i = 0; i < n; i++)
        big[i] = ',';
    assert_int_equal(wo_csv_parse("t.csv", big, n, &c, &err), WO_ETOOBIG);
    assert_string_equal(err.msg, "t.csv:1: more than 256 fields");
    free(big);
    assert_int_equal(
        wo_text_check("t.csv", "x", WO_CSV_MAX_BYTES + 1, &n, &err),
        WO_ETOOBIG);
}

static void test_out_of_memory(void **state)
{
    const char *text = "id,name\nA,\"x,y\"\nB,z\nC,w\n";
    long b;
    int ok = 0;
    (void)state;
    for (b = 0; b < 200 && !ok; b++) {
        wo_csv *c = NULL;
        wo_err err;
        int rc;
        ts_failalloc_start(b);
        rc = wo_csv_parse("t.csv", text, strlen(text), &c, &err);
        ts_failalloc_stop();
        if (rc == WO_OK) {
            ok = 1;
            assert_int_equal(wo_csv_nrows(c), 3);
            wo_csv_free(c);
        } else {
            assert_int_equal(rc, WO_ENOMEM);
            assert_null(c);
        }
    }
    assert_true(ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_quotes_and_lines),
        cmocka_unit_test(test_trim_and_empty_fields),
        cmocka_unit_test(test_bom_and_chinese),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
