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
        free(f->items[i].path);
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

static bool grow(xs_findings *f)
{
    if (f->count < f->cap) {
        return true;
    }
    size_t cap = f->cap ? f->cap * 2 : 8;
    xs_raw_finding *items = realloc(f->items, cap * sizeof(*items));
    if (items == NULL) {
        f->failed = true;
        return false;
    }
    f->items = items;
    f->cap = cap;
    return true;
}

void xs_findings_add_raw(xs_findings *f, const xs_finding_in *in)
{
    if (f->count >= XS_MAX_FINDINGS) {
        f->dropped++;
        return;
    }
    if (f->failed || !grow(f)) {
        return;
    }
    xs_raw_finding *x = &f->items[f->count];
    x->rule = in->rule;
    x->depth = in->depth;
    x->source = in->source;
    x->offset = in->offset;
    x->predates = in->predates;
    x->unreadable = in->unreadable;
    x->detail = NULL;
    x->path = NULL;
    if ((in->detail != NULL && (x->detail = xs_strdup(in->detail)) == NULL) ||
        (in->path != NULL && (x->path = xs_strdup(in->path)) == NULL)) {
        free(x->detail);
        f->failed = true;
        return;
    }
    f->count++;
}

void xs_findings_add(xs_findings *f, xs_rule_id rule, int depth, const char *detail)
{
    if (f->failed || already_recorded(f, rule, depth, detail)) {
        return;
    }
    xs_finding_in in = {.rule = rule, .depth = depth, .detail = detail, .source = "openssl",
                        .offset = SIZE_MAX};
    xs_findings_add_raw(f, &in);
}
