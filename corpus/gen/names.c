/*
 * names.c: distinguished names, times and general names from the case
 * list's small text syntax.
 *
 * Name spec: "C=US,O=Example,CN=www.example.com"; '+' joins attributes into
 * one RDN; "TYPE:STRTYPE=VALUE" picks the string type (utf8, printable, t61,
 * ia5, bmp, universal, visible, numeric, or raw: VALUE is the hex of the
 * whole value element). In values, "\," "\+" "\\" escape and "\xHH" is a
 * byte. "" is the empty name.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "gen_internal.h"

static const struct {
    const char *name, *oid;
    unsigned deftype;
} attr_types[] = {
    {"C", "2.5.4.6", 0x13},
    {"ST", "2.5.4.8", 0x0C},
    {"L", "2.5.4.7", 0x0C},
    {"O", "2.5.4.10", 0x0C},
    {"OU", "2.5.4.11", 0x0C},
    {"CN", "2.5.4.3", 0x0C},
    {"SN", "2.5.4.4", 0x0C},
    {"GN", "2.5.4.42", 0x0C},
    {"serialNumber", "2.5.4.5", 0x13},
    {"title", "2.5.4.12", 0x0C},
    {"street", "2.5.4.9", 0x0C},
    {"postalCode", "2.5.4.17", 0x0C},
    {"dnQualifier", "2.5.4.46", 0x13},
    {"pseudonym", "2.5.4.65", 0x0C},
    {"businessCategory", "2.5.4.15", 0x0C},
    {"organizationIdentifier", "2.5.4.97", 0x0C},
    {"emailAddress", "1.2.840.113549.1.9.1", 0x16},
    {"DC", "0.9.2342.19200300.100.1.25", 0x16},
    {"UID", "0.9.2342.19200300.100.1.1", 0x0C},
    {"jurisdictionC", "1.3.6.1.4.1.311.60.2.1.3", 0x13},
};

static const struct {
    const char *name;
    unsigned tag;
} str_types[] = {
    {"utf8", 0x0C},      {"printable", 0x13}, {"t61", 0x14},     {"ia5", 0x16},
    {"bmp", 0x1E},       {"universal", 0x1C}, {"visible", 0x1A}, {"numeric", 0x12},
};

/* unescape turns "\," "\+" "\\" "\xHH" into bytes. */
static unsigned char *unescape(const char *s, size_t n, size_t *out_len)
{
    gbuf b = {0};
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n) {
            if (s[i + 1] == 'x' && i + 3 < n) {
                char hex[3] = {s[i + 2], s[i + 3], 0};
                gb_byte(&b, (unsigned char)strtoul(hex, NULL, 16));
                i += 3;
            } else {
                gb_byte(&b, (unsigned char)s[i + 1]);
                i++;
            }
        } else {
            gb_byte(&b, (unsigned char)s[i]);
        }
    }
    if (b.p == NULL) {
        b.p = ga_alloc(1);
    }
    *out_len = b.len;
    return b.p;
}

