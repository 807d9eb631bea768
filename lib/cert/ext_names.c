/*
 * ext_names.c: the GeneralName decoder (RFC 5280 4.2.1.6) and the
 * subjectAltName, issuerAltName and nameConstraints decoders built on it.
 *
 * Each GeneralName is decoded once: its DER is walked with the cursor, and
 * the syntax of its value is judged here (dNSName per RFC 1034 3.5 and RFC
 * 1123 2.1, rfc822Name per RFC 5321 4.1.2, URI per RFC 3986, iPAddress
 * lengths), leaving `XS_GN_*` bits for the rules. Every syntax check reads
 * the value's octets once, so a list costs time linear in its size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert/model_internal.h"

/* ---- character classes ------------------------------------------------ */

static bool is_alpha(uint8_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(uint8_t c)
{
    return c >= '0' && c <= '9';
}

static bool is_hex(uint8_t c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_alnum(uint8_t c)
{
    return is_alpha(c) || is_digit(c);
}

static bool in_set(uint8_t c, const char *set)
{
    return c != 0 && strchr(set, c) != NULL;
}

static bool all_ascii(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] > 0x7F) {
            return false;
        }
    }
    return true;
}

static size_t find_byte(const uint8_t *s, size_t n, uint8_t c)
{
    const uint8_t *p = n > 0 ? memchr(s, c, n) : NULL;
    return p != NULL ? (size_t)(p - s) : n;
}

/* ---- IP address literals ------------------------------------------------ */

/* ipv4_literal: RFC 3986 3.2.2 IPv4address, four dec-octets without
 * leading zeros. */
static bool ipv4_literal(const uint8_t *s, size_t n)
{
    size_t parts = 0, i = 0;
    while (parts < 4) {
        size_t start = i;
        unsigned value = 0;
        while (i < n && is_digit(s[i]) && i - start < 3) {
            value = value * 10 + (unsigned)(s[i] - '0');
            i++;
        }
        size_t digits = i - start;
        if (digits == 0 || value > 255 || (digits > 1 && s[start] == '0')) {
            return false;
        }
        parts++;
        if (parts < 4) {
            if (i >= n || s[i] != '.') {
                return false;
            }
            i++;
        }
    }
    return i == n;
}

/* ipv6_literal: RFC 4291 2.2 text forms, as RFC 3986 3.2.2 IPv6address:
 * eight groups of up to four hex digits, at most one "::", and an IPv4
 * address in place of the last two groups. */
static bool ipv6_literal(const uint8_t *s, size_t n)
{
    size_t groups = 0, i = 0;
    bool compressed = false;
    if (n >= 2 && s[0] == ':' && s[1] == ':') {
        compressed = true;
        i = 2;
    } else if (n >= 1 && s[0] == ':') {
        return false;
    }
    while (i < n) {
        size_t start = i;
        while (i < n && is_hex(s[i]) && i - start < 4) {
            i++;
        }
        if (i < n && s[i] == '.') {
            /* a dotted IPv4 tail counts for two groups */
            if (!ipv4_literal(s + start, n - start)) {
                return false;
            }
            groups += 2;
            i = n;
            break;
        }
        if (i == start) {
            return false;
        }
        groups++;
        if (i == n) {
            break;
        }
        if (s[i] != ':') {
            return false;
        }
        i++;
        if (i < n && s[i] == ':') {
            if (compressed) {
                return false;
            }
            compressed = true;
            i++;
        } else if (i == n) {
            return false; /* a single trailing colon */
        }
    }
    return compressed ? groups <= 7 : groups == 8;
}

/* ---- dNSName: RFC 1034 3.5 preferred name syntax, RFC 1123 2.1 ---------- */

enum {
    DNS_WILDCARD_OK = 1u << 0,       /* a leftmost "*" label (RFC 6125 6.4.3) */
    DNS_LEADING_PERIOD_OK = 1u << 1, /* ".example.com" (name constraints) */
};

/* label_syntax judges one label: letters, digits and hyphens, not
 * beginning or ending with a hyphen, at most 63 octets. */
static uint32_t label_syntax(const uint8_t *s, size_t n, bool wildcard_ok)
{
    if (n == 0) {
        return XS_GN_DNS_EMPTY_LABEL;
    }
    if (n == 1 && s[0] == '*') {
        return wildcard_ok ? 0 : XS_GN_DNS_BAD_WILDCARD;
    }
    uint32_t d = 0;
    if (n > 63) {
        d |= XS_GN_DNS_LABEL_TOO_LONG;
    }
    if (s[0] == '-' || s[n - 1] == '-') {
        d |= XS_GN_DNS_LABEL_HYPHEN;
    }
    for (size_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        if (is_alnum(c) || c == '-') {
            continue;
        }
        if (c == '_') {
            d |= XS_GN_DNS_UNDERSCORE;
        } else if (c == '*') {
            d |= XS_GN_DNS_BAD_WILDCARD;
        } else if (c > 0x7F) {
            d |= XS_GN_NOT_IA5;
        } else {
            d |= XS_GN_DNS_BAD_CHAR;
        }
    }
    return d;
}

