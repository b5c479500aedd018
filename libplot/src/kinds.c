/* The registry of chart kinds. */
#include <string.h>

#include "chart-private.h"

extern const cplot_kind_class_t cplot_scatter_class;
extern const cplot_kind_class_t cplot_heatmap_class;
extern const cplot_kind_class_t cplot_bar_class;
extern const cplot_kind_class_t cplot_histogram_class;
extern const cplot_kind_class_t cplot_density_class;
extern const cplot_kind_class_t cplot_correlogram_class;
extern const cplot_kind_class_t cplot_hexbin_class;
extern const cplot_kind_class_t cplot_pairplot_class;
extern const cplot_kind_class_t cplot_joint_class;

static const cplot_kind_class_t *const classes[] = {
    [CPLOT_KIND_SCATTER] = &cplot_scatter_class,
    [CPLOT_KIND_HEATMAP] = &cplot_heatmap_class,
    [CPLOT_KIND_BAR] = &cplot_bar_class,
    [CPLOT_KIND_HISTOGRAM] = &cplot_histogram_class,
    [CPLOT_KIND_DENSITY] = &cplot_density_class,
    [CPLOT_KIND_CORRELOGRAM] = &cplot_correlogram_class,
    [CPLOT_KIND_HEXBIN] = &cplot_hexbin_class,
    [CPLOT_KIND_PAIRPLOT] = &cplot_pairplot_class,
    [CPLOT_KIND_JOINT] = &cplot_joint_class,
};
#define KIND_COUNT (sizeof classes / sizeof classes[0])

const cplot_kind_class_t *cplot_kind_class(cplot_kind_t kind)
{
    return (unsigned)kind < KIND_COUNT ? classes[kind] : NULL;
}

const char *cplot_kind_name(cplot_kind_t kind)
{
    const cplot_kind_class_t *klass = cplot_kind_class(kind);
    return klass ? klass->name : NULL;
}

bool cplot_kind_from_name(const char *name, cplot_kind_t *kind)
{
    for (size_t i = 0; name && i < KIND_COUNT; i++) {
        if (strcmp(classes[i]->name, name) == 0) {
            if (kind)
                *kind = (cplot_kind_t)i;
            return true;
        }
    }
    return false;
}
