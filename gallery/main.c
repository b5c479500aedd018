#include <stdio.h>

#include "cplot/cplot.h"

int main(void)
{
    printf("cplot %s\n", cplot_version_string());
    return 0;
}