/* dotted_numbers: four labels of digits, the #.#.#.# form that RFC 1123
 * 2.1 says a host name never has. */
static bool dotted_numbers(const uint8_t *s, size_t n)
{
    size_t dots = 0, run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.') {
            if (run == 0) {
                return false;
            }
            dots++;
            run = 0;
        } else if (is_digit(s[i])) {
            run++;
        } else {
            return false;
        }
    }
    return dots == 3 && run > 0;
}

static bool looks_like_ip(const uint8_t *s, size_t n)
{
    if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
        s++;
        n -= 2;
    }
    return dotted_numbers(s, n) || (find_byte(s, n, ':') < n && ipv6_literal(s, n));
}

/* dns_syntax judges a domain name; empty names are judged by the caller. */
static uint32_t dns_syntax(const uint8_t *s, size_t n, unsigned opts)
{
    uint32_t d = 0;
    if (n == 0) {
        return 0;
    }
    if (n == 1 && s[0] == ' ') {
        return XS_GN_DNS_SPACE;
    }
    if ((opts & DNS_LEADING_PERIOD_OK) && n > 1 && s[0] == '.') {
        d |= XS_GN_DNS_LEADING_PERIOD;
        s++;
        n--;
    }
    if (n > 253) {
        d |= XS_GN_DNS_TOO_LONG;
    }
    if (looks_like_ip(s, n)) {
        return d | XS_GN_DNS_IP_LITERAL;
    }
    bool several_labels = find_byte(s, n, '.') < n;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '.') {
            continue;
        }
        bool leftmost = start == 0;
        d |= label_syntax(s + start, i - start,
                          leftmost && several_labels && (opts & DNS_WILDCARD_OK));
        start = i + 1;
    }
    return d;
}

/* host_name_ok: a name usable as a host (in a URI, after '@'): preferred
 * syntax, no wildcard, and with `qualified` at least two labels. */
static bool host_name_ok(const uint8_t *s, size_t n, bool qualified)
{
    if (n == 0 || dns_syntax(s, n, 0) != 0) {
        return false;
    }
    return !qualified || find_byte(s, n, '.') < n;
}

/* ---- rfc822Name: RFC 5321 4.1.2 Mailbox --------------------------------- */

static bool is_atext(uint8_t c)
{
    return is_alnum(c) || in_set(c, "!#$%&'*+-/=?^_`{|}~");
}

/* local_part_len is the length of the Local-part (Dot-string or
 * Quoted-string) at the start of s, or 0 when there is none. */
static size_t local_part_len(const uint8_t *s, size_t n)
{
    if (n > 0 && s[0] == '"') {
        for (size_t i = 1; i < n; i++) {
            if (s[i] == '\\') {
                if (i + 1 >= n || s[i + 1] < 32 || s[i + 1] > 126) {
                    return 0;
                }
                i++;
            } else if (s[i] == '"') {
                return i + 1;
            } else if (s[i] < 32 || s[i] > 126) {
                return 0;
            }
        }
        return 0;
    }
    bool atom_start = true;
    size_t i = 0;
    for (; i < n && s[i] != '@'; i++) {
        if (s[i] == '.') {
            if (atom_start) {
                return 0;
            }
            atom_start = true;
        } else if (is_atext(s[i])) {
            atom_start = false;
        } else {
            return 0;
        }
    }
    return atom_start ? 0 : i;
}

/* address_literal_ok: "[192.0.2.1]", "[IPv6:2001:db8::1]", or a
 * General-address-literal "[tag:dcontent]" (RFC 5321 4.1.3). */
static bool address_literal_ok(const uint8_t *s, size_t n)
{
    if (n < 3 || s[0] != '[' || s[n - 1] != ']') {
        return false;
    }
    s++;
    n -= 2;
    if (n > 5 && memcmp(s, "IPv6:", 5) == 0) {
        return ipv6_literal(s + 5, n - 5);
    }
    size_t colon = find_byte(s, n, ':');
    if (colon == n) {
        return ipv4_literal(s, n);
    }
    if (colon == 0 || colon + 1 == n || label_syntax(s, colon, false) != 0) {
        return false;
    }
    for (size_t i = colon + 1; i < n; i++) {
        if (s[i] < 33 || s[i] > 126 || s[i] == '[' || s[i] == '\\' || s[i] == ']') {
            return false;
        }
    }
    return true;
}

