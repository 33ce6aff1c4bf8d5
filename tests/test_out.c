/* Unit tests of cli/out and base/atomic: atomic files (never through a
 * planted symlink, stale temporary files of dead runs removed), output
 * sets, output directory probe, JSON, GeoJSON and CSV writers.
 *
 * Run as `test_out --check-set DIR` it is instead the checker of an
 * output set for tests/e2e_files.sh and tests/soak.sh: it prints the run
 * id of DIR's manifest ("none" when DIR holds no set yet) and exits 0 when
 * every file the manifest lists has its size and digest, and the plan's
 * files are all listed; otherwise it prints what is wrong and exits 1. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/out.h"
#include "tests/support/files.h"
#include "tests/support/scratch.h"

/* A fresh temporary directory per test, removed with its files after. */
typedef ts_cli fixture;

static int setup(void **state) { return ts_cli_setup(state, "test_out"); }

static int teardown(void **state) { return ts_cli_teardown(state); }

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

/* The pid of a process that has exited (a child reaped at once). */
static long dead_pid(void)
{
    pid_t c = fork();
    if (c == 0)
        _exit(0);
    assert_true(c > 0);
    assert_int_equal(waitpid(c, NULL, 0), c);
    return (long)c;
}

/* Defect 2: a symlink planted at the temporary names earlier versions
 * used (PATH.tmp.PID, .NAME.PID.N.tmp) never redirects a write, and two
 * opens never share a name. */
static void test_planted_symlinks_not_followed(void **state)
{
    fixture *fx = *state;
    char path[128], victim[128], link1[160], link2[160];
    wo_outfile a, b;
    char *s;
    wo_err err;
    int k;
    wo_err_clear(&err);
    snprintf(path, sizeof path, "%s/roads.wog", fx->dir);
    snprintf(victim, sizeof victim, "%s/victim", fx->dir);
    snprintf(link1, sizeof link1, "%s.tmp.%ld", path, (long)getpid());
    assert_int_equal(wo_atomic_write(victim, "precious\n", 9, &err), WO_OK);
    assert_int_equal(symlink(victim, link1), 0);
    for (k = 0; k < 3; k++) {
        snprintf(link2, sizeof link2, "%s/.roads.wog.%ld.%d.tmp", fx->dir,
                 (long)getpid(), k);
        assert_int_equal(symlink(victim, link2), 0);
    }
    assert_int_equal(wo_atomic_write(path, "graph\n", 6, &err), WO_OK);
    s = slurp(victim);
    assert_string_equal(s, "precious\n");
    free(s);
    s = slurp(path);
    assert_string_equal(s, "graph\n");
    free(s);
    assert_int_equal(wo_out_open(&a, path, &err), WO_OK);
    assert_int_equal(wo_out_open(&b, path, &err), WO_OK);
    assert_string_not_equal(a.tmp_path, b.tmp_path);
    wo_out_abort(&a);
    wo_out_abort(&b);
}

/* Temporary files of a dead run are removed when the same target is
 * written again; a live run's and a user's look-alike are kept. */
static void test_stale_temp_files_removed(void **state)
{
    fixture *fx = *state;
    char path[128], stale[192], legacy[192], live[192], user[192];
    wo_err err;
    long pid = dead_pid();
    wo_err_clear(&err);
    snprintf(path, sizeof path, "%s/plan.json", fx->dir);
    snprintf(stale, sizeof stale, "%s/.plan.json.wo%ld-0123456789abcdef.tmp",
             fx->dir, pid);
    snprintf(legacy, sizeof legacy, "%s/.plan.json.%ld.0.tmp", fx->dir, pid);
    snprintf(live, sizeof live, "%s/.plan.json.wo%ld-0123456789abcdef.tmp",
             fx->dir, (long)getppid());
    snprintf(user, sizeof user, "%s/.plan.json.mine.tmp", fx->dir);
    assert_int_equal(wo_atomic_write(stale, "x", 1, &err), WO_OK);
    assert_int_equal(wo_atomic_write(legacy, "x", 1, &err), WO_OK);
    assert_int_equal(wo_atomic_write(live, "x", 1, &err), WO_OK);
    assert_int_equal(wo_atomic_write(user, "x", 1, &err), WO_OK);
    assert_int_equal(wo_atomic_write(path, "{}\n", 3, &err), WO_OK);
    assert_int_equal(access(stale, F_OK), -1);
    assert_int_equal(access(legacy, F_OK), -1);
    assert_int_equal(access(live, F_OK), 0);
    assert_int_equal(access(user, F_OK), 0);
}

/* Defect 4: a set replaces a directory as a whole, keeps the entries it
 * does not own, drops the files of the previous set the new one lacks,
 * and leaves nothing beside the directory. An aborted set changes
 * nothing. */
