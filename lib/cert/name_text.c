/*
 * name_text.c: Names as RFC 4514 text, the attribute types x509strict
 * knows, and the characters of string values.
 *
 * Implementation notes. The text is built in one buffer of
 * 4 * XS_MAX_NAME_CHARS + 1 bytes (no character takes more than four UTF-8
 * octets, an escape one octet per character), filled by "atoms": a
 * character, an escape or two hex digits go in whole or not at all, and the
 * first atom that does not fit ends the rendering. Work is therefore bounded
 * by the cap, not by the size of the Name.
 */
#include "cert/name_text.h"

#include <stdlib.h>
#include <string.h>

#define OID(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})
#define X520(n) OID(0x55, 0x04, n)
#define PILOT(n) OID(0x09, 0x92, 0x26, 0x89, 0x93, 0xF2, 0x2C, 0x64, 0x01, n)
#define PKCS9(n) OID(0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, n)
#define EV(n) OID(0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x3C, 0x02, 0x01, n)

#define RFC5280 "RFC 5280 Appendix A.1"
#define X520_UB "X.520 upper bounds"

/* Short names are OpenSSL's (OBJ_nid2sn), except STREET (RFC 4514). */
static const xs_attr_type attr_types[] = {
    {"CN", "commonName", X520(3), XS_ATTR_DIRECTORY_STRING, 64, RFC5280},
    {"SN", "surname", X520(4), XS_ATTR_DIRECTORY_STRING, 32768, RFC5280},
    {"serialNumber", "serialNumber", X520(5), XS_ATTR_PRINTABLE_STRING, 64, RFC5280},
    {"C", "countryName", X520(6), XS_ATTR_COUNTRY, 2, RFC5280},
    {"L", "localityName", X520(7), XS_ATTR_DIRECTORY_STRING, 128, RFC5280},
    {"ST", "stateOrProvinceName", X520(8), XS_ATTR_DIRECTORY_STRING, 128, RFC5280},
    {"STREET", "streetAddress", X520(9), XS_ATTR_DIRECTORY_STRING, 128, X520_UB},
    {"O", "organizationName", X520(10), XS_ATTR_DIRECTORY_STRING, 64, RFC5280},
    {"OU", "organizationalUnitName", X520(11), XS_ATTR_DIRECTORY_STRING, 64, RFC5280},
    {"title", "title", X520(12), XS_ATTR_DIRECTORY_STRING, 64, RFC5280},
    {"description", "description", X520(13), XS_ATTR_DIRECTORY_STRING, 1024, X520_UB},
    {"businessCategory", "businessCategory", X520(15), XS_ATTR_DIRECTORY_STRING, 128, X520_UB},
    {"postalCode", "postalCode", X520(17), XS_ATTR_DIRECTORY_STRING, 40, X520_UB},
    {"postOfficeBox", "postOfficeBox", X520(18), XS_ATTR_DIRECTORY_STRING, 40, X520_UB},
    {"name", "name", X520(41), XS_ATTR_DIRECTORY_STRING, 32768, RFC5280},
    {"GN", "givenName", X520(42), XS_ATTR_DIRECTORY_STRING, 32768, RFC5280},
    {"initials", "initials", X520(43), XS_ATTR_DIRECTORY_STRING, 32768, RFC5280},
    {"generationQualifier", "generationQualifier", X520(44), XS_ATTR_DIRECTORY_STRING, 32768,
     RFC5280},
    {"dnQualifier", "dnQualifier", X520(46), XS_ATTR_PRINTABLE_STRING, 0, RFC5280},
    {"pseudonym", "pseudonym", X520(65), XS_ATTR_DIRECTORY_STRING, 128, RFC5280},
    {"organizationIdentifier", "organizationIdentifier", X520(97), XS_ATTR_DIRECTORY_STRING, 0,
     X520_UB},
    {"UID", "userId", PILOT(1), XS_ATTR_DIRECTORY_STRING, 256, "RFC 1274"},
    {"DC", "domainComponent", PILOT(25), XS_ATTR_IA5_STRING, 0, RFC5280},
    {"emailAddress", "emailAddress", PKCS9(1), XS_ATTR_IA5_STRING, 255, RFC5280},
    {"unstructuredName", "unstructuredName", PKCS9(2), XS_ATTR_ANY, 0, ""},
    {"jurisdictionL", "jurisdictionLocalityName", EV(1), XS_ATTR_DIRECTORY_STRING, 128, X520_UB},
    {"jurisdictionST", "jurisdictionStateOrProvinceName", EV(2), XS_ATTR_DIRECTORY_STRING, 128,
     X520_UB},
    {"jurisdictionC", "jurisdictionCountryName", EV(3), XS_ATTR_COUNTRY, 2, RFC5280},
};

