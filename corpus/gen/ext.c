/*
 * ext.c: extensions from the case list's spec.
 *
 * A spec is a ';'-separated list of items "[-]NAME[!][=VALUE]". It is
 * applied over the profile's list: "-NAME" removes an extension, an item
 * whose NAME is already there replaces it in place, any other is appended.
 * '!' marks the extension critical. VALUE "hex:HEX" gives the extnValue
 * contents as raw bytes for any NAME; "raw:OID" names any extension (VALUE
 * then must be hex:), and "rawext=HEX" appends a whole Extension element.
 *
 * NAME   VALUE
 * bc     comma list: ca, ca:false (DEFAULT encoded), pathlen:N
 * ku     comma list of bit names (digitalSignature ... decipherOnly, bit:N), auto
 * eku    comma list: serverAuth clientAuth codeSigning emailProtection
 *        timeStamping OCSPSigning any, or OIDs
 * san ian  general names: dns:, email:, uri:, ip:, dn:/A=B, rid:, other:, raw:
 * ski    empty (SHA-1 of the key), keyid:HEX
 * aki    comma list: keyid (default), keyid:HEX, serial (issuer + serial)
 * nc     permit:GN / exclude:GN, each optionally followed by min:N / max:N
 * cp     comma list of OIDs or any; OID|cps=URI|notice=TEXT|noticeref=ORG
 * pm     comma list of ISSUER>SUBJECT policy OIDs (any = anyPolicy)
 * pc     require:N, inhibit:N
 * iap    N
 * crldp freshest  comma list of uri:URL (one distribution point each)
 * aia    ocsp:URL, ca:URL
 * sia    repo:URL, ts:URL
 * nsct   client server email objsign sslCA emailCA objCA
 * nscomment  text
 * proxy  inherit, pathlen:N (proxyCertInfo, RFC 3820)
 * ipaddr v4:PREFIX/LEN or v4:inherit (RFC 3779)
 * ocspnocheck ctpoison  (NULL value)
 * sct    HEX (the SCT list contents)
 */
#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>

#include "gen_internal.h"

typedef struct {
    const char *name, *oid;
} ext_oid;

static const ext_oid ext_oids[] = {
    {"bc", "2.5.29.19"},
    {"ku", "2.5.29.15"},
    {"eku", "2.5.29.37"},
    {"san", "2.5.29.17"},
    {"ian", "2.5.29.18"},
    {"ski", "2.5.29.14"},
    {"aki", "2.5.29.35"},
    {"nc", "2.5.29.30"},
    {"cp", "2.5.29.32"},
    {"pm", "2.5.29.33"},
    {"pc", "2.5.29.36"},
    {"iap", "2.5.29.54"},
    {"crldp", "2.5.29.31"},
    {"freshest", "2.5.29.46"},
    {"sda", "2.5.29.9"},
    {"pkup", "2.5.29.16"},
    {"aia", "1.3.6.1.5.5.7.1.1"},
    {"sia", "1.3.6.1.5.5.7.1.11"},
    {"nsct", "2.16.840.1.113730.1.1"},
    {"nsbaseurl", "2.16.840.1.113730.1.2"},
    {"nsrevokeurl", "2.16.840.1.113730.1.3"},
    {"nscapolicy", "2.16.840.1.113730.1.8"},
    {"nscomment", "2.16.840.1.113730.1.13"},
    {"proxy", "1.3.6.1.5.5.7.1.14"},
    {"ipaddr", "1.3.6.1.5.5.7.1.7"},
    {"asid", "1.3.6.1.5.5.7.1.8"},
    {"ocspnocheck", "1.3.6.1.5.5.7.48.1.5"},
    {"tlsfeature", "1.3.6.1.5.5.7.1.24"},
    {"ctpoison", "1.3.6.1.4.1.11129.2.4.3"},
    {"sct", "1.3.6.1.4.1.11129.2.4.2"},
};

static const char *oid_of(const char *name, const char *what)
{
    if (strncmp(name, "raw:", 4) == 0) {
        return name + 4;
    }
    for (size_t i = 0; i < sizeof(ext_oids) / sizeof(ext_oids[0]); i++) {
        if (strcmp(ext_oids[i].name, name) == 0) {
            return ext_oids[i].oid;
        }
    }
    gen_die("%s: unknown extension '%s'", what, name);
}