static void test_set_replaces_as_unit(void **state)
{
    fixture *fx = *state;
    char dir[128], p[192];
    wo_atomic_set set;
    char *s;
    wo_err err;
    wo_err_clear(&err);
    snprintf(dir, sizeof dir, "%s/out", fx->dir);
    assert_int_equal(wo_atomic_set_begin(&set, dir, &err), WO_OK);
    snprintf(p, sizeof p, "%s/a", set.stage);
    assert_int_equal(wo_atomic_write(p, "a1", 2, &err), WO_OK);
    snprintf(p, sizeof p, "%s/only-old", set.stage);
    assert_int_equal(wo_atomic_write(p, "o", 1, &err), WO_OK);
    assert_int_equal(wo_atomic_set_commit(&set, &err), WO_OK);
    snprintf(p, sizeof p, "%s/user.txt", dir);
    assert_int_equal(wo_atomic_write(p, "u", 1, &err), WO_OK);
    /* an aborted set */
    assert_int_equal(wo_atomic_set_begin(&set, dir, &err), WO_OK);
    snprintf(p, sizeof p, "%s/a", set.stage);
    assert_int_equal(wo_atomic_write(p, "a-never", 7, &err), WO_OK);
    wo_atomic_set_abort(&set);
    snprintf(p, sizeof p, "%s/a", dir);
    s = slurp(p);
    assert_string_equal(s, "a1");
    free(s);
    /* the second set */
    assert_int_equal(wo_atomic_set_begin(&set, dir, &err), WO_OK);
    snprintf(p, sizeof p, "%s/a", set.stage);
    assert_int_equal(wo_atomic_write(p, "a2", 2, &err), WO_OK);
    assert_int_equal(wo_atomic_set_commit(&set, &err), WO_OK);
    snprintf(p, sizeof p, "%s/a", dir);
    s = slurp(p);
    assert_string_equal(s, "a2");
    free(s);
    snprintf(p, sizeof p, "%s/user.txt", dir);
    s = slurp(p);
    assert_string_equal(s, "u");
    free(s);
    snprintf(p, sizeof p, "%s/only-old", dir);
    assert_int_equal(access(p, F_OK), -1);
    assert_int_equal(count_entries(fx->dir), 1); /* nothing beside out */
    assert_int_equal(count_entries(dir), 3);     /* a, user.txt, manifest */
}

/* A dead run's staging directory is emptied by the next set for the same
 * directory: its files deleted, a user's entry it had moved in moved back. */
static void test_set_stale_stage_cleaned(void **state)
{
    fixture *fx = *state;
    char dir[128], stage[192], p[256];
    wo_atomic_set set;
    wo_err err;
    long pid = dead_pid();
    wo_err_clear(&err);
    snprintf(dir, sizeof dir, "%s/out", fx->dir);
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(stage, sizeof stage, "%s/.out.wo%ld-00000000000000aa.set",
             fx->dir, pid);
    assert_int_equal(mkdir(stage, 0700), 0);
    snprintf(p, sizeof p, "%s/" WO_ATOMIC_MANIFEST, stage);
    {
        static const char man[] = "wasteopt output set 1\nrun x\n"
                                  "file\tplan.json\t1\t0\n";
        assert_int_equal(wo_atomic_write(p, man, sizeof man - 1, &err),
                         WO_OK);
    }
    snprintf(p, sizeof p, "%s/.wasteopt-carried", stage);
    assert_int_equal(wo_atomic_write(p, "notes.txt\n", 10, &err), WO_OK);
    snprintf(p, sizeof p, "%s/plan.json", stage);
    assert_int_equal(wo_atomic_write(p, "x", 1, &err), WO_OK);
    snprintf(p, sizeof p, "%s/notes.txt", stage);
    assert_int_equal(wo_atomic_write(p, "user", 4, &err), WO_OK);
    assert_int_equal(wo_atomic_set_begin(&set, dir, &err), WO_OK);
    assert_int_equal(access(stage, F_OK), -1);
    snprintf(p, sizeof p, "%s/notes.txt", dir);
    assert_int_equal(access(p, F_OK), 0);
    wo_atomic_set_abort(&set);
    assert_int_equal(count_entries(fx->dir), 1);
}

/* --check-set DIR: see the file comment. */
static int check_set(const char *dir)
{
    static const char *const need[] = {"plan.json", "routes.geojson",
                                       "sites.geojson", "stops.csv",
                                       "map.svg"};
    char p[4096], line[4096], run[64] = "";
    FILE *f;
    size_t i, n_need = sizeof need / sizeof need[0], found = 0;
    snprintf(p, sizeof p, "%s/" WO_ATOMIC_MANIFEST, dir);
    f = fopen(p, "rb");
    if (!f) {
        snprintf(p, sizeof p, "%s/plan.json", dir);
        if (access(p, F_OK) == 0) {
            printf("no manifest beside plan.json\n");
            return 1;
        }
        printf("none\n");
        return 0;
    }
    while (fgets(line, sizeof line, f)) {
        char name[1024], *data;
        unsigned long long size, digest;
        size_t len;
        if (!strncmp(line, "run ", 4)) {
            sscanf(line + 4, "%63s", run);
            continue;
        }
        if (sscanf(line, "file\t%1023[^\t]\t%llu\t%llx", name, &size,
                   &digest) != 3)
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, name);
        data = ts_slurp(p, &len);
        if (!data || len != size || wo_fnv1a64(data, len) != digest) {
            printf("mixed: %s is not the file of run %s\n", name, run);
            free(data);
            fclose(f);
            return 1;
        }
        free(data);
        for (i = 0; i < n_need; i++)
            found += !strcmp(name, need[i]);
    }
    fclose(f);
    if (!run[0] || found != n_need) {
        printf("incomplete: run '%s' lists %zu of the %zu plan files\n", run,
               found, n_need);
        return 1;
    }
    printf("%s\n", run);
    return 0;
}

int main(int argc, char **argv)
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
        cmocka_unit_test_setup_teardown(test_planted_symlinks_not_followed,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_temp_files_removed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_set_replaces_as_unit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_set_stale_stage_cleaned, setup,
                                        teardown),
    };
    if (argc == 3 && !strcmp(argv[1], "--check-set"))
        return check_set(argv[2]);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
