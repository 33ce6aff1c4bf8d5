#!/bin/sh
# validate checks the full-load (haul) trips with the plan's own test: a
# construction site whose spoil no truck can carry to any place taking it
# and return within its shift, and a transfer station whose hook-lift
# trucks have a 10-minute shift, are validate errors naming the site or
# station, the stream, the types tried and their figures, and the plan
# leaves the same site or station as "shift"; a residue no haul truck
# carries, or whose plant no truck can reach its sink from within a shift,
# is an error too, and the plan leaves it at the plant. With the site
# moved next to the depot both agree it is servable. The embedded default validates OK
# and a deterministic plan leaves no spoil or slurry unserved as "shift"
# (nor any at all). Needs WO_BIN and WO_TOP.
set -u
bin=${WO_BIN:?}
top=${WO_TOP:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

check() { # description, condition status
    if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}

fails_validate() { # dir, case, what validate names, its error (grep)
    "$bin" validate --quiet "$1" >"$tmp/v" 2>&1
    st=$?
    check "$2: validate exit 3 (got $st)" $([ $st -eq 3 ]; echo $?)
    grep -q "$4" "$tmp/v"
    check "$2: validate names $3" $?
}

plan() { # dir out
    "$bin" plan "$1" --iterations 30 --seed 1 --time-limit 300 --threads 2 \
        --out "$2" --quiet >/dev/null 2>&1
}

# far: the mixed scenario with site CS3 about 240 km east of the county,
# 90 t of spoil a day; the dump trucks (30 km/h, 06:00-22:00) need 26 h.
mkdir -p "$tmp/far"
cp "$top"/tests/data/scenarios/mixed/* "$tmp/far/"
echo "CS3,远郊工地,construction_site,500999,urban,109.60,29.13,30,900,06:00-22:00," \
    >>"$tmp/far/sites.csv"
echo "CS3,cd_spoil,90000,,,1,,," >>"$tmp/far/demand.csv"
fails_validate "$tmp/far" "far spoil site" "the site, the stream and the row" \
    '^error: stream cd_spoil: site CS3 (demand.csv:15) cannot be served: no vehicle with role collection or haul carrying it can make one full-load trip alone within its shift to any of the 2 places taking it'
grep -q 'the nearest is CS2 at 383.8 km; vehicle types tried: dump (depot DC) 26.1 h of a 16.0 h shift$' "$tmp/v"
check "far spoil site: validate gives the nearest place, the types tried and their hours" $?
[ "$(grep -c '^error:' "$tmp/v")" -eq 1 ]
check "far spoil site: the only error" $?
plan "$tmp/far" "$tmp/farout"
st=$?
check "far spoil site: the plan leaves demand (exit $st)" $([ $st -eq 3 ]; echo $?)
# every unserved row of plan.json: site CS3, stream cd_spoil, reason shift
awk '/"unserved": \[/ { u = 1; next }
     u && /^  \]/ { u = 0 }
     u && /"site":/ { n++; if ($0 !~ /"CS3"/) bad = 1 }
     u && /"stream":/ && $0 !~ /"cd_spoil"/ { bad = 1 }
     u && /"reason":/ && $0 !~ /"shift"/ { bad = 1 }
     u && /"amount_kg":/ && $0 !~ /90000/ { bad = 1 }
     END { exit bad || n == 0 }' "$tmp/farout/plan.json"
check "far spoil site: the plan leaves CS3's spoil (all 90 t a day) as shift, and nothing else" $?

# near: the same site next to the depot is servable; both agree.
sed 's/^CS3,\(.*\),109.60,29.13,/CS3,\1,107.14,29.14,/' "$tmp/far/sites.csv" \
    >"$tmp/s" && mv "$tmp/s" "$tmp/far/sites.csv"
"$bin" validate --quiet "$tmp/far" >"$tmp/v" 2>&1
check "near spoil site: validate OK (exit $?)" $?
plan "$tmp/far" "$tmp/nearout"
st=$?
check "near spoil site: the plan serves every mandatory demand (exit $st)" \
    $([ $st -eq 0 ]; echo $?)

# station: the small scenario's hook-lift trucks get a 10-minute shift.
mkdir -p "$tmp/ts"
cp "$top"/tests/data/scenarios/small/* "$tmp/ts/"
sed 's/^hooklift,\(.*\),06:00,22:00,12,/hooklift,\1,06:00,06:10,,/' \
    "$top/tests/data/scenarios/small/vehicle_types.csv" >"$tmp/ts/vehicle_types.csv"
fails_validate "$tmp/ts" "short transfer shift" \
    "the station, the stream, the type and its hours" \
    '^error: stream hh_other: what station TS1 (facilities.csv:2) receives cannot go on: no vehicle with role transfer carrying it can make one full-load trip alone within its shift.*the nearest is INC at 19.6 km; vehicle types tried: hooklift (depot D1) 1.4 h of a 0.2 h shift$'
plan "$tmp/ts" "$tmp/tsout"
grep -q '"site": "TS1"' "$tmp/tsout/plan.json" &&
    grep -q '"reason": "shift"' "$tmp/tsout/plan.json"
check "short transfer shift: the plan leaves TS1's load as shift" $?

inc_ash_left() { # plan.json, reason: INC's bottom ash unserved for reason
    awk -v why="\"reason\": \"$2\"" '
        /"site": "INC"/ { s = 1 } s && /"stream": "bottom_ash"/ { b = 1 }
        s && b && index($0, why) { ok = 1 } /\}/ { s = 0; b = 0 }
        END { exit !ok }' "$1"
}

ash_case() { # case, what validate names, its error (grep), plan reason, out
    fails_validate "$tmp/ash" "$1" "$2" "$3"
    plan "$tmp/ash" "$5"
    inc_ash_left "$5/plan.json" "$4"
    check "$1: the plan leaves INC's bottom ash as $4" $?
}

# residue: the small scenario without its bottom-ash truck, then with the
# ash plant 200 km east: validate says no_vehicle, then haul_shift, naming
# the plant; the plan leaves INC's ash there for the same reason.
mkdir -p "$tmp/ash"
cp "$top"/tests/data/scenarios/small/* "$tmp/ash/"
grep -v '^ashtruck,' "$top/tests/data/scenarios/small/vehicle_types.csv" \
    >"$tmp/ash/vehicle_types.csv"
ash_case "no ash truck" "the residue and the missing haul type" \
    '^error: stream bottom_ash: [0-9.]* t/d of residue yielded by the plants .*no vehicle type of role haul' \
    no_vehicle "$tmp/ashout"
cp "$top/tests/data/scenarios/small/vehicle_types.csv" "$tmp/ash/"
sed -i 's/^ASH,\(.*\),106\.64,29\.67,/ASH,\1,108.64,29.67,/' "$tmp/ash/facilities.csv"
ash_case "far ash plant" "the plant, the residue and the type" \
    '^error: stream bottom_ash: the residue of plant INC (facilities.csv:3) cannot go on: no vehicle with role haul carrying it can make one full-load trip alone within its shift.*the nearest is ASH at [0-9.]* km; vehicle types tried: ashtruck (depot D2)' \
    shift "$tmp/ashout2"

# the default: validate OK; no spoil or slurry left by the plan (under the
# sanitizers, WO_SAN=1, the plan is the plain pass's: test_haul_cli plans
# the default under them).
"$bin" validate --quiet >"$tmp/v" 2>&1
check "default validates OK (exit $?)" $?
[ "${WO_SAN:-0}" = 1 ] && exit $fail
"$bin" plan --iterations 1 --seed 1 --time-limit 3600 --threads 2 \
    --out "$tmp/def" --quiet >/dev/null 2>&1
st=$?
check "default plan runs (exit $st)" $([ $st -eq 0 ] || [ $st -eq 3 ]; echo $?)
awk '/"unserved": \[/ { u = 1; next }
     u && /^  \]/ { u = 0 }
     u && /"stream": "cd_s(poil|lurry)"/ { print; bad = 1 }
     END { exit bad }' "$tmp/def/plan.json"
check "default plan: no cd_spoil or cd_slurry left unserved" $?

exit $fail