static const struct {
    const char *name, *oid;
} eku_names[] = {
    {"serverAuth", "1.3.6.1.5.5.7.3.1"},      {"clientAuth", "1.3.6.1.5.5.7.3.2"},
    {"codeSigning", "1.3.6.1.5.5.7.3.3"},     {"emailProtection", "1.3.6.1.5.5.7.3.4"},
    {"timeStamping", "1.3.6.1.5.5.7.3.8"},    {"OCSPSigning", "1.3.6.1.5.5.7.3.9"},
    {"any", "2.5.29.37.0"},                   {"nsSGC", "2.16.840.1.113730.4.1"},
    {"msSGC", "1.3.6.1.4.1.311.10.3.3"},
};

static const char *const ku_bits[] = {
    "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
    "keyAgreement",     "keyCertSign",    "cRLSign",         "encipherOnly",
    "decipherOnly",
};

static const char *const ns_bits[] = {"client", "server", "email", "objsign",
                                      "reserved", "sslCA", "emailCA", "objCA"};

/* named_bits encodes a NamedBitList BIT STRING the DER way: no trailing
 * zero bit, unused bits counted. */
static gnode *named_bits(const char *list, const char *const *names, size_t nnames,
                         const char *what)
{
    unsigned char bytes[8] = {0};
    int highest = -1;
    char *toks[32];
    size_t n = gen_split(list, ',', toks, 32);
    for (size_t i = 0; i < n; i++) {
        int bit = -1;
        if (strncmp(toks[i], "bit:", 4) == 0) {
            bit = atoi(toks[i] + 4);
        }
        for (size_t j = 0; j < nnames && bit < 0; j++) {
            if (strcmp(names[j], toks[i]) == 0) {
                bit = (int)j;
            }
        }
        if (bit < 0 || bit >= 64) {
            gen_die("%s: unknown bit '%s'", what, toks[i]);
        }
        bytes[bit / 8] |= (unsigned char)(0x80 >> (bit % 8));
        if (bit > highest) {
            highest = bit;
        }
    }
    if (highest < 0) {
        return gn_bits(0, NULL, 0);
    }
    size_t len = (size_t)highest / 8 + 1;
    int unused = 7 - highest % 8;
    return gn_bits(unused, bytes, len);
}

static gnode *int_signed(long v)
{
    if (v >= 0) {
        return gn_int_u64((uint64_t)v);
    }
    /* two's complement, minimal */
    unsigned char b[8];
    for (int i = 7; i >= 0; i--) {
        b[i] = (unsigned char)(v & 0xFF);
        v >>= 8;
    }
    size_t off = 0;
    while (off < 7 && b[off] == 0xFF && (b[off + 1] & 0x80)) {
        off++;
    }
    return gn_prim(0x02, b + off, 8 - off);
}

static gnode *implicit_int(unsigned tag, long v)
{
    gnode *n = int_signed(v);
    n->id[0] = (unsigned char)tag;
    return n;
}

static gnode *v_bc(const char *v, const ext_ctx *x)
{
    gnode *seq = gn_seq();
    char *toks[8];
    size_t n = gen_split(v, ',', toks, 8);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(toks[i], "ca") == 0) {
            gn_add(seq, gn_bool(true));
        } else if (strcmp(toks[i], "ca:false") == 0) {
            gn_add(seq, gn_bool(false));
        } else if (strncmp(toks[i], "pathlen:", 8) == 0) {
            gn_add(seq, int_signed(strtol(toks[i] + 8, NULL, 10)));
        } else {
            gen_die("%s: bc: unknown '%s'", x->what, toks[i]);
        }
    }
    return seq;
}

static gnode *v_ku(const char *v, const ext_ctx *x)
{
    if (v != NULL && strcmp(v, "auto") == 0) {
        v = x->key != NULL && EVP_PKEY_is_a(x->key, "RSA") ? "digitalSignature,keyEncipherment"
                                                           : "digitalSignature";
    }
    return named_bits(v, ku_bits, sizeof(ku_bits) / sizeof(ku_bits[0]), x->what);
}