static bool mail_domain_ok(const uint8_t *s, size_t n)
{
    return n > 0 && s[0] == '[' ? address_literal_ok(s, n) : host_name_ok(s, n, false);
}

/* mailbox_syntax judges Local-part "@" Domain: no display name, no
 * comment, no angle brackets (RFC 5280 4.2.1.6). */
static uint32_t mailbox_syntax(const uint8_t *s, size_t n)
{
    size_t local = local_part_len(s, n);
    if (local == 0 || local >= n || s[local] != '@') {
        return XS_GN_EMAIL_BAD_SYNTAX;
    }
    const uint8_t *domain = s + local + 1;
    size_t domain_len = n - local - 1;
    for (size_t i = 0; i < domain_len; i++) {
        if (in_set(domain[i], " <>()@")) {
            return XS_GN_EMAIL_BAD_SYNTAX; /* a comment, a bracket, a second address */
        }
    }
    return mail_domain_ok(domain, domain_len) ? 0 : XS_GN_EMAIL_BAD_DOMAIN;
}

/* email_constraint_syntax: a mailbox, a host, or a domain with a leading
 * period (RFC 5280 4.2.1.10). An empty constraint matches every address. */
static uint32_t email_constraint_syntax(const uint8_t *s, size_t n)
{
    if (n == 0) {
        return 0;
    }
    if (find_byte(s, n, '@') < n) {
        return mailbox_syntax(s, n);
    }
    if (s[0] == '.') {
        s++;
        n--;
    }
    return host_name_ok(s, n, false) ? 0 : XS_GN_EMAIL_BAD_DOMAIN;
}

/* ---- uniformResourceIdentifier: RFC 3986 -------------------------------- */

static bool uri_char_ok(uint8_t c)
{
    return is_alnum(c) || in_set(c, "-._~:/?#[]@!$&'()*+,;=");
}

/* scheme_len is the length of "scheme" before its ':' (RFC 3986 3.1), or 0
 * when the reference is relative. */
static size_t scheme_len(const uint8_t *s, size_t n)
{
    if (n == 0 || !is_alpha(s[0])) {
        return 0;
    }
    size_t i = 1;
    while (i < n && (is_alnum(s[i]) || in_set(s[i], "+-."))) {
        i++;
    }
    return i < n && s[i] == ':' ? i : 0;
}

/* characters_syntax: only unreserved and reserved characters, and '%'
 * followed by two hex digits. Octets above 0x7F are NOT_IA5, judged apart. */
static uint32_t characters_syntax(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%') {
            if (i + 2 >= n || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) {
                return XS_GN_URI_BAD_SYNTAX;
            }
            i += 2;
        } else if (s[i] <= 0x7F && !uri_char_ok(s[i])) {
            return XS_GN_URI_BAD_SYNTAX;
        }
    }
    return 0;
}

static bool all_digits(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i])) {
            return false;
        }
    }
    return true;
}

/* ip_literal_ok: "[" IPv6address / IPvFuture "]" (RFC 3986 3.2.2). */
static bool ip_literal_ok(const uint8_t *s, size_t n)
{
    if (n > 0 && (s[0] == 'v' || s[0] == 'V')) {
        size_t dot = find_byte(s, n, '.');
        if (dot < 2 || dot + 1 >= n) {
            return false;
        }
        for (size_t i = 1; i < dot; i++) {
            if (!is_hex(s[i])) {
                return false;
            }
        }
        for (size_t i = dot + 1; i < n; i++) {
            if (!is_alnum(s[i]) && !in_set(s[i], "-._~!$&'()*+,;=:")) {
                return false;
            }
        }
        return true;
    }
    return ipv6_literal(s, n);
}

/* authority_syntax: [ userinfo "@" ] host [ ":" port ], where the host
 * MUST be a fully qualified domain name or an IP address (RFC 5280
 * 4.2.1.6). */
static uint32_t authority_syntax(const uint8_t *s, size_t n)
{
    size_t host = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '@') {
            host = i + 1;
        }
    }
    s += host;
    n -= host;
    size_t host_len = n;
    bool bracketed = n > 0 && s[0] == '[';
    if (bracketed) {
        size_t close = find_byte(s, n, ']');
        if (close == n || !ip_literal_ok(s + 1, close - 1)) {
            return XS_GN_URI_BAD_HOST;
        }
        host_len = close + 1;
    } else {
        host_len = find_byte(s, n, ':');
    }
    uint32_t d = 0;
    if (host_len < n) {
        if (s[host_len] != ':' || !all_digits(s + host_len + 1, n - host_len - 1)) {
            d |= XS_GN_URI_BAD_SYNTAX;
        }
    }
    if (bracketed) {
        return d;
    }
    if (host_len > 1 && s[host_len - 1] == '.') {
        host_len--; /* the root label of an absolute name */
    }
    if (!ipv4_literal(s, host_len) && !host_name_ok(s, host_len, true)) {
        d |= XS_GN_URI_BAD_HOST;
    }
    return d;
}

