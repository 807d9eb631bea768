/*
 * seedkeys.h: throw-away private keys for the seed generator (seedgen.c), made
 * once with `openssl genpkey` for this purpose only, so that regenerated seeds
 * keep their keys. They protect nothing.
 */
#ifndef XS_FUZZ_SEEDKEYS_H
#define XS_FUZZ_SEEDKEYS_H

static const char SEED_KEY_RSA2048[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC9nj7x7fdxpptD\n"
    "cwr2zssnZnXX1fz7lu5oe2IM5sXc9cNY1et80UO3he/cLObvVqPtA3OyvA85TG0E\n"
    "dGZJisLfaezNyHT60nb0ueNKhFaAR2K2NOw+ErTdf8Z/bq0Lj3IENX+WwDBkhPXL\n"
    "6oNQpD2FhyN8o2lWk1BJqsjGNmnAu9+0gbWz6IWnSX4SSuwqaQ6ojoYaj3vFiHol\n"
    "9tdov0BoKV889EMPDUKiLtn5Z8UNxkMKnFiz6xcrgfCOK7BNaElIvC0AKFulbQK1\n"
    "OXAtknbgk7KN7/utDvxYlhFBrG6aLh6JnmdCP+gPWTwFB8c5VsH27pwwmyjyHy91\n"
    "gMnn1DhzAgMBAAECggEACkOUHa1nbQf7NJH4IHb+KTJTI61KJeY8Hny7SH5/bGAD\n"
    "RH5D4nxDYZ5G5xCpKYBznCNJMn4ahtv7tLeGR+nSdZx6vILizibxWHrtcj2qnwP+\n"
    "NGW1+gAyOSEvAfvgMxV/MvogX20k0XQfB/w4Qne5es5fXeJMk+qieHJdrtkILW4G\n"
    "JHrJZXvz32LuR9vDQ3L4lftlnFLUlWaOYqN/WnvI7VavvABINo4LkfKaM2yLh+cw\n"
    "qJ1A3iku3OgVrVM5GLUa67tDVbpVKUpK+Kpdhe/Pcqys2kk78axSlKWBqCPIR+6p\n"
    "UqbDkIBZkEKUtn3MZMiOfekhaXMnRGoSJTagIQ3RXQKBgQDmGORMdvTQ6RnkgLDz\n"
    "J2kwBRj7lPN+DJKA2UneTrRiLJROCAVWQhTxiNedhzPaTOVeQq5E67o4moWHOWMA\n"
    "cbBF3z1gK1syWqUDLggzxzO9b6fO3hWrbvKaNqfHDNrRFKd5PA31RdEznoRPSoVR\n"
    "p4b7RkcSN404gTojDBMoTDjEDwKBgQDS9sxvPoOuupeKEZ3J36iV3XGZ/C2frUKg\n"
    "fP9iY79a/piP1xVfaHazvztxRJPl0GCw1l55JE3OJIctAk7qrTHjYh8SCWWBpb8j\n"
    "piBMy5dhjAvIoN9iZf9/5veKflJcV6uTNBWSQpTf6UxbdU3TA/EYhpxCF5xpDrEf\n"
    "Xsz4etARXQKBgQDVLnS+P2w87erWYUEQVxBGtEJcPLmHrEBD7o1Y0VSgrKrOzPGc\n"
    "5GahDWavBWfONnY/6cmqAziqXsed7FZEQBDP+6/SnPjGY2ME2i4xQrs2JO+1Yt9y\n"
    "0L0mkcLKUaeeFOPBGBnah8/2YkQ1blasu2j8/zSztRI7KsdhVzucl1n0kwKBgQCL\n"
    "cOGTrihv95lug1JeOt09oY8TDuJBJs5hMf3D1NaImLvSZ4IS/ANpr77kkUWIo4El\n"
    "oav0OpDK7s4CbAIpj6zn9NVAoMFdPmbmc0nqOK+opF6tj9fXPD/zFIEOI4zgyHn5\n"
    "5HVVpXitv5De6twz2+kiIudpsB2MO0/LwmeM3fBlaQKBgDns1VeBG9fdPhDIBO9s\n"
    "mCDOhZwiKhYhzXAnSS4LkUkBGbFpQ2dMAOiL+tPy0lTfeBsVbC8/VyJv2+bD1KZi\n"
    "RuKwDpMfqugsY9BfmHp6+lmGyeLLH7K5OyugoOQQKBc6yKn6UCBZ9j+Ti2xAVywN\n"
    "Ye5kDtmAC8x51zmN3JdQTP1D\n"
    "-----END PRIVATE KEY-----\n";

static const char SEED_KEY_RSA1024[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBAOx9W4b0oXa/TgTb\n"
    "BYhFKH7uKfnbk8+iG0jE1AeHaZYUoipzV5KzY/TKvycO6YUUt18w8rTQFCyuJ01M\n"
    "HVie08Q/FBLxTtaPZLVISTzQ68LuIXp1mq0RxnU01gPfMMAzz9VmDV5NRf8bjZNk\n"
    "GAMX395yO0kfEJwgJMaV/CBIYaaVAgMBAAECgYEArK1X4HHNV/SV1ivKnVbKG+xx\n"
    "D/TJt+lI/NhjbV/ts907D74Kqp58FOjZrH5R+o9G2aXXAjmREZLUNbenEede/dwk\n"
    "Q2H04IvFN33wVheNUTrPwsQYypoXDU1RCvJ5gNpSCGNnUEo1yUeOmzOVFVNktdzt\n"
    "m6ZifNztVKD+brbDUCECQQD6ZhfQ6CnqSmyhH7QRK7ecsLP1FNcM7mFfL+N6dhTj\n"
    "3mw5ZKJlyUR6oxZ4t97Urywjq6a4/HW7EkZwJBhvECAZAkEA8cedLzJuhUMuVN+y\n"
    "fPTuxBiAgdHeKA7IFgER//3ZY+zAtwJ+QbRWMk5LJ8W3m28A17hOH+v6RgLCPIra\n"
    "E1+Z3QJAZDyYThWSKesPH1TspW8FuqD1+ScVi2Sl8A/glTZN2IZCdps1c1+lnR5K\n"
    "MZsRhbx2A/WD8UuG6ZNARUX9zf/7iQJASKbPz7fayAaI7I4Ph0beXGR0cQ4MMINI\n"
    "knwd2YuBAGrK+fMw1zOGVzV5lejupDE10pyaNTNmkBUSIrkikIHArQJBAMJyozgr\n"
    "feO1g+71ONeB0H3RoXee6lzcino33Aks1K21f69qa0srHxF48bGwyCyKTxiofQdj\n"
    "5PJn4Uf+H+Ztj/w=\n"
    "-----END PRIVATE KEY-----\n";

static const char SEED_KEY_EC_P256[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgVjMvAvJQrLCnBzIJ\n"
    "L450+FYMem/QtYinCEAn28E4622hRANCAAQC/Gi/lCkjxwvDSjm/vzo/2hkYl+B3\n"
    "LJioJNSDX3JDge67KGkGNo4gCiRyli2FudP0ZymiQGNRADE0HoVF+Zvr\n"
    "-----END PRIVATE KEY-----\n";

static const char SEED_KEY_EC_P384[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDBgxVsRuJl1BDOij35e\n"
    "M+M0CjLrJWaTDXyO6fKkCEQLTrIMBCXdYcD3kXkW8qeHNFqhZANiAARdvHB4/5hU\n"
    "N15fYYeWEOSDhH98gvGI0m+fifvpPBlzLbl9Jb6ud5OedIwz7v6u5tw+3l7yuzjX\n"
    "j2umZu1w9UhjKJMwICRKBswi9Q/9fqhoI5959DLyjRDFElr2UjUFpWI=\n"
    "-----END PRIVATE KEY-----\n";

#endif /* XS_FUZZ_SEEDKEYS_H */
