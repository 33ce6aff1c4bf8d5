#!/bin/sh
# man3.sh — the section-3 manual of libwasteopt, made from the comments of
# the public header, so that the reference has one home: the header.
#
#   sh cli/man3.sh include/wasteopt.h OUTDIR VERSION
#
# Writes into OUTDIR:
#  - wasteopt.3: the header's opening comment, every function and type by
#    group, and the error codes of WO_ERRNO_MAP with their texts;
#  - one page per commented declaration group: the comment right above one
#    or more WO_API declarations is their DESCRIPTION, the declarations the
#    SYNOPSIS; the page is named after the group's first function and the
#    others are .so links to it;
#  - one page per commented type (typedef struct/enum), its body as the
#    SYNOPSIS.
# The header's comments follow one layout for this: a block comment right
# above what it describes; comments that open with '-' are section rules.
# Plain POSIX sh and awk: nothing else is needed to build the manual.
set -eu
hdr=$1
out=$2
version=$3
mkdir -p "$out"
awk -v out="$out" -v version="$version" '
function esc(s) {
    gsub(/\\/, "\\e", s)
    if (s ~ /^[.\047]/)
        s = "\\&" s
    return s
}
function head(f, name, what) {
    print ".TH " toupper(name) " 3 \"\" \"wasteopt " version "\" \"libwasteopt\"" > f
    print ".SH NAME" > f
    print name " \\- " what > f
}
function summary(text,    s) {
    s = text
    gsub(/\n/, " ", s)
    if (match(s, /[a-z0-9)"]\. [A-Z]/))
        s = substr(s, 1, RSTART)
    sub(/[.;:]$/, "", s)
    return s
}
function synopsis(f) {
    print ".SH SYNOPSIS" > f
    print ".nf" > f
    print ".B #include <wasteopt.h>" > f
}
function page(name, syn, text,    f, n, lines, i) {
    f = out "/" name ".3"
    head(f, name, summary(text))
    synopsis(f)
    print "" > f
    n = split(syn, lines, "\n")
    for (i = 1; i <= n; i++)
        print esc(lines[i]) > f
    print ".fi" > f
    print ".SH DESCRIPTION" > f
    n = split(text, lines, "\n")
    for (i = 1; i <= n; i++)
        print esc(lines[i]) > f
    print ".SH SEE ALSO" > f
    print ".BR wasteopt (3)" > f
    close(f)
}
function flush_group(    i) {
    if (ngroup == 0)
        return
    page(gname[1], gsyn, comment)
    for (i = 2; i <= ngroup; i++) {
        print ".so man3/" gname[1] ".3" > (out "/" gname[i] ".3")
        close(out "/" gname[i] ".3")
    }
    index_list = index_list ".TP\n.BR " gname[1] " (3)\n"
    for (i = 2; i <= ngroup; i++)
        index_list = index_list ".PD 0\n.TP\n.BR " gname[i] " (3)\n.PD\n"
    index_list = index_list esc(summary(comment)) "\n"
    ngroup = 0
    gsyn = ""
    comment = ""
}
BEGIN { state = "none"; ngroup = 0; comment = ""; lead = "" }
# the opening comment of the file
NR == 1 && /^\/\*/ { state = "lead"; next }
state == "lead" {
    if ($0 ~ /^ \*\//) { state = "none"; next }
    line = $0
    sub(/^ \* ?/, "", line)
    sub(/^ \*$/, "", line)
    lead = lead line "\n"
    next
}
# block comments: a rule ("/* ----") ends the group; others are text
state == "none" && /^\/\*/ {
    flush_group()
    line = $0
    sub(/^\/\* ?/, "", line)
    rule = (line ~ /^-/)
    comment = ""
    if (line ~ /\*\/$/) {
        sub(/ *\*\/$/, "", line)
        comment = rule ? "" : line
        next
    }
    comment = rule ? "" : line
    state = "comment"
    next
}
state == "comment" {
    line = $0
    done = (line ~ /\*\/ *$/)
    sub(/ *\*\/ *$/, "", line)
    sub(/^ *\* ?/, "", line)
    if (!rule && line != "")
        comment = comment "\n" line
    if (done)
        state = "none"
    next
}
# error codes of WO_ERRNO_MAP
/^    X\([A-Z]+, "/ {
    code = $0
    sub(/^    X\(/, "", code)
    text = code
    sub(/,.*/, "", code)
    sub(/^[A-Z]+, "/, "", text)
    sub(/"\).*/, "", text)
    errors = errors ".TP\n.B WO_E" code "\n" esc(text) "\n"
    next
}
# public declarations (may span lines until the semicolon)
state == "none" && /^WO_API / {
    decl = $0
    while (decl !~ /;/ && (getline more) > 0)
        decl = decl "\n" more
    name = decl
    gsub(/\n/, " ", name)
    sub(/\(.*/, "", name)
    sub(/.*[ *]/, "", name)
    if (comment != "" || ngroup > 0) {
        ngroup++
        gname[ngroup] = name
        syn = decl
        sub(/^WO_API /, "", syn)
        gsyn = gsyn (gsyn == "" ? "" : "\n") syn
    }
    next
}
# types: typedef with a body, or an opaque typedef on one line
state == "none" && /^typedef (struct|enum) [a-z_]+ [a-z_]+;/ {
    flush_group()
    name = $3
    if (comment != "") {
        page(name, $0, comment)
        types = types ".TP\n.BR " name " (3)\n" esc(summary(comment)) "\n"
    }
    comment = ""
    next
}
state == "none" && /^typedef (struct|enum) [a-z_]+ \{/ {
    flush_group()
    body = $0
    while (body !~ /\n\}/ && (getline more) > 0)
        body = body "\n" more
    name = body
    sub(/.*\n\} */, "", name)
    sub(/;.*/, "", name)
    if (comment != "") {
        page(name, body, comment)
        types = types ".TP\n.BR " name " (3)\n" esc(summary(comment)) "\n"
    }
    comment = ""
    next
}
# anything else (macros, blank lines) ends a group
/^$/ { flush_group(); comment = ""; next }
{ next }
END {
    flush_group()
    f = out "/wasteopt.3"
    head(f, "wasteopt", "the public interface of libwasteopt")
    synopsis(f)
    print ".fi" > f
    print ".PP" > f
    print "Compile and link with \\fIpkg-config --cflags --libs wasteopt\\fP." > f
    print ".SH DESCRIPTION" > f
    n = split(lead, lines, "\n")
    for (i = 1; i <= n; i++)
        print (lines[i] == "" ? ".PP" : esc(lines[i])) > f
    print ".SH FUNCTIONS" > f
    printf "%s", index_list > f
    print ".SH TYPES" > f
    printf "%s", types > f
    print ".SH ERRORS" > f
    printf "%s", errors > f
    close(f)
}
' "$hdr"
