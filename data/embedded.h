/*
 * embedded.h — the files of data/chongqing/ compiled into the library
 * (generated at build time by tools/embed.c). The table ends with a
 * {NULL, NULL, 0} entry. data[size] is a NUL byte, so text files can be
 * read as C strings too.
 */
#ifndef WO_EMBEDDED_H
#define WO_EMBEDDED_H

#include <stddef.h>

typedef struct wo_embedded_file {
    const char *name;           /* base name, e.g. "sites.csv" */
    const unsigned char *data;  /* contents, NUL-terminated    */
    long size;                  /* bytes, without the NUL      */
} wo_embedded_file;

extern const wo_embedded_file wo_embedded_files[];

/* Look a file up by base name; NULL when absent. */
const wo_embedded_file *wo_embedded_find(const char *name);

#endif /* WO_EMBEDDED_H */
