/* Fuzz target: the JSON data reader (cplot_read_json_data_text). */
#include "fuzz-data-common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_read_data(cplot_read_json_data_text, data, size, false);
    return 0;
}