/* uri_syntax: an absolute URI with a scheme and a scheme-specific part
 * (RFC 5280 4.2.1.6, RFC 3986 4.3). */
static uint32_t uri_syntax(const uint8_t *s, size_t n)
{
    size_t scheme = scheme_len(s, n);
    if (scheme == 0) {
        return XS_GN_URI_RELATIVE | characters_syntax(s, n);
    }
    uint32_t d = characters_syntax(s, n);
    const uint8_t *rest = s + scheme + 1;
    size_t rest_len = n - scheme - 1;
    if (rest_len == 0) {
        return d | XS_GN_URI_BAD_SYNTAX;
    }
    if (rest_len >= 2 && rest[0] == '/' && rest[1] == '/') {
        const uint8_t *authority = rest + 2;
        size_t len = 0;
        while (len < rest_len - 2 && !in_set(authority[len], "/?#")) {
            len++;
        }
        d |= authority_syntax(authority, len);
    }
    return d;
}

/* uri_constraint_syntax: "host.example.com" or ".example.com" (RFC 5280
 * 4.2.1.10). An empty constraint matches every URI. */
static uint32_t uri_constraint_syntax(const uint8_t *s, size_t n)
{
    if (n == 0) {
        return 0;
    }
    if (s[0] == '.') {
        return host_name_ok(s + 1, n - 1, false) ? 0 : XS_GN_URI_NOT_HOST;
    }
    return host_name_ok(s, n, true) ? 0 : XS_GN_URI_NOT_HOST;
}

/* ---- iPAddress ---------------------------------------------------------- */

/* mask_contiguous: ones, then zeros (RFC 4632 prefix). */
static bool mask_contiguous(const uint8_t *mask, size_t n)
{
    bool zeros = false;
    for (size_t i = 0; i < n; i++) {
        for (int bit = 7; bit >= 0; bit--) {
            bool one = (mask[i] >> bit) & 1u;
            if (one && zeros) {
                return false;
            }
            zeros |= !one;
        }
    }
    return true;
}

/* ip_syntax: 4 or 16 octets in a name; 8 or 32 (address and mask) in a
 * constraint (RFC 5280 4.2.1.6, 4.2.1.10). */
static uint32_t ip_syntax(const xs_der *v, bool constraint)
{
    if (!constraint) {
        return v->len == 4 || v->len == 16 ? 0 : XS_GN_IP_BAD_LENGTH;
    }
    if (v->len != 8 && v->len != 32) {
        return XS_GN_IP_BAD_LENGTH;
    }
    return mask_contiguous(v->p + v->len / 2, v->len / 2) ? 0 : XS_GN_IP_MASK_NOT_CONTIGUOUS;
}

/* ---- one GeneralName ---------------------------------------------------- */

static const char *const form_names[] = {
    [XS_GN_OTHER_NAME] = "otherName",
    [XS_GN_RFC822_NAME] = "rfc822Name",
    [XS_GN_DNS_NAME] = "dNSName",
    [XS_GN_X400_ADDRESS] = "x400Address",
    [XS_GN_DIRECTORY_NAME] = "directoryName",
    [XS_GN_EDI_PARTY_NAME] = "ediPartyName",
    [XS_GN_URI] = "uniformResourceIdentifier",
    [XS_GN_IP_ADDRESS] = "iPAddress",
    [XS_GN_REGISTERED_ID] = "registeredID",
};

const char *xs_gn_form_name(xs_gn_form form)
{
    return (size_t)form < XS_ARRAY_LEN(form_names) ? form_names[form] : "unknown";
}

/* ia5_syntax judges an IA5String form's value as a name or a constraint. */
static uint32_t ia5_syntax(xs_gn_form form, const xs_der *v, bool constraint)
{
    uint32_t d = all_ascii(v->p, v->len) ? 0 : XS_GN_NOT_IA5;
    if (v->len == 0) {
        return constraint ? d : d | XS_GN_EMPTY;
    }
    switch (form) {
    case XS_GN_DNS_NAME:
        return d | dns_syntax(v->p, v->len, constraint ? DNS_LEADING_PERIOD_OK : DNS_WILDCARD_OK);
    case XS_GN_RFC822_NAME:
        return d | (constraint ? email_constraint_syntax(v->p, v->len)
                               : mailbox_syntax(v->p, v->len));
    case XS_GN_URI:
        return d | (constraint ? uri_constraint_syntax(v->p, v->len)
                               : uri_syntax(v->p, v->len));
    default:
        return d;
    }
}

