/*
 * indicators_out.c — the text, CSV and JSON report of the annex
 * indicators, written into a buffer. See indicators_out.h.
 */
#include "cli/indicators_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/json.h"
#include "cli/out.h"

static const char *cmp_text(wo_ind_cmp c)
{
    switch (c) {
    case WO_IND_CMP_NONE:
        return "";
    case WO_IND_CMP_GE:
        return ">=";
    case WO_IND_CMP_GT:
        return ">";
    }
    return "";
}

static const char *status_code(wo_ind_status s)
{
    switch (s) {
    case WO_IND_MET:
        return "met";
    case WO_IND_NOT_MET:
        return "not_met";
    case WO_IND_NO_TARGET:
        return "no_target";
    case WO_IND_NA:
        return "n/a";
    }
    return "?";
}

/* Append a CSV field (cli/out.h's quoting) and its separator. */
static int csv_field(wo_buf *b, const char *s, int last)
{
    int rc = wo_csvw_field(b, s);
    if (rc == WO_OK)
        rc = wo_buf_append(b, last ? "\n" : ",", 1);
    return rc;
}

static int write_text(const wo_ind_report *r, const char *source, wo_buf *b)
{
    int i, rc;
    rc = wo_buf_printf(b, "Annex indicators (重庆市垃圾分类治理工作主要指标), "
                          "targets of %ld",
                       r->year);
    if (rc == WO_OK && r->stats_year)
        rc = wo_buf_printf(b, ", figures of %ld", r->stats_year);
    if (rc == WO_OK && source)
        rc = wo_buf_printf(b, " (%s)", source);
    if (rc == WO_OK)
        rc = wo_buf_printf(b, "\n%-11s %-40s %9s  %-7s %s\n", "#",
                           "indicator", "value", "target", "status");
    for (i = 0; rc == WO_OK && i < WO_IND_COUNT; i++) {
        const wo_ind_result *l = &r->line[i];
        char key[16], val[32], tgt[32], st[48];
        snprintf(key, sizeof key, "%s%s", l->def->key,
                 l->def->binding ? " *" : "");
        if (l->has_value)
            snprintf(val, sizeof val, "%.2f %%", l->value_pct);
        else
            wo_strlcpy(val, "n/a", sizeof val);
        if (l->target.cmp == WO_IND_CMP_NONE)
            wo_strlcpy(tgt, "-", sizeof tgt);
        else
            snprintf(tgt, sizeof tgt, "%s %g", cmp_text(l->target.cmp),
                     l->target.pct);
        switch (l->status) {
        case WO_IND_MET:
            wo_strlcpy(st, "met", sizeof st);
            break;
        case WO_IND_NOT_MET:
            wo_strlcpy(st, "NOT MET", sizeof st);
            break;
        case WO_IND_NO_TARGET:
            wo_strlcpy(st, "no target", sizeof st);
            break;
        case WO_IND_NA:
            snprintf(st, sizeof st, "n/a (%s)", l->na_reason);
            break;
        }
        rc = wo_buf_printf(b, "%-11s %-40s %9s  %-7s %s\n", key,
                           l->def->name_en, val, tgt, st);
    }
    if (rc == WO_OK)
        rc = wo_buf_printf(b, "* binding (约束性); R: related target of "
                              "渝府发〔2021〕8号, not in the annex\n");
    if (rc == WO_OK) {
        if (r->binding_unmet)
            rc = wo_buf_printf(b, "binding indicators NOT met: %d\n",
                               r->binding_unmet);
        else
            rc = wo_buf_printf(b, "binding indicators: all met\n");
    }
    return rc;
}

static int write_csv(const wo_ind_report *r, wo_buf *b)
{
    int i, rc;
    rc = wo_buf_printf(b, "key,annex,name_en,name_zh,binding,year,value_pct,"
                          "target_cmp,target_pct,status,numerator,"
                          "denominator,reason\n");
    for (i = 0; rc == WO_OK && i < WO_IND_COUNT; i++) {
        const wo_ind_result *l = &r->line[i];
        char val[32] = "n/a", tgt[32] = "", num[32] = "", den[32] = "",
             yr[16];
        if (l->has_value)
            snprintf(val, sizeof val, "%.2f", l->value_pct);
        if (l->target.cmp != WO_IND_CMP_NONE)
            snprintf(tgt, sizeof tgt, "%g", l->target.pct);
        if (l->na_reason == NULL || strcmp(l->na_reason, "no data")) {
            snprintf(num, sizeof num, "%.10g", l->numerator);
            snprintf(den, sizeof den, "%.10g", l->denominator);
        }
        snprintf(yr, sizeof yr, "%ld", r->year);
        rc = csv_field(b, l->def->key, 0);
        if (rc == WO_OK)
            rc = csv_field(b, l->def->in_annex ? "yes" : "no", 0);
        if (rc == WO_OK)
            rc = csv_field(b, l->def->name_en, 0);
        if (rc == WO_OK)
            rc = csv_field(b, l->def->name_zh, 0);
        if (rc == WO_OK)
            rc = csv_field(b, l->def->binding ? "yes" : "no", 0);
        if (rc == WO_OK)
            rc = csv_field(b, yr, 0);
        if (rc == WO_OK)
            rc = csv_field(b, val, 0);
        if (rc == WO_OK)
            rc = csv_field(b, cmp_text(l->target.cmp), 0);
        if (rc == WO_OK)
            rc = csv_field(b, tgt, 0);
        if (rc == WO_OK)
            rc = csv_field(b, status_code(l->status), 0);
        if (rc == WO_OK)
            rc = csv_field(b, num, 0);
        if (rc == WO_OK)
            rc = csv_field(b, den, 0);
        if (rc == WO_OK)
            rc = csv_field(b, l->na_reason ? l->na_reason : "", 1);
    }
    return rc;
}

