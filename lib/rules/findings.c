#include "rules/findings.h"

#include <stdlib.h>
#include <string.h>

void xs_findings_init(xs_findings *f)
{
    memset(f, 0, sizeof(*f));
}

void xs_findings_cleanup(xs_findings *f)
{
    for (size_t i = 0; i < f->count; i++) {
        free(f->items[i].detail);
    }
    free(f->items);
    xs_findings_init(f);
}

static bool same_detail(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool already_recorded(const xs_findings *f, xs_rule_id rule, int depth, const char *detail)
{
    for (size_t i = 0; i < f->count; i++) {
        const xs_raw_finding *x = &f->items[i];
        if (x->rule == rule && x->depth == depth && same_detail(x->detail, detail)) {
            return true;
        }
    }
    return false;
}

void xs_findings_add(xs_findings *f, xs_rule_id rule, int depth, const char *detail)
{
    if (f->failed || already_recorded(f, rule, depth, detail)) {
        return;
    }
    if (f->count == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        xs_raw_finding *items = realloc(f->items, cap * sizeof(*items));
        if (items == NULL) {
            f->failed = true;
            return;
        }
        f->items = items;
        f->cap = cap;
    }
    xs_raw_finding *x = &f->items[f->count];
    x->rule = rule;
    x->depth = depth;
    x->detail = NULL;
    if (detail != NULL && (x->detail = xs_strdup(detail)) == NULL) {
        f->failed = true;
        return;
    }
    f->count++;
}
