/*
 * model.c — the fixed vocabularies of the domain model: streams, families,
 * site and facility kinds, facility status, treatment classes. See model.h.
 */
#include "data/model.h"

#include <math.h>
#include <string.h>

#include "geo/matrix.h"

static const wo_stream_info streams[WO_STREAM_COUNT] = {
    {WO_STREAM_HH_RECYCLABLE, "hh_recyclable", "可回收物", "recyclables",
     WO_FAMILY_HOUSEHOLD, 0, 120.0},
    {WO_STREAM_HH_KITCHEN, "hh_kitchen", "厨余垃圾", "kitchen / food waste",
     WO_FAMILY_HOUSEHOLD, 0, 800.0},
    {WO_STREAM_HH_HAZARDOUS, "hh_hazardous", "有害垃圾", "household hazardous",
     WO_FAMILY_HOUSEHOLD, 1, 300.0},
    {WO_STREAM_HH_OTHER, "hh_other", "其他垃圾", "residual / other",
     WO_FAMILY_HOUSEHOLD, 0, 250.0},
    {WO_STREAM_CD_SPOIL, "cd_spoil", "工程渣土", "excavated spoil",
     WO_FAMILY_CONSTRUCTION, 0, 1600.0},
    {WO_STREAM_CD_SLURRY, "cd_slurry", "工程泥浆", "engineering slurry",
     WO_FAMILY_CONSTRUCTION, 0, 1200.0},
    {WO_STREAM_CD_CONSTRUCTION, "cd_construction", "工程垃圾",
     "construction debris", WO_FAMILY_CONSTRUCTION, 0, 1300.0},
    {WO_STREAM_CD_DEMOLITION, "cd_demolition", "拆除垃圾", "demolition waste",
     WO_FAMILY_CONSTRUCTION, 0, 1200.0},
    {WO_STREAM_CD_RENOVATION, "cd_renovation", "装修垃圾", "renovation waste",
     WO_FAMILY_CONSTRUCTION, 0, 600.0},
    {WO_STREAM_MEDICAL, "medical", "医疗废物", "medical waste",
     WO_FAMILY_MEDICAL, 1, 150.0},
    {WO_STREAM_AG_FILM, "ag_film", "废旧农膜", "waste agricultural film",
     WO_FAMILY_AGRICULTURAL, 0, 100.0},
    {WO_STREAM_AG_STRAW, "ag_straw", "秸秆", "crop straw",
     WO_FAMILY_AGRICULTURAL, 0, 80.0},
    {WO_STREAM_AG_MANURE, "ag_manure", "畜禽粪污", "livestock manure",
     WO_FAMILY_AGRICULTURAL, 0, 900.0},
    {WO_STREAM_AG_PESTICIDE_PACK, "ag_pesticide_pack", "农药包装物",
     "pesticide packaging", WO_FAMILY_AGRICULTURAL, 1, 100.0},
    {WO_STREAM_BOTTOM_ASH, "bottom_ash", "炉渣", "incinerator bottom ash",
     WO_FAMILY_RESIDUE, 0, 1200.0},
    {WO_STREAM_FLY_ASH, "fly_ash", "飞灰", "incinerator fly ash",
     WO_FAMILY_RESIDUE, 1, 700.0},
    {WO_STREAM_SLUDGE, "sludge", "污泥", "sludge", WO_FAMILY_RESIDUE, 0,
     1000.0},
    {WO_STREAM_DIGESTATE, "digestate", "沼渣", "digestate", WO_FAMILY_RESIDUE,
     0, 1000.0},
    {WO_STREAM_REJECT, "reject", "分拣残余", "sorting / recycling rejects",
     WO_FAMILY_RESIDUE, 0, 300.0},
};

static const char *const family_names[WO_FAMILY_COUNT] = {
    "household", "construction", "medical", "agricultural", "residue"};

/* code, intermediate, recovery, incineration, harmless, landfill */
static const wo_treatment_info treatments[WO_TREAT_COUNT] = {
    {WO_TREAT_TRANSFER, "transfer", 1, 0, 0, 0, 0},
    {WO_TREAT_STORAGE, "storage", 1, 0, 0, 0, 0},
    {WO_TREAT_SORTING, "sorting", 0, 1, 0, 0, 0},
    {WO_TREAT_RESOURCE_UTILIZATION, "resource_utilization", 0, 1, 0, 0, 0},
    {WO_TREAT_COMPOSTING, "composting", 0, 1, 0, 1, 0},
    {WO_TREAT_DIGESTION, "digestion", 0, 1, 0, 1, 0},
    {WO_TREAT_FERTILIZER, "fertilizer", 0, 1, 0, 0, 0},
    {WO_TREAT_INCINERATION, "incineration", 0, 0, 1, 1, 0},
    {WO_TREAT_CO_PROCESSING, "co_processing", 0, 1, 0, 1, 0},
    {WO_TREAT_HARMLESS_DISPOSAL, "harmless_disposal", 0, 0, 0, 1, 0},
    {WO_TREAT_DEWATERING, "dewatering", 0, 0, 0, 0, 0},
    {WO_TREAT_BACKFILL, "backfill", 0, 1, 0, 0, 0},
    {WO_TREAT_LANDFILL, "landfill", 0, 0, 0, 1, 1},
};

static const char *const site_kinds[WO_SITE_KIND_COUNT] = {
    "collection_point",       "construction_site", "hospital", "clinic",
    "township_health_centre", "village_point",     "farm",     "field",
    "straw_storage",          "market",            "canteen"};

