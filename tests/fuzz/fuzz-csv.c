/* Fuzz target: the CSV/TSV reader (cplot_read_csv). */
#include "fuzz-data-common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_read_data(cplot_read_csv, data, size, true);
    return 0;
}
