#ifndef XS_POLICY_BUILTIN_H
#define XS_POLICY_BUILTIN_H

#include <stddef.h>

/* The policies shipped in policies/, compiled in (cmake/embed_policies.cmake). */
typedef struct {
    const char *name;
    const char *text;
    size_t text_len;
} xs_builtin_policy;

extern const xs_builtin_policy xs_builtin_policies[];
extern const size_t xs_builtin_policy_count;

#endif /* XS_POLICY_BUILTIN_H */