/* check_oid_contents applies X.690 8.19.2 to an implicitly tagged OID. */
static void check_oid_contents(xs_model *m, const xs_der *c)
{
    if (c->len == 0) {
        xs_model_issue(m, XS_DER_OID_EMPTY, c->off);
        return;
    }
    bool start = true;
    for (size_t i = 0; i < c->len; i++) {
        if (start && c->p[i] == 0x80) {
            xs_model_issue(m, XS_DER_OID_NOT_MINIMAL, c->off + i);
        }
        start = (c->p[i] & 0x80) == 0;
    }
    if (!start) {
        xs_model_issue(m, XS_DER_OID_TRUNCATED, c->off + c->len - 1);
    }
}

/* OtherName ::= SEQUENCE { type-id OBJECT IDENTIFIER,
 *                          value [0] EXPLICIT ANY DEFINED BY type-id } */
static bool other_name_ok(xs_model *m, xs_der c)
{
    xs_der oid, value;
    if (!xs_der_get_oid(&c, &oid)) {
        xs_model_require(m, &c, XS_TAG_OID, "type-id", &oid);
        return false;
    }
    if (!xs_model_require(m, &c, XS_TAG_CTX_CONSTRUCTED(0), "value", &value)) {
        return false;
    }
    xs_model_expect_end(m, &c, "value");
    return true;
}

/* EDIPartyName ::= SEQUENCE { nameAssigner [0] DirectoryString OPTIONAL,
 *                             partyName    [1] DirectoryString } */
static bool edi_party_name_ok(xs_model *m, xs_der c)
{
    xs_der part;
    if (xs_der_peek_tag(&c) == XS_TAG_CTX_CONSTRUCTED(0)) {
        xs_der_get(&c, XS_TAG_CTX_CONSTRUCTED(0), &part);
    }
    if (!xs_model_require(m, &c, XS_TAG_CTX_CONSTRUCTED(1), "partyName", &part)) {
        return false;
    }
    xs_model_expect_end(m, &c, "partyName");
    return true;
}

/* directory_name_ok reads [4] EXPLICIT Name; an empty RDNSequence sets
 * XS_GN_EMPTY. */
static bool directory_name_ok(xs_model *m, xs_der c, uint32_t *defects)
{
    xs_name name;
    memset(&name, 0, sizeof(name));
    bool ok = xs_model_parse_name(m, &c, "directoryName", &name) && name.present;
    if (ok && name.rdn_count == 0) {
        *defects |= XS_GN_EMPTY;
    }
    free(name.attrs);
    if (ok) {
        xs_model_expect_end(m, &c, "directoryName");
    }
    return ok;
}

/* form_of: the alternative a tag selects, or XS_GN_UNKNOWN. `constructed`
 * says which encoding the alternative has: [0], [3], [4] and [5] are
 * constructed (SEQUENCE types, or EXPLICIT), the others primitive. */
static xs_gn_form form_of(uint8_t tag, bool *constructed)
{
    unsigned number = tag & 0x1Fu;
    if ((tag & 0xC0u) != XS_TAG_CONTEXT || number > XS_GN_REGISTERED_ID) {
        return XS_GN_UNKNOWN;
    }
    *constructed = number == 0 || number == 3 || number == 4 || number == 5;
    return (xs_gn_form)number;
}

/* read_general_name reads the GeneralName at the cursor and judges it.
 * Returns false only when no element could be read. */
static bool read_general_name(xs_model *m, xs_der *d, bool constraint, xs_general_name *out)
{
    memset(out, 0, sizeof(*out));
    out->off = d->off;
    if (!xs_der_get_any(d, &out->tag, &out->value, NULL)) {
        out->form = XS_GN_UNKNOWN;
        out->defects = XS_GN_MALFORMED;
        return false;
    }
    bool constructed = false;
    out->form = form_of(out->tag, &constructed);
    bool is_constructed = (out->tag & XS_TAG_CONSTRUCTED) != 0;
    if (out->form == XS_GN_UNKNOWN || constructed != is_constructed) {
        bool string = out->form == XS_GN_RFC822_NAME || out->form == XS_GN_DNS_NAME ||
                      out->form == XS_GN_URI || out->form == XS_GN_IP_ADDRESS;
        xs_model_issue(m, string ? XS_DER_CONSTRUCTED_STRING : XS_DER_UNEXPECTED_TAG, out->off);
        out->defects = XS_GN_MALFORMED;
        return true;
    }
    bool ok = true;
    switch (out->form) {
    case XS_GN_OTHER_NAME:
        ok = other_name_ok(m, out->value);
        break;
    case XS_GN_DIRECTORY_NAME:
        ok = directory_name_ok(m, out->value, &out->defects);
        break;
    case XS_GN_EDI_PARTY_NAME:
        ok = edi_party_name_ok(m, out->value);
        break;
    case XS_GN_REGISTERED_ID:
        check_oid_contents(m, &out->value);
        break;
    case XS_GN_IP_ADDRESS:
        out->defects |= ip_syntax(&out->value, constraint);
        break;
    case XS_GN_RFC822_NAME:
    case XS_GN_DNS_NAME:
    case XS_GN_URI:
        out->defects |= ia5_syntax(out->form, &out->value, constraint);
        break;
    case XS_GN_X400_ADDRESS: /* ORAddress: x509strict does not look inside */
    case XS_GN_UNKNOWN:
        break;
    }
    if (!ok) {
        out->defects |= XS_GN_MALFORMED;
    }
    return true;
}

