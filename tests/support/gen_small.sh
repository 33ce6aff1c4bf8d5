#!/bin/sh
# Seeded generator of small scenarios for tests: gen_small.sh TOP OUT N SEED
# writes OUT/s01 .. OUT/sNN, each a scenario on the two schematic districts,
# facilities and depots of tests/data/scenarios/small with its own sites,
# demand and fleet; as there, household fleets are municipal (one depot's
# vehicles serve both districts). Scenario k is of class (k - 1) mod 5:
#   0, 1  servable: 3-8 collection points, a fleet with room to spare
#   2     as 0, plus one collection point ~120 km away: no vehicle can
#         serve it alone within its shift
#   3     as 0, but the compactors' payload typed as 8 kg (tonnes as kg)
#   4     as 0, plus a residual-waste window outside the compactors' shift
# As in the small scenario, the household fleets of its two depots serve
# both districts (fleet_sharing household municipal), two hook-lift
# trucks carry on what the transfer station receives, and haul trucks the
# plants' residues.
# The class is also written to OUT/sNN/class. The random numbers are a
# Park-Miller generator in awk's doubles (exact below 2^53), so every awk
# writes the same files for the same seed.
set -u
top=${1:?TOP}
out=${2:?OUT}
n=${3:?N}
seed=${4:?SEED}
base="$top/tests/data/scenarios/small"
k=1
while [ "$k" -le "$n" ]; do
    dir=$(printf '%s/s%02d' "$out" "$k")
    mkdir -p "$dir" || exit 1
    for f in districts.geojson facilities.csv processes.csv \
             capacity_levels.csv depots.csv; do
        cp "$base/$f" "$dir/" || exit 1
    done
    cls=$(( (k - 1) % 5 ))
    echo "$cls" >"$dir/class"
    awk -v dir="$dir" -v cls="$cls" -v seed="$((seed * 100 + k))" -v k="$k" '
    function rnd() { x = (x * 16807) % 2147483647; return x / 2147483647 }
    function between(a, b) { return a + (b - a) * rnd() }
    function pick(n) { return int(n * rnd()) }
    BEGIN {
        x = seed % 2147483646 + 1
        for (i = 0; i < 5; i++) rnd()
        sites = dir "/sites.csv"; dem = dir "/demand.csv"
        vt = dir "/vehicle_types.csv"; sj = dir "/scenario.json"
        print "id,name,kind,district,area,lon,lat,service_s,time_windows," \
              "storage_capacity_kg" > sites
        print "site_id,stream,kg_per_day,m3_per_day,frequency_d," \
              "storage_limit_d,time_windows,optional,penalty_cny" > dem
        n = 3 + pick(6)
        oth = 0; kit = 0; rec = 0
        for (i = 1; i <= n; i++) {
            # inside district 500103 (south) or 500105 (north)
            if (rnd() < 0.5) { d = "500103"; lon = between(106.53, 106.59)
                               lat = between(29.535, 29.575) }
            else { d = "500105"; lon = between(106.50, 106.68)
                   lat = between(29.59, 29.66) }
            if (cls == 2 && i == n) { lon = 107.45; lat = 30.30 }
            printf "P%d,point %d,collection_point,%s,urban,%.4f,%.4f,%d,,\n",
                   i, i, d, lon, lat, 240 + 60 * pick(2) > sites
            kg = 500 * (1 + pick(9)); oth += kg
            tw = ""
            if (rnd() < 0.3) tw = "20:00-26:00"
            if (cls == 4 && i == 1) tw = "14:00-15:00"
            printf "P%d,hh_other,%d,,1,,%s,,\n", i, kg, tw > dem
            if (rnd() < 0.6) {
                kg = 200 * (1 + pick(6)); kit += kg
                printf "P%d,hh_kitchen,%d,,1,,,,\n", i, kg > dem
            }
            if (rnd() < 0.4) {
                kg = 100 * (1 + pick(5)); rec += kg
                printf "P%d,hh_recyclable,%d,,1,,,%s\n", i, kg,
                       rnd() < 0.3 ? "1,300" : "," > dem
            }
        }
        print "id,name,streams,count,depot_id,end_depot_id,capacity_kg," \
              "capacity_m3,speed_kmh,cost_cny_per_km,cost_cny_per_h," \
              "fixed_cost_cny,shift_start,shift_end,shift_max_h,break_min," \
              "break_earliest,break_latest,max_stops,trips_per_day,role" > vt
        printf "compactor,8 t compactor,hh_other,%d,D1,,%d,40,25,4.5,80," \
               "300,20:00,30:00,8,30,24:00,26:00,,2,\n",
               int(oth / 8000) + 2, cls == 3 ? 8 : 8000 > vt
        if (kit > 0)
            printf "tanker,kitchen tanker,hh_kitchen,%d,D2,,5000,10,25,4,70," \
                   "250,05:00,13:00,,,,,,2,\n", int(kit / 5000) + 1 > vt
        if (rec > 0)
            print "box,box truck,hh_recyclable,1,D2,D2,3000,20,30,3,60,200," \
                  "08:00,17:00,,,,,,1," > vt
        # the second echelon: what the transfer station receives goes on
        print "hooklift,hook-lift transfer truck 20 t,hh_other,2,D1,,20000," \
              "30,40,4.5,80,300,06:00,22:00,12,,,,,4,transfer" > vt
        # and the residues of the plants go to their sinks
        print "ashtruck,bottom-ash dump truck 10 t,bottom_ash,1,D2,,10000," \
              "10,30,5,80,300,06:00,18:00,10,,,,,4,haul" > vt
        print "flyash,sealed fly-ash tanker 5 t,fly_ash,1,D2,,5000,6,30,5," \
              "80,300,06:00,18:00,10,,,,,4,haul" > vt
        print "resdump,residue dump truck 5 t,digestate;reject,2,D2,,5000,6," \
              "30,4.5,80,250,06:00,18:00,10,,,,,4,haul" > vt
        printf "{\"format\": \"wasteopt-scenario\", \"version\": 1,\n" \
               " \"name\": \"gen-%02d\", \"year\": 2025, " \
               "\"date\": \"2025-06-16\",\n \"datum\": \"wgs84\",\n" \
               " \"files\": {\"districts\": \"districts.geojson\", " \
               "\"facilities\": \"facilities.csv\",\n" \
               "  \"processes\": \"processes.csv\", " \
               "\"capacity_levels\": \"capacity_levels.csv\",\n" \
               "  \"depots\": \"depots.csv\", " \
               "\"vehicle_types\": \"vehicle_types.csv\",\n" \
               "  \"sites\": \"sites.csv\", \"demand\": \"demand.csv\"},\n" \
               " \"circuity_factor\": 1.45,\n" \
               " \"plan\": {\"time_limit_s\": 10, \"seed\": %d},\n" \
               " \"fleet_sharing\": {\"household\": \"municipal\"}}\n",
               k, k > sj
    }' || exit 1
    k=$((k + 1))
done