static gnode *v_eku(const char *v, const ext_ctx *x)
{
    gnode *seq = gn_seq();
    char *toks[16];
    size_t n = gen_split(v, ',', toks, 16);
    (void)x;
    for (size_t i = 0; i < n; i++) {
        const char *oid = toks[i];
        for (size_t j = 0; j < sizeof(eku_names) / sizeof(eku_names[0]); j++) {
            if (strcmp(eku_names[j].name, toks[i]) == 0) {
                oid = eku_names[j].oid;
            }
        }
        gn_add(seq, gn_oid(oid));
    }
    return seq;
}

static gnode *v_ski(const char *v, const ext_ctx *x)
{
    if (v != NULL && strncmp(v, "keyid:", 6) == 0) {
        size_t len;
        unsigned char *id = gen_hex(v + 6, &len);
        return gn_octets(id, len);
    }
    return gn_octets(x->ski, x->ski_len);
}

static gnode *v_aki(const char *v, const ext_ctx *x)
{
    gnode *seq = gn_seq();
    char *toks[4];
    size_t n = gen_split(v != NULL && *v ? v : "keyid", ',', toks, 4);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(toks[i], "keyid") == 0) {
            const unsigned char *id = x->issuer != NULL ? x->issuer->ski : x->ski;
            size_t len = x->issuer != NULL ? x->issuer->ski_len : x->ski_len;
            gn_add(seq, gn_prim(0x80, id, len));
        } else if (strncmp(toks[i], "keyid:", 6) == 0) {
            size_t len;
            unsigned char *id = gen_hex(toks[i] + 6, &len);
            gn_add(seq, gn_prim(0x80, id, len));
        } else if (strcmp(toks[i], "serial") == 0) {
            /* authorityCertIssuer: the issuer's issuer; serial: the issuer's */
            const gnode *issuer_subject =
                x->issuer != NULL ? x->issuer->issuer_name : x->self_subject;
            gnode *names = gn_cons(0xA1);
            gn_add(names, gn_add(gn_cons(0xA4), gn_copy(issuer_subject)));
            gn_add(seq, names);
            const unsigned char *s = x->issuer != NULL ? x->issuer->serial : x->self_serial;
            size_t slen = x->issuer != NULL ? x->issuer->serial_len : x->self_serial_len;
            gnode *serial = gn_int_mag(s, slen);
            serial->id[0] = 0x82;
            gn_add(seq, serial);
        } else {
            gen_die("%s: aki: unknown '%s'", x->what, toks[i]);
        }
    }
    return seq;
}

static gnode *v_nc(const char *v, const ext_ctx *x)
{
    gnode *permitted = gn_cons(0xA0), *excluded = gn_cons(0xA1);
    gnode *last = NULL;
    char *toks[32];
    size_t n = gen_split(v, ',', toks, 32);
    for (size_t i = 0; i < n; i++) {
        if (strncmp(toks[i], "permit:", 7) == 0 || strncmp(toks[i], "exclude:", 8) == 0) {
            bool permit = toks[i][0] == 'p';
            last = gn_seq();
            gn_add(last, gen_general_name(toks[i] + (permit ? 7 : 8), x->what));
            gn_add(permit ? permitted : excluded, last);
        } else if (last != NULL && strncmp(toks[i], "min:", 4) == 0) {
            gn_add(last, implicit_int(0x80, strtol(toks[i] + 4, NULL, 10)));
        } else if (last != NULL && strncmp(toks[i], "max:", 4) == 0) {
            gn_add(last, implicit_int(0x81, strtol(toks[i] + 4, NULL, 10)));
        } else {
            gen_die("%s: nc: unknown '%s'", x->what, toks[i]);
        }
    }
    gnode *seq = gn_seq();
    if (permitted->nkids > 0) {
        gn_add(seq, permitted);
    }
    if (excluded->nkids > 0) {
        gn_add(seq, excluded);
    }
    return seq;
}

static const char *policy_oid(const char *s)
{
    return strcmp(s, "any") == 0 ? "2.5.29.32.0" : s;
}

