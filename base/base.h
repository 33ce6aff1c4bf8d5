/*
 * base.h — the ground floor of wasteopt: what every layer uses and that
 * knows nothing of waste, roads or solvers. Errors (err.h), the allocation
 * hook (alloc.h), growable buffers and the arena (buf.h), the RNG (rng.h),
 * the clock (clock.h), CSV field quoting (csvfield.h), checked parsing
 * (parse.h), the FNV-1a checksum (hash.h), atomic output files and sets
 * (atomic.h), progress and cancellation (progress.h).
 *
 * base/ includes nothing of the project outside base/ but the public
 * header include/wasteopt.h, the one home of the error codes and of the
 * wo_err buffer (err.h includes it). Nothing here prints or exits.
 * Fallible functions return an int that is WO_OK (0) or one of the WO_E...
 * codes; the detail goes into a wo_err message buffer owned by the caller.
 */
#ifndef WO_BASE_H
#define WO_BASE_H

#include "base/alloc.h"
#include "base/atomic.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/csvfield.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/parse.h"
#include "base/progress.h"
#include "base/rng.h"

#endif /* WO_BASE_H */