/* A JSON real of v as the report prints it: WO_IND_JSON_DIGITS significant
 * digits, so that a report embedded in another document carries the same
 * numbers as the report written alone. */
static wo_json *report_real(double v)
{
    char txt[64];
    snprintf(txt, sizeof txt, "%.*g", WO_IND_JSON_DIGITS, v);
    return wo_json_real(strtod(txt, NULL));
}

wo_json *wo_ind_report_json(const wo_ind_report *r)
{
    wo_json *root = wo_json_object(), *arr = wo_json_array();
    int i;
    if (!root || !arr)
        goto err;
    if (wo_json_object_set_new(root, "year", wo_json_integer(r->year)) ||
        wo_json_object_set_new(root, "stats_year",
                               r->stats_year ? wo_json_integer(r->stats_year)
                                             : wo_json_null()) ||
        wo_json_object_set_new(root, "binding_unmet",
                               wo_json_integer(r->binding_unmet)) ||
        wo_json_object_set(root, "indicators", arr))
        goto err;
    for (i = 0; i < WO_IND_COUNT; i++) {
        const wo_ind_result *l = &r->line[i];
        wo_json *o = wo_json_object(), *tgt = NULL;
        if (!o)
            goto err;
        if (wo_json_array_append_new(arr, o))
            goto err;
        if (l->target.cmp == WO_IND_CMP_NONE) {
            tgt = wo_json_null();
        } else if ((tgt = wo_json_object()) != NULL &&
                   (wo_json_object_set_new(
                        tgt, "cmp", wo_json_string(cmp_text(l->target.cmp))) ||
                    wo_json_object_set_new(tgt, "pct",
                                           report_real(l->target.pct)))) {
            wo_json_decref(tgt);
            goto err;
        }
        if (wo_json_object_set_new(o, "key", wo_json_string(l->def->key)) ||
            wo_json_object_set_new(o, "in_annex",
                                   wo_json_boolean(l->def->in_annex)) ||
            wo_json_object_set_new(o, "name_en",
                                   wo_json_string(l->def->name_en)) ||
            wo_json_object_set_new(o, "name_zh",
                                   wo_json_string(l->def->name_zh)) ||
            wo_json_object_set_new(o, "binding",
                                   wo_json_boolean(l->def->binding)) ||
            wo_json_object_set_new(o, "value_pct",
                                   l->has_value ? report_real(l->value_pct)
                                                : wo_json_null()) ||
            wo_json_object_set_new(o, "target", tgt) ||
            wo_json_object_set_new(o, "status",
                                   wo_json_string(status_code(l->status))) ||
            wo_json_object_set_new(o, "reason",
                                   l->na_reason ? wo_json_string(l->na_reason)
                                                : wo_json_null()))
            goto err;
    }
    wo_json_decref(arr);
    return root;
err:
    wo_json_decref(arr);
    wo_json_decref(root);
    return NULL;
}

static int write_json(const wo_ind_report *r, wo_buf *b)
{
    wo_json *root = wo_ind_report_json(r);
    char *s = NULL;
    int rc = WO_ENOMEM;
    if (!root)
        return WO_ENOMEM;
    s = wo_json_dumps(root, WO_JSON_INDENT(2) | WO_JSON_PRESERVE_ORDER |
                             WO_JSON_REAL_PRECISION(WO_IND_JSON_DIGITS));
    if (s) {
        rc = wo_buf_append(b, s, strlen(s));
        if (rc == WO_OK)
            rc = wo_buf_append(b, "\n", 1);
    }
    wo_json_free_text(s);
    wo_json_decref(root);
    return rc;
}

int wo_ind_report_write(const wo_ind_report *r, int format,
                        const char *source, wo_buf *out)
{
    switch (format) {
    case WO_IND_FMT_TEXT:
        return write_text(r, source, out);
    case WO_IND_FMT_CSV:
        return write_csv(r, out);
    case WO_IND_FMT_JSON:
        return write_json(r, out);
    default:
        return WO_EINVAL;
    }
}