bool xs_general_name_decode(xs_model *m, xs_der *d, xs_general_name *out)
{
    return read_general_name(m, d, false, out);
}

/* ---- lists -------------------------------------------------------------- */

static bool push_name(xs_model *m, xs_general_names *list, const xs_general_name *gn)
{
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 8;
        if (cap > XS_MAX_GENERAL_NAMES) {
            cap = XS_MAX_GENERAL_NAMES;
        }
        xs_general_name *grown = realloc(list->items, cap * sizeof(*grown));
        if (grown == NULL) {
            m->alloc_failed = true;
            return false;
        }
        list->items = grown;
        list->cap = cap;
    }
    list->items[list->count++] = *gn;
    return true;
}

/* at_cap: the list is full. The first time, the cap is recorded. */
static bool at_cap(xs_model *m, xs_general_names *list, size_t offset)
{
    if (list->count < XS_MAX_GENERAL_NAMES) {
        return false;
    }
    if (!list->capped) {
        xs_model_limit(m, offset);
        list->capped = true;
    }
    return true;
}

/* read_entries walks a SEQUENCE OF (GeneralName, or GeneralSubtree with
 * `read_one`) into `list`. Past the cap, elements are only skipped. Returns
 * whether every element decoded. */
static bool read_entries(xs_model *m, xs_der *seq, xs_general_names *list,
                         bool (*read_one)(xs_model *, xs_der *, xs_general_name *))
{
    bool ok = true;
    for (size_t i = 0; !xs_der_at_end(seq); i++) {
        if (at_cap(m, list, seq->off)) {
            if (!xs_der_skip(seq)) {
                return false;
            }
            continue;
        }
        xs_general_name gn;
        size_t restore = xs_path_push_index(m, "", i);
        bool readable = read_one(m, seq, &gn);
        xs_path_pop(m, restore);
        if (!readable) {
            return false;
        }
        ok = ok && (gn.defects & XS_GN_MALFORMED) == 0;
        if (!push_name(m, list, &gn)) {
            return false;
        }
    }
    return ok;
}

static bool read_name_entry(xs_model *m, xs_der *seq, xs_general_name *out)
{
    return read_general_name(m, seq, false, out);
}

static int compare_nocase(const xs_der *a, const xs_der *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    for (size_t i = 0; i < n; i++) {
        int x = a->p[i] >= 'A' && a->p[i] <= 'Z' ? a->p[i] + 32 : a->p[i];
        int y = b->p[i] >= 'A' && b->p[i] <= 'Z' ? b->p[i] + 32 : b->p[i];
        if (x != y) {
            return x - y;
        }
    }
    return a->len < b->len ? -1 : a->len > b->len;
}

/* same_name orders names by form, then value (dNSNames ignoring case, as
 * DNS compares them). */
static int same_name(const xs_general_name *x, const xs_general_name *y)
{
    if (x->form != y->form) {
        return x->form < y->form ? -1 : 1;
    }
    return x->form == XS_GN_DNS_NAME ? compare_nocase(&x->value, &y->value)
                                     : xs_der_compare(&x->value, &y->value);
}

/* order_names sorts pointers into one array; equal names keep their list
 * order, so the first of each run is the original. */
static int order_names(const void *a, const void *b)
{
    const xs_general_name *x = *(const xs_general_name *const *)a;
    const xs_general_name *y = *(const xs_general_name *const *)b;
    int c = same_name(x, y);
    if (c != 0) {
        return c;
    }
    return x < y ? -1 : x > y;
}

/* mark_duplicates sets XS_GN_DUPLICATE on every entry equal to an earlier
 * one, by sorting (n log n), never by comparing all pairs. */