static gnode *v_cp(const char *v, const ext_ctx *x)
{
    gnode *seq = gn_seq();
    char *toks[16];
    size_t n = gen_split(v, ',', toks, 16);
    (void)x;
    for (size_t i = 0; i < n; i++) {
        char *parts[8];
        size_t np = gen_split(toks[i], '|', parts, 8);
        gnode *info = gn_add(gn_seq(), gn_oid(policy_oid(parts[0])));
        gnode *quals = gn_seq();
        for (size_t j = 1; j < np; j++) {
            gnode *q = gn_seq();
            if (strncmp(parts[j], "cps=", 4) == 0) {
                gn_add(q, gn_oid("1.3.6.1.5.5.7.2.1"));
                gn_add(q, gn_str(0x16, parts[j] + 4));
            } else if (strncmp(parts[j], "notice=", 7) == 0) {
                gn_add(q, gn_oid("1.3.6.1.5.5.7.2.2"));
                gn_add(q, gn_add(gn_seq(), gen_string("utf8", parts[j] + 7, x->what)));
            } else if (strncmp(parts[j], "notice-", 7) == 0 && strchr(parts[j], '=') != NULL) {
                /* notice-ia5=TEXT, notice-visible=TEXT, notice-bmp=TEXT */
                char *eq = strchr(parts[j], '=');
                const char *type = ga_strndup(parts[j] + 7, (size_t)(eq - parts[j] - 7));
                gn_add(q, gn_oid("1.3.6.1.5.5.7.2.2"));
                gn_add(q, gn_add(gn_seq(), gen_string(type, eq + 1, x->what)));
            } else if (strncmp(parts[j], "noticeref=", 10) == 0) {
                gn_add(q, gn_oid("1.3.6.1.5.5.7.2.2"));
                gnode *ref = gn_add(gn_seq(), gn_str(0x0C, parts[j] + 10));
                gn_add(ref, gn_add(gn_seq(), gn_int_u64(1)));
                gn_add(q, gn_add(gn_seq(), ref));
            } else if (strncmp(parts[j], "raw=", 4) == 0) {
                q = gn_rawhex(parts[j] + 4);
            } else {
                gen_die("%s: cp: unknown qualifier '%s'", x->what, parts[j]);
            }
            gn_add(quals, q);
        }
        if (quals->nkids > 0) {
            gn_add(info, quals);
        }
        gn_add(seq, info);
    }
    return seq;
}

static gnode *v_pm(const char *v, const ext_ctx *x)
{
    gnode *seq = gn_seq();
    char *toks[16];
    size_t n = gen_split(v, ',', toks, 16);
    for (size_t i = 0; i < n; i++) {
        char *gt = strchr(toks[i], '>');
        if (gt == NULL) {
            gen_die("%s: pm: ISSUER>SUBJECT expected", x->what);
        }
        *gt = 0;
        gn_add(seq, gn_add(gn_add(gn_seq(), gn_oid(policy_oid(toks[i]))),
                           gn_oid(policy_oid(gt + 1))));
    }
    return seq;
}

static gnode *v_pc(const char *v, const ext_ctx *x)
{
    gnode *seq = gn_seq();
    char *toks[4];
    size_t n = gen_split(v, ',', toks, 4);
    for (size_t i = 0; i < n; i++) {
        if (strncmp(toks[i], "require:", 8) == 0) {
            gn_add(seq, implicit_int(0x80, strtol(toks[i] + 8, NULL, 10)));
        } else if (strncmp(toks[i], "inhibit:", 8) == 0) {
            gn_add(seq, implicit_int(0x81, strtol(toks[i] + 8, NULL, 10)));
        } else {
            gen_die("%s: pc: unknown '%s'", x->what, toks[i]);
        }
    }
    return seq;
}

static gnode *v_dps(const char *v, const ext_ctx *x)
{
    gnode *seq = gn_seq();
    char *toks[8];
    size_t n = gen_split(v, ',', toks, 8);
    for (size_t i = 0; i < n; i++) {
        gnode *full = gn_cons(0xA0);
        gn_add(full, gen_general_name(toks[i], x->what));
        gnode *dpname = gn_add(gn_cons(0xA0), full);
        gn_add(seq, gn_add(gn_seq(), dpname));
    }
    return seq;
}

