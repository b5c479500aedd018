/* The JSON Schema (draft 2020-12) of chart specs, generated from the
 * library's option tables so it can never disagree with validation. */
#ifndef CPLOT_SCHEMA_H
#define CPLOT_SCHEMA_H

#include <cjson/cJSON.h>

/* A new cJSON tree (release with cJSON_Delete), or NULL when out of memory. */
cJSON *spec_schema(void);

int command_schema(int argc, char **argv);

#endif