static void mark_duplicates(xs_model *m, xs_general_names *list)
{
    if (list->count < 2) {
        return;
    }
    xs_general_name **sorted = malloc(list->count * sizeof(*sorted));
    if (sorted == NULL) {
        m->alloc_failed = true;
        return;
    }
    for (size_t i = 0; i < list->count; i++) {
        sorted[i] = &list->items[i];
    }
    qsort(sorted, list->count, sizeof(*sorted), order_names);
    for (size_t i = 1; i < list->count; i++) {
        if (same_name(sorted[i - 1], sorted[i]) == 0) {
            sorted[i]->defects |= XS_GN_DUPLICATE;
        }
    }
    free(sorted);
}

/* GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName: the elements. An
 * empty list is read (the rules report it). */
bool xs_general_names_decode(xs_model *m, xs_der *contents, xs_general_names *out)
{
    memset(out, 0, sizeof(*out));
    bool ok = read_entries(m, contents, out, read_name_entry);
    mark_duplicates(m, out);
    return ok;
}

void xs_general_names_cleanup(xs_general_names *names)
{
    free(names->items);
    memset(names, 0, sizeof(*names));
}

/* ---- the extensions ----------------------------------------------------- */

static void decode_alt_names(xs_model *m, size_t index, xs_alt_names *out)
{
    xs_der value, seq;
    xs_ext_value_cursor(m, index, &value);
    if (!xs_model_require(m, &value, XS_TAG_SEQUENCE, "value", &seq)) {
        return;
    }
    out->read = true;
    bool ok = xs_general_names_decode(m, &seq, &out->names);
    ok = xs_der_expect_end(&value) && ok;
    m->exts[index].value_ok = ok;
}

void xs_ext_decode_subject_alt_name(xs_model *m, size_t index)
{
    m->names.san_present = true;
    m->names.san_ext = index;
    decode_alt_names(m, index, &m->names.san);
}

void xs_ext_decode_issuer_alt_name(xs_model *m, size_t index)
{
    m->names.ian_present = true;
    m->names.ian_ext = index;
    decode_alt_names(m, index, &m->names.ian);
}

/* read_base_distance reads BaseDistance ::= INTEGER (0..MAX), implicitly
 * tagged, applying X.690 8.3 to its contents. Returns whether it is zero. */
static bool read_base_distance(xs_model *m, xs_der *seq, uint8_t tag, const char *field)
{
    xs_der n;
    size_t restore = xs_path_push(m, field);
    bool zero = false;
    if (xs_der_get(seq, tag, &n)) {
        if (n.len == 0) {
            xs_model_issue(m, XS_DER_INTEGER_EMPTY, n.off);
        } else if (n.len > 1 && ((n.p[0] == 0x00 && (n.p[1] & 0x80) == 0) ||
                                 (n.p[0] == 0xFF && (n.p[1] & 0x80) != 0))) {
            xs_model_issue(m, XS_DER_INTEGER_NOT_MINIMAL, n.off);
        }
        zero = n.len > 0 && xs_der_integer_is_zero(&n);
    }
    xs_path_pop(m, restore);
    return zero;
}

/* GeneralSubtree ::= SEQUENCE { base GeneralName,
 *   minimum [0] BaseDistance DEFAULT 0, maximum [1] BaseDistance OPTIONAL }
 * The subtree's bounds land in the base's defect bits. */
static bool read_subtree(xs_model *m, xs_der *list, xs_general_name *out)
{
    xs_der seq;
    size_t at = list->off;
    if (!xs_model_require(m, list, XS_TAG_SEQUENCE, "subtree", &seq)) {
        memset(out, 0, sizeof(*out));
        return false;
    }
    size_t restore = xs_path_push(m, "base");
    if (xs_der_at_end(&seq)) {
        xs_model_issue(m, XS_DER_MISSING_ELEMENT, seq.off);
    }
    read_general_name(m, &seq, true, out);
    xs_path_pop(m, restore);
    out->off = at;
    if (xs_der_peek_tag(&seq) == XS_TAG_CTX_PRIMITIVE(0)) {
        size_t min_at = seq.off;
        if (read_base_distance(m, &seq, XS_TAG_CTX_PRIMITIVE(0), "minimum")) {
            size_t r = xs_path_push(m, "minimum");
            xs_model_issue(m, XS_DER_DEFAULT_ENCODED, min_at);
            xs_path_pop(m, r);
        } else {
            out->defects |= XS_GN_NC_MINIMUM_NOT_ZERO;
        }
    }
    if (xs_der_peek_tag(&seq) == XS_TAG_CTX_PRIMITIVE(1)) {
        read_base_distance(m, &seq, XS_TAG_CTX_PRIMITIVE(1), "maximum");
        out->defects |= XS_GN_NC_MAXIMUM_PRESENT;
    }
    if (!xs_der_at_end(&seq)) {
        xs_model_expect_end(m, &seq, "maximum");
        out->defects |= XS_GN_MALFORMED;
    }
    return true;
}

/* GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree, here the
 * contents of [0] or [1] IMPLICIT. */
static bool read_subtrees(xs_model *m, xs_der *seq, uint8_t tag, const char *field, bool *has,
                          xs_general_names *out)
{
    xs_der list;
    if (xs_der_peek_tag(seq) != tag || !xs_der_get(seq, tag, &list)) {
        return xs_der_peek_tag(seq) != tag;
    }
    *has = true;
    size_t restore = xs_path_push(m, field);
    bool ok = read_entries(m, &list, out, read_subtree);
    xs_path_pop(m, restore);
    return ok;
}

/* NameConstraints ::= SEQUENCE {
 *   permittedSubtrees [0] GeneralSubtrees OPTIONAL,
 *   excludedSubtrees  [1] GeneralSubtrees OPTIONAL } */
void xs_ext_decode_name_constraints(xs_model *m, size_t index)
{
    xs_name_constraints *nc = &m->names.nc;
    xs_der value, seq;
    m->names.nc_present = true;
    m->names.nc_ext = index;
    xs_ext_value_cursor(m, index, &value);
    if (!xs_model_require(m, &value, XS_TAG_SEQUENCE, "value", &seq)) {
        return;
    }
    nc->read = true;
    bool ok = read_subtrees(m, &seq, XS_TAG_CTX_CONSTRUCTED(0), "permittedSubtrees",
                            &nc->has_permitted, &nc->permitted);
    ok = read_subtrees(m, &seq, XS_TAG_CTX_CONSTRUCTED(1), "excludedSubtrees", &nc->has_excluded,
                       &nc->excluded) &&
         ok;
    if (!xs_der_at_end(&seq)) {
        xs_model_expect_end(m, &seq, "excludedSubtrees");
        ok = false;
    }
    ok = xs_der_expect_end(&value) && ok;
    m->exts[index].value_ok = ok;
}

void xs_ext_names_cleanup(xs_ext_names *n)
{
    xs_general_names_cleanup(&n->san.names);
    xs_general_names_cleanup(&n->ian.names);
    xs_general_names_cleanup(&n->nc.permitted);
    xs_general_names_cleanup(&n->nc.excluded);
}

/* ---- printing ----------------------------------------------------------- */

/* describe_ip prints 4 and 16 octets as an address, 8 and 32 as address
 * "/" mask, and other lengths as a count. */
static void describe_ip(const xs_der *v, const char *form, char *buf, size_t len)
{
    size_t half = v->len == 8 || v->len == 32 ? v->len / 2 : v->len;
    if (half != 4 && half != 16) {
        snprintf(buf, len, "%s of %zu octets", form, v->len);
        return;
    }
    int used = snprintf(buf, len, "%s ", form);
    size_t at = used > 0 && (size_t)used < len ? (size_t)used : len - 1;
    for (size_t i = 0; i < v->len && at < len; i++) {
        const char *sep = i == 0 ? "" : i == half ? "/" : half == 4 ? "." : i % 2 == 0 ? ":" : "";
        int n = snprintf(buf + at, len - at, half == 4 ? "%s%u" : "%s%02x", sep, v->p[i]);
        at += n > 0 ? (size_t)n : 0;
    }
}

void xs_general_name_describe(const xs_general_name *gn, char *buf, size_t len)
{
    const char *form = xs_gn_form_name(gn->form);
    if (len < 16) {
        if (len > 0) {
            buf[0] = 0;
        }
        return;
    }
    switch (gn->form) {
    case XS_GN_RFC822_NAME:
    case XS_GN_DNS_NAME:
    case XS_GN_URI:
        break;
    case XS_GN_IP_ADDRESS:
        describe_ip(&gn->value, form, buf, len);
        return;
    default:
        snprintf(buf, len, "%s", form);
        return;
    }
    /* room is kept for one escaped octet, "...\"" and the NUL */
    const size_t shown_max = 80;
    int used = snprintf(buf, len, "%s \"", form);
    size_t at = used > 0 && (size_t)used < len ? (size_t)used : len - 1;
    size_t i = 0;
    for (; i < gn->value.len && i < shown_max && at + 9 < len; i++) {
        uint8_t c = gn->value.p[i];
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
            buf[at++] = (char)c;
        } else {
            at += (size_t)snprintf(buf + at, len - at, "\\x%02X", c);
        }
    }
    snprintf(buf + at, len - at, "%s", i < gn->value.len ? "...\"" : "\"");
}