static gnode *v_access(const char *v, const ext_ctx *x)
{
    gnode *seq = gn_seq();
    char *toks[8];
    size_t n = gen_split(v, ',', toks, 8);
    for (size_t i = 0; i < n; i++) {
        char *colon = strchr(toks[i], ':');
        if (colon == NULL) {
            gen_die("%s: access: METHOD:URL expected", x->what);
        }
        *colon = 0;
        const char *method = strcmp(toks[i], "ocsp") == 0   ? "1.3.6.1.5.5.7.48.1"
                             : strcmp(toks[i], "ca") == 0   ? "1.3.6.1.5.5.7.48.2"
                             : strcmp(toks[i], "repo") == 0 ? "1.3.6.1.5.5.7.48.5"
                             : strcmp(toks[i], "ts") == 0   ? "1.3.6.1.5.5.7.48.3"
                                                            : toks[i];
        const char *loc = colon + 1;
        bool general = strncmp(loc, "dns:", 4) == 0 || strncmp(loc, "email:", 6) == 0 ||
                       strncmp(loc, "dn:", 3) == 0 || strncmp(loc, "ip:", 3) == 0 ||
                       strncmp(loc, "raw:", 4) == 0 || strncmp(loc, "rid:", 4) == 0 ||
                       strncmp(loc, "uri:", 4) == 0;
        gnode *gn = general ? gen_general_name(loc, x->what) : gn_str(0x86, loc);
        gn_add(seq, gn_add(gn_add(gn_seq(), gn_oid(method)), gn));
    }
    return seq;
}

static gnode *v_proxy(const char *v, const ext_ctx *x)
{
    gnode *seq = gn_seq();
    char *toks[4];
    size_t n = gen_split(v != NULL && *v ? v : "inherit", ',', toks, 4);
    const char *lang = "1.3.6.1.5.5.7.21.1";
    for (size_t i = 0; i < n; i++) {
        if (strncmp(toks[i], "pathlen:", 8) == 0) {
            gn_add(seq, int_signed(strtol(toks[i] + 8, NULL, 10)));
        } else if (strcmp(toks[i], "independent") == 0) {
            lang = "1.3.6.1.5.5.7.21.2";
        } else if (strcmp(toks[i], "inherit") != 0) {
            gen_die("%s: proxy: unknown '%s'", x->what, toks[i]);
        }
    }
    return gn_add(seq, gn_add(gn_seq(), gn_oid(lang)));
}

static gnode *v_ipaddr(const char *v, const ext_ctx *x)
{
    gnode *seq = gn_seq();
    char *toks[8];
    size_t n = gen_split(v, ',', toks, 8);
    for (size_t i = 0; i < n; i++) {
        if (strncmp(toks[i], "v4:", 3) != 0) {
            gen_die("%s: ipaddr: v4:PREFIX/LEN or v4:inherit", x->what);
        }
        unsigned char afi[2] = {0, 1};
        gnode *fam = gn_add(gn_seq(), gn_octets(afi, 2));
        if (strcmp(toks[i] + 3, "inherit") == 0) {
            gn_add(fam, gn_null());
        } else {
            unsigned a, b, c, d, len;
            if (sscanf(toks[i] + 3, "%u.%u.%u.%u/%u", &a, &b, &c, &d, &len) != 5 || len > 32) {
                gen_die("%s: ipaddr: bad prefix '%s'", x->what, toks[i]);
            }
            unsigned char addr[4] = {(unsigned char)a, (unsigned char)b, (unsigned char)c,
                                     (unsigned char)d};
            size_t bytes = (len + 7) / 8;
            int unused = (int)(bytes * 8 - len);
            gn_add(fam, gn_add(gn_seq(), gn_bits(unused, addr, bytes)));
        }
        gn_add(seq, fam);
    }
    return seq;
}