const xs_attr_type *xs_attr_type_of(const xs_der *oid)
{
    for (size_t i = 0; i < XS_ARRAY_LEN(attr_types); i++) {
        if (xs_der_oid_is(oid, attr_types[i].oid, attr_types[i].oid_len)) {
            return &attr_types[i];
        }
    }
    return NULL;
}

bool xs_string_is_text(uint8_t tag)
{
    switch (tag) {
    case XS_TAG_UTF8_STRING:
    case 0x12: /* NumericString */
    case XS_TAG_PRINTABLE_STRING:
    case XS_TAG_T61_STRING:
    case XS_TAG_IA5_STRING:
    case XS_TAG_UTC_TIME:
    case XS_TAG_GENERALIZED_TIME:
    case XS_TAG_VISIBLE_STRING:
    case XS_TAG_UNIVERSAL_STRING:
    case XS_TAG_BMP_STRING:
        return true;
    default:
        return false;
    }
}

void xs_chars_init(xs_chars *it, uint8_t tag, const xs_der *value)
{
    it->p = value->p;
    it->len = value->len;
    it->pos = 0;
    it->tag = tag;
}

/* utf8_next reads one character of well-formed UTF-8 (RFC 3629 section 4);
 * a byte that starts no well-formed sequence is one invalid unit. */
static size_t utf8_next(const uint8_t *p, size_t left, uint32_t *out)
{
    uint8_t b = p[0];
    uint8_t lo = 0x80, hi = 0xBF;
    size_t n;
    uint32_t c;
    *out = XS_CHAR_INVALID;
    if (b < 0x80) {
        *out = b;
        return 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
        n = 2;
        c = b & 0x1Fu;
    } else if (b >= 0xE0 && b <= 0xEF) {
        n = 3;
        c = b & 0x0Fu;
        lo = b == 0xE0 ? 0xA0 : 0x80; /* no overlong forms */
        hi = b == 0xED ? 0x9F : 0xBF; /* no surrogates */
    } else if (b >= 0xF0 && b <= 0xF4) {
        n = 4;
        c = b & 0x07u;
        lo = b == 0xF0 ? 0x90 : 0x80;
        hi = b == 0xF4 ? 0x8F : 0xBF; /* nothing above U+10FFFF */
    } else {
        return 1;
    }
    if (left < n) {
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if (p[i] < (i == 1 ? lo : 0x80) || p[i] > (i == 1 ? hi : 0xBF)) {
            return 1;
        }
        c = c << 6 | (p[i] & 0x3Fu);
    }
    *out = c;
    return n;
}

/* wide_next reads one big-endian code unit of `width` octets. */
static size_t wide_next(const uint8_t *p, size_t left, size_t width, uint32_t *out)
{
    if (left < width) {
        *out = XS_CHAR_INVALID;
        return left;
    }
    uint32_t c = 0;
    for (size_t i = 0; i < width; i++) {
        c = c << 8 | p[i];
    }
    bool surrogate = c >= 0xD800 && c <= 0xDFFF;
    *out = surrogate || c > 0x10FFFF ? XS_CHAR_INVALID : c;
    return width;
}

bool xs_chars_next(xs_chars *it, uint32_t *out)
{
    if (it->pos >= it->len) {
        return false;
    }
    const uint8_t *p = it->p + it->pos;
    size_t left = it->len - it->pos;
    switch (it->tag) {
    case XS_TAG_UTF8_STRING:
        it->pos += utf8_next(p, left, out);
        break;
    case XS_TAG_BMP_STRING:
        it->pos += wide_next(p, left, 2, out);
        break;
    case XS_TAG_UNIVERSAL_STRING:
        it->pos += wide_next(p, left, 4, out);
        break;
    case XS_TAG_T61_STRING:
        *out = p[0];
        it->pos++;
        break;
    default:
        *out = p[0] < 0x80 ? p[0] : XS_CHAR_INVALID;
        it->pos++;
        break;
    }
    return true;
}

