/*
 * keys.c: the corpus's fixed keys. They were generated once
 * (corpus_gen --make-keys) and are committed under corpus/keys/, so that
 * every regeneration signs with the same keys.
 */
#include <openssl/pem.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "gen.h"

typedef struct {
    const char *name;
    const char *type; /* for EVP_PKEY_Q_keygen */
    const char *arg;  /* curve, or NULL */
    size_t bits;      /* RSA */
    EVP_PKEY *key;
} key_entry;

static key_entry keys[] = {
    {"rsa2048-a", "RSA", NULL, 2048, NULL}, {"rsa2048-b", "RSA", NULL, 2048, NULL},
    {"rsa2048-c", "RSA", NULL, 2048, NULL}, {"rsa2048-d", "RSA", NULL, 2048, NULL},
    {"rsa2048-e", "RSA", NULL, 2048, NULL}, {"rsa2048-f", "RSA", NULL, 2048, NULL},
    {"rsa2048-g", "RSA", NULL, 2048, NULL}, {"rsa2048-h", "RSA", NULL, 2048, NULL},
    {"rsa3072-a", "RSA", NULL, 3072, NULL}, {"rsa1024-a", "RSA", NULL, 1024, NULL},
    {"rsa1024-b", "RSA", NULL, 1024, NULL}, {"p256-a", "EC", "P-256", 0, NULL},
    {"p256-b", "EC", "P-256", 0, NULL},     {"p256-c", "EC", "P-256", 0, NULL},
    {"p256-d", "EC", "P-256", 0, NULL},     {"p384-a", "EC", "P-384", 0, NULL},
    {"p384-b", "EC", "P-384", 0, NULL},     {"ed25519-a", "ED25519", NULL, 0, NULL},
    {"ed25519-b", "ED25519", NULL, 0, NULL}, {"ed25519-c", "ED25519", NULL, 0, NULL},
    {"x25519-a", "X25519", NULL, 0, NULL},
};

static char keys_dir[4096] = "corpus/keys";

void gen_keys_dir(const char *dir)
{
    snprintf(keys_dir, sizeof(keys_dir), "%s", dir);
}

static char *key_path(const char *name)
{
    static char path[sizeof(keys_dir) + 64];
    snprintf(path, sizeof(path), "%s/%.40s.pem", keys_dir, name);
    return path;
}

EVP_PKEY *gen_key(const char *name)
{
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        if (strcmp(keys[i].name, name) != 0) {
            continue;
        }
        if (keys[i].key == NULL) {
            FILE *f = fopen(key_path(name), "r");
            if (f == NULL) {
                gen_die("cannot read key %s (run corpus_gen --make-keys once)", key_path(name));
            }
            keys[i].key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
            fclose(f);
            if (keys[i].key == NULL) {
                gen_die("%s is not a private key", key_path(name));
            }
        }
        return keys[i].key;
    }
    gen_die("unknown key '%s'", name);
}

int gen_make_keys(const char *dir)
{
    gen_keys_dir(dir);
    mkdir(dir, 0755);
    int made = 0;
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        struct stat st;
        if (stat(key_path(keys[i].name), &st) == 0) {
            continue;
        }
        EVP_PKEY *k = NULL;
        if (keys[i].bits != 0) {
            k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", keys[i].bits);
        } else if (keys[i].arg != NULL) {
            k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", keys[i].arg);
        } else {
            k = EVP_PKEY_Q_keygen(NULL, NULL, keys[i].type);
        }
        FILE *f = fopen(key_path(keys[i].name), "w");
        if (k == NULL || f == NULL ||
            !PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL)) {
            gen_die("cannot make key %s", keys[i].name);
        }
        fclose(f);
        EVP_PKEY_free(k);
        printf("made key %s\n", key_path(keys[i].name));
        made++;
    }
    return made;
}

const char *gen_key_kind(EVP_PKEY *key)
{
    if (EVP_PKEY_is_a(key, "RSA")) {
        return "rsa";
    }
    if (EVP_PKEY_is_a(key, "EC")) {
        return "ec";
    }
    if (EVP_PKEY_is_a(key, "ED25519")) {
        return "ed25519";
    }
    if (EVP_PKEY_is_a(key, "X25519")) {
        return "x25519";
    }
    return "other";
}

void gen_keys_free(void)
{
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        EVP_PKEY_free(keys[i].key);
        keys[i].key = NULL;
    }
}
