/*
 * x509strict_limits.h: every resource cap of libx509strict, in one place.
 *
 * Input is hostile. These caps bound memory and work; hitting one is
 * XS_ERR_LIMIT with a message naming the cap, never a hang or a crash.
 */
#ifndef X509STRICT_LIMITS_H
#define X509STRICT_LIMITS_H

/* Bytes read from one file or stream (a bundle of 100,000 certificates is
 * about 200 MiB of PEM). */
#define XS_MAX_INPUT_BYTES (512u * 1024u * 1024u)

/* Bytes of one certificate's DER encoding. */
#define XS_MAX_CERT_BYTES (1024u * 1024u)

/* Certificates one xs_certs list may hold. */
#define XS_MAX_CERTS 2000000u

/* Certificates given to one verification as the peer chain plus the
 * untrusted pool: OpenSSL's chain builder searches this pool linearly at
 * every step, so it is kept small. */
#define XS_MAX_UNTRUSTED 4096u

/* Largest chain depth a policy or caller may ask for. OpenSSL's default is
 * 100; x509-limbo asks for 255. OpenSSL uses each untrusted certificate at
 * most once per chain, so the untrusted pool bounds the work anyway. */
#define XS_MAX_DEPTH 255

/* Directory levels below a trust directory that are searched. */
#define XS_MAX_DIR_DEPTH 16

/* Bytes of one policy file, and levels of `inherit`. */
#define XS_MAX_POLICY_BYTES (1024u * 1024u)
#define XS_MAX_POLICY_INHERIT 8

/* Extensions in one certificate, attributes in one Name, and DER issues
 * recorded for one certificate. Real certificates carry a dozen extensions
 * and a few attributes; hitting a cap is a finding (LIMIT_EXCEEDED). */
#define XS_MAX_EXTENSIONS 256u
#define XS_MAX_NAME_ATTRS 256u
#define XS_MAX_PARSE_ISSUES 256u

/* Findings kept for one report; past it, one LIMIT_EXCEEDED finding says
 * how many more there were. */
#define XS_MAX_FINDINGS 4096u

/* Entries kept per policy, distribution-point or access list. */
#define XS_MAX_POLICY_ENTRIES 4096u

/* GeneralNames in one SAN, IAN or name-constraints subtree list. */
#define XS_MAX_GENERAL_NAMES 100000u

/* Characters of a subject or issuer as printed in reports. */
#define XS_MAX_NAME_CHARS 1024u

#endif /* X509STRICT_LIMITS_H */