typedef struct {
    char *buf;
    size_t size; /* of buf, the final NUL included */
    size_t max_chars;
    size_t len;   /* octets written */
    size_t chars; /* characters written */
    bool full;    /* an atom did not fit: nothing more is written */
} text;

static void put(text *t, const char *atom, size_t len, size_t chars)
{
    if (t->full || t->chars + chars > t->max_chars || t->len + len >= t->size) {
        t->full = true;
        return;
    }
    memcpy(t->buf + t->len, atom, len);
    t->len += len;
    t->chars += chars;
}

static void put_str(text *t, const char *s)
{
    size_t n = strlen(s);
    put(t, s, n, n);
}

static const char hex_digits[] = "0123456789ABCDEF";

/* utf8_encode writes c (at most U+10FFFF) as UTF-8 and returns its length. */
static size_t utf8_encode(uint32_t c, uint8_t out[4])
{
    static const uint8_t lead[] = {0x00, 0x00, 0xC0, 0xE0, 0xF0};
    size_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    for (size_t i = n; i-- > 1; c >>= 6) {
        out[i] = (uint8_t)(0x80 | (c & 0x3F));
    }
    out[0] = (uint8_t)(lead[n] | c);
    return n;
}

static void put_utf8(text *t, uint32_t c)
{
    uint8_t u[4];
    size_t n = utf8_encode(c, u);
    put(t, (const char *)u, n, 1);
}

/* put_hex_escapes writes "\XX" for each octet of c's UTF-8 form (RFC 4514
 * hexpair escapes), as one atom. */
static void put_hex_escapes(text *t, uint32_t c)
{
    uint8_t octets[4];
    size_t n = utf8_encode(c, octets);
    char atom[12];
    for (size_t i = 0; i < n; i++) {
        atom[3 * i] = '\\';
        atom[3 * i + 1] = hex_digits[octets[i] >> 4];
        atom[3 * i + 2] = hex_digits[octets[i] & 0xF];
    }
    put(t, atom, 3 * n, 3 * n);
}

static bool is_special(uint32_t c)
{
    return c == ',' || c == '+' || c == '"' || c == '\\' || c == '<' || c == '>' || c == ';';
}

/* put_value_char writes one character of a value, escaped as RFC 4514
 * section 2.4 asks (and control characters as OpenSSL's ESC_CTRL does). */
static void put_value_char(text *t, uint32_t c, bool first, bool last)
{
    if (c == XS_CHAR_INVALID) {
        put(t, "\xEF\xBF\xBD", 3, 1);
    } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) {
        put_hex_escapes(t, c);
    } else if (is_special(c) || (first && (c == '#' || c == ' ')) || (last && c == ' ')) {
        char atom[2] = {'\\', (char)c};
        put(t, atom, 2, 2);
    } else {
        put_utf8(t, c);
    }
}

static void put_text_value(text *t, const xs_attr *a)
{
    xs_chars it;
    uint32_t c;
    xs_chars_init(&it, a->tag, &a->value);
    for (bool first = true; !t->full && xs_chars_next(&it, &c); first = false) {
        put_value_char(t, c, first, it.pos >= it.len);
    }
}

static void put_hex_octet(text *t, uint8_t b)
{
    char atom[2] = {hex_digits[b >> 4], hex_digits[b & 0xF]};
    put(t, atom, 2, 2);
}

/* put_hex_value writes "#" and the hex of the value's DER encoding (RFC
 * 4514 2.4), its header rebuilt in the minimal form DER has. */
static void put_hex_value(text *t, const xs_attr *a)
{
    put_str(t, "#");
    put_hex_octet(t, a->tag);
    size_t len = a->value.len;
    if (len < 0x80) {
        put_hex_octet(t, (uint8_t)len);
    } else {
        unsigned octets = 0;
        for (size_t v = len; v > 0; v >>= 8) {
            octets++;
        }
        put_hex_octet(t, (uint8_t)(0x80 | octets));
        for (unsigned i = octets; i-- > 0;) {
            put_hex_octet(t, (uint8_t)(len >> (8 * i)));
        }
    }
    for (size_t i = 0; i < a->value.len && !t->full; i++) {
        put_hex_octet(t, a->value.p[i]);
    }
}

/* A subidentifier longer than this many octets (224 bits) is not printed:
 * no real OID has one, and it keeps the decimal conversion small. */
#define MAX_ARC_OCTETS 32

