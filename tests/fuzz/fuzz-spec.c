/* Fuzz target: spec parsing and validation (cplot_spec_parse), data URLs
 * included, against a private root folder holding small data files. */
#include <stdlib.h>

#include "fuzz-common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_root();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cplot_spec_t *spec = NULL;
    cplot_status_t status =
        cplot_spec_parse((const char *)data, size, fuzz_spec_path(), fuzz_root(), &spec);
    fuzz_check_spec(spec, status, fuzz_spec_path());
    cplot_spec_destroy(spec);
    return 0;
}
