/*
 * indicators_out.h — the report of the annex indicators (data/indicators.h)
 * as the command line writes it: a text table, CSV or JSON. It lives in
 * cli/ because data/ only reads; `wasteopt indicators` and `wasteopt site`
 * write through it.
 */
#ifndef WO_CLI_INDICATORS_OUT_H
#define WO_CLI_INDICATORS_OUT_H

#include "base/base.h"
#include "cli/json.h"
#include "data/indicators.h"

/* Report formats. */
enum { WO_IND_FMT_TEXT, WO_IND_FMT_CSV, WO_IND_FMT_JSON };

/* Append the report to `out` as a text table, CSV (header + one row per
 * line) or JSON (an object with "year", "stats_year", "binding_unmet" and
 * "indicators"). Values are printed with 2 decimals, "n/a" where there is
 * none (JSON: null and a "reason"). `source` (may be NULL) names the
 * statistics in the text heading. WO_ENOMEM / WO_ETOOBIG from the buffer. */
int wo_ind_report_write(const wo_ind_report *r, int format,
                        const char *source, wo_buf *out);

/* Significant digits of the reals of the JSON report. */
#define WO_IND_JSON_DIGITS 10

/* The JSON report as a document (new reference, NULL when out of memory),
 * for embedding in another document (plan.json, the siting summary): the
 * same values as wo_ind_report_write's JSON, reals already held to
 * WO_IND_JSON_DIGITS significant digits. */
wo_json *wo_ind_report_json(const wo_ind_report *r);

#endif /* WO_CLI_INDICATORS_OUT_H */