/* put_arc writes the subidentifier whose base-128 digits are d[0..n) in
 * decimal, minus `minus` (the 40 or 80 folded into the first one). */
static void put_arc(text *t, uint8_t *d, size_t n, unsigned minus)
{
    for (size_t i = n; minus > 0 && i-- > 0;) {
        unsigned sub = minus % 128;
        minus /= 128;
        if (d[i] < sub) {
            d[i] = (uint8_t)(d[i] + 128 - sub);
            minus++; /* borrow */
        } else {
            d[i] = (uint8_t)(d[i] - sub);
        }
    }
    char decimal[MAX_ARC_OCTETS * 3];
    size_t digits = 0;
    bool zero = false;
    while (!zero) {
        unsigned rem = 0;
        zero = true;
        for (size_t i = 0; i < n; i++) {
            unsigned cur = rem * 128 + d[i];
            d[i] = (uint8_t)(cur / 10);
            rem = cur % 10;
            zero = zero && d[i] == 0;
        }
        decimal[digits++] = (char)('0' + rem);
    }
    for (size_t i = 0; i < digits / 2; i++) { /* most significant first */
        char swap = decimal[i];
        decimal[i] = decimal[digits - 1 - i];
        decimal[digits - 1 - i] = swap;
    }
    put(t, decimal, digits, digits);
}

/* put_oid writes the OID as dotted decimal; a subidentifier that is
 * truncated or too long to print becomes U+FFFD. */
static void put_oid(text *t, const xs_der *oid)
{
    uint8_t d[MAX_ARC_OCTETS];
    size_t n = 0;
    bool first = true, too_long = false;
    for (size_t i = 0; i < oid->len && !t->full; i++) {
        uint8_t b = oid->p[i];
        too_long = too_long || n == MAX_ARC_OCTETS;
        if (!too_long) {
            d[n++] = b & 0x7F;
        }
        if (b & 0x80) {
            continue;
        }
        if (too_long) {
            put_str(t, first ? "" : ".");
            put(t, "\xEF\xBF\xBD", 3, 1);
        } else if (first) {
            /* the first subidentifier is 40 * X + Y, X in 0..2 */
            bool small = d[n - 1] < 80;
            for (size_t k = 0; k + 1 < n; k++) {
                small = small && d[k] == 0;
            }
            unsigned x = small ? d[n - 1] / 40u : 2;
            char lead[2] = {(char)('0' + x), '.'};
            put(t, lead, 2, 2);
            put_arc(t, d, n, 40 * x);
        } else {
            put_str(t, ".");
            put_arc(t, d, n, 0);
        }
        first = false;
        too_long = false;
        n = 0;
    }
    if (n > 0 || too_long) {
        put_str(t, first ? "" : ".");
    }
    if (n > 0 || too_long || oid->len == 0) {
        put(t, "\xEF\xBF\xBD", 3, 1);
    }
}

static void put_attr(text *t, const xs_attr *a)
{
    const xs_attr_type *type = xs_attr_type_of(&a->type);
    if (type == NULL) {
        put_oid(t, &a->type);
    } else {
        put_str(t, type->short_name);
    }
    put_str(t, "=");
    if (type != NULL && xs_string_is_text(a->tag)) {
        put_text_value(t, a);
    } else {
        put_hex_value(t, a);
    }
}

void xs_oid_text(const xs_der *oid, char *buf, size_t len)
{
    if (len == 0) {
        return;
    }
    text t = {.buf = buf, .size = len, .max_chars = len};
    put_oid(&t, oid);
    t.buf[t.len] = 0;
}

char *xs_name_text(const xs_name *name)
{
    size_t size = 4 * (size_t)XS_MAX_NAME_CHARS + 1;
    text t = {.buf = malloc(size), .size = size, .max_chars = XS_MAX_NAME_CHARS};
    if (t.buf == NULL) {
        return NULL;
    }
    /* last attribute first, as OpenSSL's XN_FLAG_DN_REV does: RDNs in
     * reverse, and the members of a multi-valued RDN in reverse too */
    for (size_t i = name->attr_count; i-- > 0 && !t.full;) {
        const xs_attr *a = &name->attrs[i];
        if (i + 1 < name->attr_count) {
            put_str(&t, a->rdn == name->attrs[i + 1].rdn ? "+" : ",");
        }
        put_attr(&t, a);
    }
    t.buf[t.len] = 0;
    return t.buf;
}