/* utf8_decode reads code points (malformed bytes pass through as Latin-1). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < max;) {
        unsigned c = s[i];
        uint32_t v = c;
        size_t extra = 0;
        if (c >= 0xF0 && c < 0xF8) {
            v = c & 0x07;
            extra = 3;
        } else if (c >= 0xE0) {
            v = c & 0x0F;
            extra = 2;
        } else if (c >= 0xC0) {
            v = c & 0x1F;
            extra = 1;
        }
        if (extra > 0 && i + extra >= n) {
            extra = 0;
            v = c;
        }
        for (size_t j = 1; j <= extra; j++) {
            v = v << 6 | (s[i + j] & 0x3F);
        }
        cp[k++] = v;
        i += 1 + extra;
    }
    return k;
}

static gnode *string_value(unsigned tag, const unsigned char *v, size_t n)
{
    if (tag == 0x1E || tag == 0x1C) {
        uint32_t *cp = ga_alloc((n + 1) * sizeof(*cp));
        size_t k = utf8_decode(v, n, cp, n + 1);
        gbuf b = {0};
        for (size_t i = 0; i < k; i++) {
            if (tag == 0x1C) {
                gb_byte(&b, (unsigned char)(cp[i] >> 24));
                gb_byte(&b, (unsigned char)(cp[i] >> 16));
            }
            gb_byte(&b, (unsigned char)(cp[i] >> 8));
            gb_byte(&b, (unsigned char)cp[i]);
        }
        return gn_prim(tag, b.p, b.len);
    }
    return gn_prim(tag, v, n);
}

gnode *gen_string(const char *type, const char *text, const char *what)
{
    for (size_t i = 0; i < sizeof(str_types) / sizeof(str_types[0]); i++) {
        if (strcmp(str_types[i].name, type) == 0) {
            size_t n;
            unsigned char *v = unescape(text, strlen(text), &n);
            return string_value(str_types[i].tag, v, n);
        }
    }
    gen_die("%s: unknown string type '%s'", what, type);
}

static gnode *attribute(const char *spec, size_t n, const char *what)
{
    const char *eq = memchr(spec, '=', n);
    if (eq == NULL) {
        gen_die("%s: name attribute '%.*s' has no '='", what, (int)n, spec);
    }
    char *type = ga_strndup(spec, (size_t)(eq - spec));
    char *strtype = strchr(type, ':');
    if (strtype != NULL) {
        *strtype++ = 0;
    }
    const char *oid = NULL;
    unsigned tag = 0x0C;
    for (size_t i = 0; i < sizeof(attr_types) / sizeof(attr_types[0]); i++) {
        if (strcmp(attr_types[i].name, type) == 0) {
            oid = attr_types[i].oid;
            tag = attr_types[i].deftype;
        }
    }
    if (oid == NULL) {
        if (type[0] < '0' || type[0] > '9') {
            gen_die("%s: unknown attribute type '%s'", what, type);
        }
        oid = type;
    }
    size_t vlen;
    unsigned char *v = unescape(eq + 1, n - (size_t)(eq + 1 - spec), &vlen);
    gnode *value = NULL;
    if (strtype != NULL && strcmp(strtype, "raw") == 0) {
        value = gn_rawhex((const char *)v);
    } else {
        if (strtype != NULL) {
            bool found = false;
            for (size_t i = 0; i < sizeof(str_types) / sizeof(str_types[0]); i++) {
                if (strcmp(str_types[i].name, strtype) == 0) {
                    tag = str_types[i].tag;
                    found = true;
                }
            }
            if (!found) {
                gen_die("%s: unknown string type '%s'", what, strtype);
            }
        }
        value = string_value(tag, v, vlen);
    }
    return gn_add(gn_add(gn_seq(), gn_oid(oid)), value);
}

/* DER SET OF order (X.690 11.6): by encoding, the shorter padded with 0s. */
static int der_cmp(const unsigned char *a, size_t al, const unsigned char *b, size_t bl)
{
    size_t n = al > bl ? al : bl;
    for (size_t i = 0; i < n; i++) {
        unsigned x = i < al ? a[i] : 0, y = i < bl ? b[i] : 0;
        if (x != y) {
            return x < y ? -1 : 1;
        }
    }
    return 0;
}

static void sort_set(gnode *set)
{
    for (size_t i = 1; i < set->nkids; i++) {
        for (size_t j = i; j > 0; j--) {
            size_t al, bl;
            unsigned char *a = gn_encode(set->kids[j - 1], &al);
            unsigned char *b = gn_encode(set->kids[j], &bl);
            if (der_cmp(a, al, b, bl) <= 0) {
                break;
            }
            gnode *t = set->kids[j - 1];
            set->kids[j - 1] = set->kids[j];
            set->kids[j] = t;
        }
    }
}

/* next_sep finds the next unescaped `sep` (or the end). */
static const char *next_sep(const char *p, const char *end, const char *seps)
{
    for (; p < end; p++) {
        if (*p == '\\' && p + 1 < end) {
            p++;
            continue;
        }
        if (strchr(seps, *p) != NULL) {
            return p;
        }
    }
    return end;
}

gnode *gen_name(const char *spec, const char *what)
{
    gnode *name = gn_seq();
    if (spec == NULL || *spec == 0) {
        return name;
    }
    const char *end = spec + strlen(spec);
    gnode *rdn = NULL;
    for (const char *p = spec; p < end;) {
        const char *q = next_sep(p, end, ",+");
        if (rdn == NULL) {
            rdn = gn_set();
            gn_add(name, rdn);
        }
        gn_add(rdn, attribute(p, (size_t)(q - p), what));
        if (q == end || *q == ',') {
            sort_set(rdn);
            rdn = NULL;
        }
        p = q < end ? q + 1 : q;
    }
    return name;
}

/* ------------------------------------------------------------------------ */

gnode *gen_time(const char *spec, const char *what)
{
    if (strncmp(spec, "utc:", 4) == 0) {
        return gn_str(0x17, spec + 4);
    }
    if (strncmp(spec, "gen:", 4) == 0) {
        return gn_str(0x18, spec + 4);
    }
    if (strncmp(spec, "raw:", 4) == 0) {
        return gn_rawhex(spec + 4);
    }
    bool force_gen = false;
    if (strncmp(spec, "G:", 2) == 0) {
        force_gen = true;
        spec += 2;
    }
    int y, mo, d, h = 0, mi = 0, s = 0;
    if (sscanf(spec, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s) < 3) {
        gen_die("%s: bad date '%s'", what, spec);
    }
    if (!force_gen && y >= 1950 && y < 2050) {
        return gn_str(0x17, ga_printf("%02d%02d%02d%02d%02d%02dZ", y % 100, mo, d, h, mi, s));
    }
    return gn_str(0x18, ga_printf("%04d%02d%02d%02d%02d%02dZ", y, mo, d, h, mi, s));
}