static gnode *ext_value(const char *name, const char *v, const ext_ctx *x)
{
    if (v != NULL && strncmp(v, "hex:", 4) == 0) {
        return gn_rawhex(v + 4);
    }
    if (strcmp(name, "bc") == 0) {
        return v_bc(v, x);
    }
    if (strcmp(name, "ku") == 0) {
        return v_ku(v, x);
    }
    if (strcmp(name, "eku") == 0) {
        return v_eku(v, x);
    }
    if (strcmp(name, "san") == 0 || strcmp(name, "ian") == 0) {
        return gen_general_names(v, x->what);
    }
    if (strcmp(name, "ski") == 0) {
        return v_ski(v, x);
    }
    if (strcmp(name, "aki") == 0) {
        return v_aki(v, x);
    }
    if (strcmp(name, "nc") == 0) {
        return v_nc(v, x);
    }
    if (strcmp(name, "cp") == 0) {
        return v_cp(v, x);
    }
    if (strcmp(name, "pm") == 0) {
        return v_pm(v, x);
    }
    if (strcmp(name, "pc") == 0) {
        return v_pc(v, x);
    }
    if (strcmp(name, "iap") == 0) {
        return int_signed(strtol(v != NULL ? v : "0", NULL, 10));
    }
    if (strcmp(name, "crldp") == 0 || strcmp(name, "freshest") == 0) {
        return v_dps(v, x);
    }
    if (strcmp(name, "aia") == 0 || strcmp(name, "sia") == 0) {
        return v_access(v, x);
    }
    if (strcmp(name, "nsct") == 0) {
        return named_bits(v, ns_bits, 8, x->what);
    }
    if (strcmp(name, "nscomment") == 0 || strcmp(name, "nsbaseurl") == 0 ||
        strcmp(name, "nsrevokeurl") == 0 || strcmp(name, "nscapolicy") == 0) {
        return gn_str(0x16, v != NULL ? v : "");
    }
    if (strcmp(name, "proxy") == 0) {
        return v_proxy(v, x);
    }
    if (strcmp(name, "ipaddr") == 0) {
        return v_ipaddr(v, x);
    }
    if (strcmp(name, "ocspnocheck") == 0 || strcmp(name, "ctpoison") == 0) {
        return gn_null();
    }
    if (strcmp(name, "sct") == 0) {
        size_t len;
        unsigned char *p = gen_hex(v != NULL ? v : "", &len);
        return gn_octets(p, len);
    }
    gen_die("%s: extension '%s' needs a hex: value", x->what, name);
}

typedef struct {
    char *name;
    bool critical;
    char *value; /* NULL: none given */
} item;

static size_t parse_items(const char *spec, item *items, size_t n, size_t max, const char *what)
{
    char **toks = ga_alloc(max * sizeof(*toks));
    size_t nt = gen_split(spec, ';', toks, max);
    for (size_t i = 0; i < nt; i++) {
        char *t = toks[i];
        while (*t == ' ') {
            t++;
        }
        if (*t == 0) {
            continue;
        }
        bool remove = *t == '-';
        if (remove) {
            t++;
        }
        char *eq = strchr(t, '=');
        char *value = NULL;
        if (eq != NULL) {
            *eq = 0;
            value = eq + 1;
        }
        size_t nl = strlen(t);
        bool critical = nl > 0 && t[nl - 1] == '!';
        if (critical) {
            t[nl - 1] = 0;
        }
        size_t found = n;
        for (size_t j = 0; j < n; j++) {
            if (strcmp(items[j].name, t) == 0 && strcmp(t, "rawext") != 0) {
                found = j;
            }
        }
        if (remove) {
            if (found == n) {
                gen_die("%s: '-%s' removes nothing", what, t);
            }
            memmove(items + found, items + found + 1, (n - found - 1) * sizeof(*items));
            n--;
            continue;
        }
        if (found == n) {
            if (n == max) {
                gen_die("%s: too many extensions", what);
            }
            n++;
        }
        items[found].name = t;
        items[found].critical = critical;
        items[found].value = value;
    }
    return n;
}

gnode *gen_extensions(const char *profile, const char *spec, const ext_ctx *x)
{
    enum { MAX_ITEMS = 512 };
    item *items = ga_alloc(MAX_ITEMS * sizeof(*items));
    size_t n = parse_items(profile, items, 0, MAX_ITEMS, x->what);
    n = parse_items(spec, items, n, MAX_ITEMS, x->what);
    if (n == 0) {
        return NULL;
    }
    gnode *list = gn_seq();
    for (size_t i = 0; i < n; i++) {
        if (strcmp(items[i].name, "rawext") == 0) {
            gn_add(list, gn_named(gn_rawhex(items[i].value), "rawext"));
            continue;
        }
        const char *oid = oid_of(items[i].name, x->what);
        gnode *ext = gn_add(gn_seq(), gn_oid(oid));
        if (items[i].critical) {
            gn_add(ext, gn_bool(true));
        }
        gnode *value = ext_value(items[i].name, items[i].value, x);
        gn_add(ext, gn_named(gn_encap_octets(value), "value"));
        char *name = items[i].name;
        if (strncmp(name, "raw:", 4) == 0) { /* "raw:1.2.3" is addressed as "x1_2_3" */
            name = ga_printf("x%s", name + 4);
            for (char *p = name; *p; p++) {
                *p = *p == '.' ? '_' : *p;
            }
        }
        gn_add(list, gn_named(ext, name));
    }
    return list;
}
