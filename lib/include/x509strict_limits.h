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

/* Largest chain depth a policy or caller may ask for (OpenSSL's default
 * is 100). */
#define XS_MAX_DEPTH 100

/* Directory levels below a trust directory that are searched. */
#define XS_MAX_DIR_DEPTH 16

/* Bytes of one policy file, and levels of `inherit`. */
#define XS_MAX_POLICY_BYTES (1024u * 1024u)
#define XS_MAX_POLICY_INHERIT 8

/* Characters of a subject or issuer as printed in reports. */
#define XS_MAX_NAME_CHARS 1024u

#endif /* X509STRICT_LIMITS_H */