static const char *const facility_kinds[WO_FAC_KIND_COUNT] = {
    "transfer_station",
    "sorting_centre",
    "incinerator",
    "kitchen_waste_plant",
    "hazardous_waste",
    "landfill",
    "cd_recycling",
    "spoil_site",
    "slurry_plant",
    "medical_disposal",
    "film_centre",
    "straw_utilization",
    "fertilizer_plant",
    "pesticide_pack_centre",
    "sludge_plant",
    "cement_kiln",
    "ash_utilization",
    "storage",
    "other"};

static const char *const facility_statuses[WO_FSTATUS_COUNT] = {
    "operating", "closed", "planned", "candidate"};

static const char *const vehicle_roles[WO_ROLE_COUNT] = {
    "collection", "transfer", "haul"};

const wo_stream_info *wo_stream_get(int s)
{
    if (s < 0 || s >= WO_STREAM_COUNT)
        return NULL;
    return &streams[s];
}

const char *wo_family_name(wo_family f)
{
    if ((int)f < 0 || f >= WO_FAMILY_COUNT)
        return "?";
    return family_names[f];
}

const wo_treatment_info *wo_treatment_get(int t)
{
    if (t < 0 || t >= WO_TREAT_COUNT)
        return NULL;
    return &treatments[t];
}

static const char *vocab_code(wo_vocab v, int i)
{
    switch (v) {
    case WO_VOCAB_STREAM:
        return i < WO_STREAM_COUNT ? streams[i].code : NULL;
    case WO_VOCAB_SITE_KIND:
        return i < WO_SITE_KIND_COUNT ? site_kinds[i] : NULL;
    case WO_VOCAB_FACILITY_KIND:
        return i < WO_FAC_KIND_COUNT ? facility_kinds[i] : NULL;
    case WO_VOCAB_FACILITY_STATUS:
        return i < WO_FSTATUS_COUNT ? facility_statuses[i] : NULL;
    case WO_VOCAB_TREATMENT:
        return i < WO_TREAT_COUNT ? treatments[i].code : NULL;
    case WO_VOCAB_VEHICLE_ROLE:
        return i < WO_ROLE_COUNT ? vehicle_roles[i] : NULL;
    case WO_VOCAB_COUNT:
        break;
    }
    return NULL;
}

int wo_vocab_parse(wo_vocab v, const char *code)
{
    const char *c;
    int i;
    for (i = 0; (c = vocab_code(v, i)) != NULL; i++)
        if (strcmp(code, c) == 0)
            return i;
    return -1;
}

const char *wo_vocab_list(wo_vocab v, char *buf, size_t size)
{
    const char *c;
    size_t len = 0;
    int i;
    if (size == 0)
        return buf;
    buf[0] = '\0';
    for (i = 0; (c = vocab_code(v, i)) != NULL && len + 1 < size; i++) {
        if (i > 0)
            len += wo_strlcpy(buf + len, ", ", size - len);
        if (len + 1 >= size)
            break;
        len += wo_strlcpy(buf + len, c, size - len);
    }
    return buf;
}

int wo_stream_parse(const char *code, wo_stream *out)
{
    int i = wo_vocab_parse(WO_VOCAB_STREAM, code);
    if (i < 0)
        return WO_ENOTFOUND;
    *out = (wo_stream)i;
    return WO_OK;
}

int wo_treatment_parse(const char *code, wo_treatment *out)
{
    int i = wo_vocab_parse(WO_VOCAB_TREATMENT, code);
    if (i < 0)
        return WO_ENOTFOUND;
    *out = (wo_treatment)i;
    return WO_OK;
}

int wo_site_kind_parse(const char *code, wo_site_kind *out)
{
    int i = wo_vocab_parse(WO_VOCAB_SITE_KIND, code);
    if (i < 0)
        return WO_ENOTFOUND;
    *out = (wo_site_kind)i;
    return WO_OK;
}

int wo_facility_kind_parse(const char *code, wo_facility_kind *out)
{
    int i = wo_vocab_parse(WO_VOCAB_FACILITY_KIND, code);
    if (i < 0)
        return WO_ENOTFOUND;
    *out = (wo_facility_kind)i;
    return WO_OK;
}

int wo_facility_status_parse(const char *code, wo_facility_status *out)
{
    int i = wo_vocab_parse(WO_VOCAB_FACILITY_STATUS, code);
    if (i < 0)
        return WO_ENOTFOUND;
    *out = (wo_facility_status)i;
    return WO_OK;
}

/* Code of value i of vocabulary v; "?" when out of range. */
static const char *name_or_q(wo_vocab v, int i)
{
    const char *c = i >= 0 ? vocab_code(v, i) : NULL;
    return c ? c : "?";
}

const char *wo_site_kind_name(wo_site_kind k)
{
    return name_or_q(WO_VOCAB_SITE_KIND, (int)k);
}

const char *wo_facility_kind_name(wo_facility_kind k)
{
    return name_or_q(WO_VOCAB_FACILITY_KIND, (int)k);
}

const char *wo_facility_status_name(wo_facility_status s)
{
    return name_or_q(WO_VOCAB_FACILITY_STATUS, (int)s);
}

const char *wo_vehicle_role_name(wo_vehicle_role r)
{
    return name_or_q(WO_VOCAB_VEHICLE_ROLE, (int)r);
}

int wo_vehicle_loads_at_sites(const wo_vehicle_type *v, int s)
{
    return v->count > 0 && (v->streams & WO_STREAM_BIT(s)) &&
           v->role != WO_ROLE_TRANSFER;
}

double wo_scenario_circuity(const wo_scenario *sc)
{
    double c = sc->circuity_factor;
    return c >= 1.0 && isfinite(c) ? c : WO_CIRCUITY_DEFAULT;
}
