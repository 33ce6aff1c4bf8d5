/* embedded.c — lookup in the table of embedded default-scenario files. */
#include "data/embedded.h"

#include <string.h>

const wo_embedded_file *wo_embedded_find(const char *name)
{
    const wo_embedded_file *f;
    for (f = wo_embedded_files; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}
