/* Unit tests of cli/out: atomic files, output directory probe, JSON,
 * GeoJSON and CSV writers. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/out.h"
#include "tests/support/files.h"
#include "tests/support/scratch.h"

/* A fresh temporary directory per test, removed with its files after. */
typedef struct fixture {
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    wo_strlcpy(fx->dir, "/tmp/wo_test_out.XXXXXX", sizeof fx->dir);
    if (!mkdtemp(fx->dir)) {
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    ts_remove_tree(fx->dir);
    free(fx);
    return 0;
}

static char *slurp(const char *path)
{
    return ts_slurp(path, NULL);
}

/* Number of entries in dir other than . and .. */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static void test_write_bytes_replaces(void **state)
{
    fixture *fx = *state;
    char *path = wo_out_join(fx->dir, "a.txt");
    char *s;
    wo_err err;
    wo_err_clear(&err);
    assert_int_equal(wo_out_write_bytes(path, "old\n", 4, &err), WO_OK);
    assert_int_equal(wo_out_write_bytes(path, "new\n", 4, &err), WO_OK);
    s = slurp(path);
    assert_string_equal(s, "new\n");
    free(s);
    assert_int_equal(count_entries(fx->dir), 1); /* no temp file left */
    wo_free(path);
}

/* A FIFO (like /dev/stdout or /dev/null) is written in place, never
 * replaced by a renamed file. */
static void test_special_target_in_place(void **state)
{
    fixture *fx = *state;
    char *path = wo_out_join(fx->dir, "fifo");
    char buf[16] = {0};
    struct stat st;
    wo_err err;
    int rd;
    wo_err_clear(&err);
    assert_int_equal(mkfifo(path, 0600), 0);
    rd = open(path, O_RDONLY | O_NONBLOCK); /* a reader, so writes go */
    assert_true(rd >= 0);
    assert_true(wo_path_is_special(path));
    assert_int_equal(wo_out_write_bytes(path, "fifo\n", 5, &err), WO_OK);
    assert_int_equal(read(rd, buf, sizeof buf - 1), 5);
    assert_string_equal(buf, "fifo\n");
    close(rd);
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_int_equal(count_entries(fx->dir), 1); /* no temp file */
    assert_false(wo_path_is_special(fx->dir));
    wo_free(path);
}

static void test_abort_keeps_old(void **state)
{
    fixture *fx = *state;
    char *path = wo_out_join(fx->dir, "plan.json");
    char *s;
    wo_outfile o;
    wo_err err;
    wo_err_clear(&err);
    assert_int_equal(wo_out_write_bytes(path, "{\"v\":1}\n", 8, &err), WO_OK);
    assert_int_equal(wo_out_open(&o, path, &err), WO_OK);
    fputs("{\"v\":2, \"routes\": [", o.f); /* a half-written document */
    fflush(o.f);
    assert_int_equal(count_entries(fx->dir), 2);
    s = slurp(path);
    assert_string_equal(s, "{\"v\":1}\n"); /* readers never see it */
    free(s);
    wo_out_abort(&o);
    s = slurp(path);
    assert_string_equal(s, "{\"v\":1}\n");
    free(s);
    assert_int_equal(count_entries(fx->dir), 1);
    wo_out_abort(&o); /* idempotent on a closed file */
    wo_free(path);
}

static void test_commit_failure_removes_temp(void **state)
{
    fixture *fx = *state;
    char *path = wo_out_join(fx->dir, "blocked");
    char *inner = wo_out_join(path, "keep");
    wo_outfile o;
    wo_err err;
    wo_err_clear(&err);
    /* The final name is a non-empty directory: rename must fail. */
    assert_int_equal(mkdir(path, 0755), 0);
    assert_int_equal(wo_out_write_bytes(inner, "x", 1, &err), WO_OK);
    assert_int_equal(wo_out_open(&o, path, &err), WO_OK);
    fputs("data", o.f);
    assert_int_equal(wo_out_commit(&o, &err), WO_EIO);
    assert_non_null(strstr(err.msg, "blocked"));
    assert_null(o.f);
    assert_int_equal(count_entries(fx->dir), 1);
    assert_int_equal(count_entries(path), 1);
    wo_free(inner);
    wo_free(path);
}

static void test_open_missing_dir(void **state)
{
    fixture *fx = *state;
    char *path = wo_out_join(fx->dir, "nodir/x.csv");
    wo_outfile o;
    wo_err err;
    wo_err_clear(&err);
    assert_int_equal(wo_out_open(&o, path, &err), WO_EIO);
    assert_non_null(strstr(err.msg, "x.csv"));
    assert_null(o.f);
    wo_out_abort(&o);
    wo_free(path);
}

static void test_prepare_dir(void **state)
{
    fixture *fx = *state;
    char *nested = wo_out_join(fx->dir, "a/b/c");
    char *file = wo_out_join(fx->dir, "plainfile");
    char *under = wo_out_join(file, "sub");
    struct stat st;
    wo_err err;
    wo_err_clear(&err);
    assert_int_equal(wo_out_prepare_dir(nested, &err), WO_OK);
    assert_int_equal(stat(nested, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(count_entries(nested), 0); /* probe removed */
    assert_int_equal(wo_out_prepare_dir(nested, &err), WO_OK);
    /* A path through a regular file fails even for root. */
    assert_int_equal(wo_out_write_bytes(file, "x", 1, &err), WO_OK);
    assert_int_equal(wo_out_prepare_dir(file, &err), WO_EIO);
    assert_non_null(strstr(err.msg, "not a directory"));
    assert_int_equal(wo_out_prepare_dir(under, &err), WO_EIO);
    assert_non_null(strstr(err.msg, "plainfile"));
    assert_int_equal(wo_out_prepare_dir("", &err), WO_EINVAL);
    if (geteuid() != 0) {
        char *ro = wo_out_join(fx->dir, "readonly");
        assert_int_equal(mkdir(ro, 0555), 0);
        assert_int_equal(wo_out_prepare_dir(ro, &err), WO_EIO);
        assert_non_null(strstr(err.msg, "not writable"));
        chmod(ro, 0755);
        wo_free(ro);
    }
    wo_free(under);
    wo_free(file);
    wo_free(nested);
}

static void test_join(void **state)
{
    char *p;
    (void)state;
    p = wo_out_join("out", "plan.json");
    assert_string_equal(p, "out/plan.json");
    wo_free(p);
    p = wo_out_join("out/", "plan.json");
    assert_string_equal(p, "out/plan.json");
    wo_free(p);
}

static void test_json_roundtrip(void **state)
{
    fixture *fx = *state;
    char *path = wo_out_join(fx->dir, "plan.json");
    wo_json *root, *back;
    wo_json_error jerr;
    wo_err err;
    wo_err_clear(&err);
    root = wo_json_pack("{s:o, s:o, s:s, s:i}", "cost",
                        wo_json_num(1234.56789, 2), "bad", wo_json_num(NAN, 2),
                        "name", "鸡冠石", "n", 3);
    assert_non_null(root);
    assert_int_equal(wo_out_write_json(path, root, &err), WO_OK);
    back = wo_json_load_file(path, 0, &jerr);
    assert_non_null(back);
    assert_true(wo_json_equal(root, back));
    assert_true(fabs(wo_json_real_value(wo_json_object_get(back, "cost")) -
                     1234.57) < 1e-9);
    assert_true(wo_json_is_null(wo_json_object_get(back, "bad")));
    assert_string_equal(wo_json_string_value(wo_json_object_get(back, "name")),
                        "鸡冠石");
    wo_json_decref(back);
    wo_json_decref(root);
    wo_free(path);
}

static void test_geojson_shape(void **state)
{
    const double line[] = {106.5, 29.5, 106.6, 29.55, 106.7, 29.6};
    const double bad[] = {106.5, NAN, 106.6, 29.55};
    wo_json *fc = wo_geojson_new(), *f, *g, *c;
    (void)state;
    assert_non_null(fc);
    assert_int_equal(wo_geojson_add_point(fc, 106.1234567891, 29.5,
                                          wo_json_pack("{s:s}", "id", "S1")),
                     WO_OK);
    assert_int_equal(wo_geojson_add_line(fc, line, 3,
                                         wo_json_pack("{s:s}", "stream",
                                                      "hh_other")),
                     WO_OK);
    assert_int_equal(wo_geojson_add_point(fc, 1, 2, NULL), WO_OK);
    assert_int_equal(wo_geojson_add_line(fc, line, 1, NULL), WO_EINVAL);
    assert_int_equal(wo_geojson_add_line(fc, bad, 2, NULL), WO_EINVAL);
    assert_int_equal(wo_geojson_add_point(fc, INFINITY, 2, NULL), WO_EINVAL);
    assert_string_equal(wo_json_string_value(wo_json_object_get(fc, "type")),
                        "FeatureCollection");
    assert_int_equal(wo_json_array_size(wo_json_object_get(fc, "features")),
                     3);
    f = wo_json_array_get(wo_json_object_get(fc, "features"), 0);
    assert_string_equal(wo_json_string_value(wo_json_object_get(f, "type")),
                        "Feature");
    g = wo_json_object_get(f, "geometry");
    assert_string_equal(wo_json_string_value(wo_json_object_get(g, "type")),
                        "Point");
    c = wo_json_object_get(g, "coordinates");
    assert_true(
        fabs(wo_json_real_value(wo_json_array_get(c, 0)) - 106.123457) < 1e-9);
    f = wo_json_array_get(wo_json_object_get(fc, "features"), 1);
    g = wo_json_object_get(f, "geometry");
    assert_string_equal(wo_json_string_value(wo_json_object_get(g, "type")),
                        "LineString");
    assert_int_equal(wo_json_array_size(wo_json_object_get(g, "coordinates")),
                     3);
    assert_string_equal(wo_json_string_value(wo_json_object_get(
                            wo_json_object_get(f, "properties"), "stream")),
                        "hh_other");
    f = wo_json_array_get(wo_json_object_get(fc, "features"), 2);
    assert_true(wo_json_is_object(wo_json_object_get(f, "properties")));
    wo_json_decref(fc);
}

static void test_csv_quoting(void **state)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    wo_csvw c;
    (void)state;
    assert_non_null(f);
    wo_csvw_init(&c, f, 1);
    wo_csvw_str(&c, "plain");
    wo_csvw_str(&c, "a,b");
    wo_csvw_str(&c, "say \"hi\"");
    wo_csvw_str(&c, "two\nlines");
    wo_csvw_str(&c, " padded");
    wo_csvw_str(&c, NULL);
    wo_csvw_str(&c, "渝中区");
    wo_csvw_end_row(&c);
    wo_csvw_num(&c, 3.14159, 2);
    wo_csvw_num(&c, -0.001, 2);
    wo_csvw_num(&c, NAN, 2);
    wo_csvw_long(&c, -42);
    wo_csvw_end_row(&c);
    fclose(f);
    assert_string_equal(buf, "\xEF\xBB\xBF"
                             "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\","
                             "\" padded\",,渝中区\r\n"
                             "3.14,0.00,,-42\r\n");
    free(buf);
}

static void test_csv_no_bom(void **state)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    wo_csvw c;
    (void)state;
    wo_csvw_init(&c, f, 0);
    wo_csvw_str(&c, "");
    wo_csvw_str(&c, "x");
    wo_csvw_end_row(&c);
    fclose(f);
    assert_string_equal(buf, ",x\r\n");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_write_bytes_replaces, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_abort_keeps_old, setup, teardown),
        cmocka_unit_test_setup_teardown(test_special_target_in_place, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_commit_failure_removes_temp,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_missing_dir, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_prepare_dir, setup, teardown),
        cmocka_unit_test(test_join),
        cmocka_unit_test_setup_teardown(test_json_roundtrip, setup, teardown),
        cmocka_unit_test(test_geojson_shape),
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_csv_no_bom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