/* ------------------------------------------------------------------------ */
/* GeneralName: dns:, email:, uri:, ip:ADDR[/PREFIX], iphex:HEX, dn:/A=B/C=D,
 * rid:OID, other:OID:HEX, x400:HEX, edi:HEX, raw:HEX. */

gnode *gen_general_name(const char *tok, const char *what)
{
    const char *colon = strchr(tok, ':');
    if (colon == NULL) {
        gen_die("%s: general name '%s' has no type", what, tok);
    }
    char *type = ga_strndup(tok, (size_t)(colon - tok));
    const char *v = colon + 1;
    size_t vlen;
    unsigned char *bytes;
    if (strcmp(type, "dns") == 0 || strcmp(type, "email") == 0 || strcmp(type, "uri") == 0) {
        bytes = unescape(v, strlen(v), &vlen);
        unsigned tag = type[0] == 'd' ? 0x82 : type[0] == 'e' ? 0x81 : 0x86;
        return gn_prim(tag, bytes, vlen);
    }
    if (strcmp(type, "ip") == 0) {
        char *addr = ga_strdup(v);
        char *slash = strchr(addr, '/');
        int prefix = -1;
        if (slash != NULL) {
            *slash = 0;
            prefix = atoi(slash + 1);
        }
        unsigned char a[16];
        size_t alen = 4;
        if (inet_pton(AF_INET, addr, a) != 1) {
            alen = 16;
            if (inet_pton(AF_INET6, addr, a) != 1) {
                gen_die("%s: bad IP address '%s'", what, addr);
            }
        }
        gbuf b = {0};
        gb_put(&b, a, alen);
        if (prefix >= 0) {
            for (size_t i = 0; i < alen; i++) {
                int bitsin = prefix - (int)i * 8;
                unsigned char m = bitsin >= 8 ? 0xFF : bitsin <= 0 ? 0 : (unsigned char)(0xFF << (8 - bitsin));
                gb_byte(&b, m);
            }
        }
        return gn_prim(0x87, b.p, b.len);
    }
    if (strcmp(type, "iphex") == 0) {
        bytes = gen_hex(v, &vlen);
        return gn_prim(0x87, bytes, vlen);
    }
    if (strcmp(type, "dn") == 0) {
        /* "/A=B/C=D" -> "A=B,C=D" */
        char *spec = ga_strdup(*v == '/' ? v + 1 : v);
        for (char *p = spec; *p; p++) {
            if (*p == '/') {
                *p = ',';
            }
        }
        gnode *n = gn_cons(0xA4);
        return gn_add(n, gen_name(spec, what));
    }
    if (strcmp(type, "rid") == 0) {
        bytes = gn_oid_der(v, &vlen);
        return gn_prim(0x88, bytes, vlen);
    }
    if (strcmp(type, "other") == 0) {
        const char *c2 = strchr(v, ':');
        if (c2 == NULL) {
            gen_die("%s: other:OID:HEX expected", what);
        }
        gnode *n = gn_cons(0xA0);
        gn_add(n, gn_oid(ga_strndup(v, (size_t)(c2 - v))));
        gn_add(n, gn_add(gn_cons(0xA0), gn_rawhex(c2 + 1)));
        return n;
    }
    if (strcmp(type, "x400") == 0 || strcmp(type, "edi") == 0) {
        bytes = gen_hex(v, &vlen);
        gnode *n = gn_prim(type[0] == 'x' ? 0xA3 : 0xA5, bytes, vlen);
        return n;
    }
    if (strcmp(type, "raw") == 0) {
        return gn_rawhex(v);
    }
    gen_die("%s: unknown general name type '%s'", what, type);
}

/* gen_general_names reads a comma-separated list into a SEQUENCE. */
gnode *gen_general_names(const char *list, const char *what)
{
    gnode *seq = gn_seq();
    if (list == NULL || *list == 0) {
        return seq;
    }
    const char *end = list + strlen(list);
    for (const char *p = list; p < end;) {
        const char *q = next_sep(p, end, ",");
        gn_add(seq, gen_general_name(ga_strndup(p, (size_t)(q - p)), what));
        p = q < end ? q + 1 : q;
    }
    return seq;
}

/* gen_split splits at unescaped `sep` into at most `max` strings. */
size_t gen_split(const char *s, char sep, char **out, size_t max)
{
    size_t n = 0;
    if (s == NULL || *s == 0) {
        return 0;
    }
    const char *end = s + strlen(s);
    char seps[2] = {sep, 0};
    for (const char *p = s; p <= end && n < max;) {
        const char *q = next_sep(p, end, seps);
        out[n++] = ga_strndup(p, (size_t)(q - p));
        if (q == end) {
            break;
        }
        p = q + 1;
    }
    return n;
}
