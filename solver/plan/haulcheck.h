/*
 * haulcheck.h — validate's check of the full-load trips: every site with
 * spoil or slurry to carry, every transfer or storage station whose
 * stream goes on to a plant, and every plant yielding a residue, has a
 * vehicle of the right role that can make
 * one trip alone within its shift, by the plan's own trip simulation
 * (haul.c), so that a scenario that validates OK leaves none of them
 * "shift" in the plan.
 */
#ifndef WO_PLAN_HAULCHECK_H
#define WO_PLAN_HAULCHECK_H

#include "data/validate.h"

/* Add to c an error "haul_shift" for each spoil or slurry demand row with
 * surplus, each usable facility passing a stream with demand on to a
 * plant, and each usable plant yielding a residue that c's stream summary
 * (wo_scenario_check, run first) expects, from which no vehicle type that
 * may carry the load (role haul or collection from sites, role transfer
 * from stations, role haul from the plants) can make one trip
 * alone — from its depot, load, drive to a place taking it (a fill site
 * needing spoil in the plan date's month, a facility treating the stream),
 * unload, back to its depot, within its shift window, its shift length,
 * the places' hours and its break — as the plan simulates it. The message
 * names the site or station, the stream, the nearest place taking it, the
 * types tried and their trip against their shift. A residue yielded with
 * no haul-role type carrying it is an error "no_vehicle"; other origins
 * without a type or a place are left to data/validate.c's stream errors.
 * WO_OK or WO_ENOMEM. */
int wo_check_haul_trips(const wo_scenario *sc, wo_check *c);

#endif /* WO_PLAN_HAULCHECK_H */
