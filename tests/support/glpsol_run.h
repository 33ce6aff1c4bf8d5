/*
 * glpsol_run.h — test support: solve a written model with the glpsol
 * command-line solver and read back its objective, so tests can check that
 * an exported MPS / CPLEX-LP file means the same as the in-memory model.
 */
#ifndef WO_TEST_GLPSOL_RUN_H
#define WO_TEST_GLPSOL_RUN_H

/* 1 if glpsol is on the PATH. */
int wo_test_have_glpsol(void);

/* Objective that glpsol reports for the file (flag "--lp" or
 * "--freemps"), NAN if it cannot be run or prints none. */
double wo_test_glpsol_obj(const char *flag, const char *path);

#endif /* WO_TEST_GLPSOL_RUN_H */
