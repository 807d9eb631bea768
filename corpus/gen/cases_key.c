/*
 * cases_key.c: subject public keys and signature algorithms (family key):
 * algorithm parameters, RSA moduli and exponents, RSASSA-PSS and RSAES-OAEP
 * parameters, EC curves and points, Ed25519, DSA, and keyUsage bits a key
 * type cannot have. Lint does not verify signatures or factor moduli, so
 * the SubjectPublicKeyInfo values below are written out as DER; they were
 * produced by hand from the structures of RFC 3279, 4055, 5480 and 8410
 * (moduli and DSA values are pseudo-random odd numbers of the right size).
 */
#include "gen.h"

#define KEY(n) .folder = "malformed-key", .name = n, .mode = "lint"
#define SPKI(hex) .edit = "set=" hex "@tbs.spki"
/* SIGALG_BOTH sets the signature algorithm in both fields that carry it. */
#define SIGALG_BOTH(hex) .edit = "set=" hex "@tbs.sigalg", .post = "set=" hex "@sigalg"

#define RSA_NO_NULL \
    "30820120300b06092a864886f70d0101010382010f003082010a0282010100aab412f18e11af70316ffe8e4f0d3f" \
    "37174463317d978ab499d3d49264335f2ed6720b06ceb12f1b5209a06b9b9ac6d2da49c8c8c2fccaab240f16d1af" \
    "245eb540f9bbcdc5ef464068cb65aec375513d4116b84b712cc89f424a610cdec7f820eaab86f22ed635840ce2ac" \
    "d7e7d849c138196db8fcad63343ca3be32a7ef79fdf4dd84d8ee2e51f9c3189c15d4dfb22274c13b87e256e04341" \
    "82b03a3c99f760702c911c3ce085f8f68c7f995d6e03526ee371d8625b2e21e6e63053727cc164a092f51de12e2e" \
    "23e9a124487652e461130ce6ca6aa13a6e5ea81e3a196cd137751c5b086b081306370ed6cce2f53a38611b0785ee" \
    "50ec81e05291834be0adad0203010001"
#define RSA_PARAMS_OID \
    "30820125301006092a864886f70d01010106032a03040382010f003082010a0282010100aab412f18e11af70316f" \
    "fe8e4f0d3f37174463317d978ab499d3d49264335f2ed6720b06ceb12f1b5209a06b9b9ac6d2da49c8c8c2fccaab" \
    "240f16d1af245eb540f9bbcdc5ef464068cb65aec375513d4116b84b712cc89f424a610cdec7f820eaab86f22ed6" \
    "35840ce2acd7e7d849c138196db8fcad63343ca3be32a7ef79fdf4dd84d8ee2e51f9c3189c15d4dfb22274c13b87" \
    "e256e0434182b03a3c99f760702c911c3ce085f8f68c7f995d6e03526ee371d8625b2e21e6e63053727cc164a092" \
    "f51de12e2e23e9a124487652e461130ce6ca6aa13a6e5ea81e3a196cd137751c5b086b081306370ed6cce2f53a38" \
    "611b0785ee50ec81e05291834be0adad0203010001"
#define RSA_KEY_NOT_SEQ \
    "3015300d06092a864886f70d01010105000304000201ff"
#define RSA_EVEN_MODULUS \
    "30820122300d06092a864886f70d01010105000382010f003082010a0282010100aab412f18e11af70316ffe8e4f" \
    "0d3f37174463317d978ab499d3d49264335f2ed6720b06ceb12f1b5209a06b9b9ac6d2da49c8c8c2fccaab240f16" \
    "d1af245eb540f9bbcdc5ef464068cb65aec375513d4116b84b712cc89f424a610cdec7f820eaab86f22ed635840c" \
    "e2acd7e7d849c138196db8fcad63343ca3be32a7ef79fdf4dd84d8ee2e51f9c3189c15d4dfb22274c13b87e256e0" \
    "434182b03a3c99f760702c911c3ce085f8f68c7f995d6e03526ee371d8625b2e21e6e63053727cc164a092f51de1" \
    "2e2e23e9a124487652e461130ce6ca6aa13a6e5ea81e3a196cd137751c5b086b081306370ed6cce2f53a38611b07" \
    "85ee50ec81e05291834be0adac0203010001"
#define RSA_NEGATIVE_MODULUS \
    "30820122300d06092a864886f70d01010105000382010f003082010a02820101ff554bed0e71ee508fce900171b0" \
    "f2c0c8e8bb9cce8268754b662c2b6d9bcca0d1298df4f9314ed0e4adf65f946465392d25b637373d033554dbf0e9" \
    "2e50dba14abf0644323a10b9bf97349a513c8aaec2bee947b48ed33760bdb59ef3213807df1554790dd129ca7bf3" \
    "1d53281827b63ec7e6924703529ccbc35c41cd581086020b227b2711d1ae063ce763ea2b204ddd8b3ec4781da91f" \
    "bcbe7d4fc5c366089f8fd36ee3c31f7a0709738066a291fcad911c8e279da4d1de1919cfac8d833e9b5f6d0ae21e" \
    "d1d1dc165edbb789ad1b9eecf31935955ec591a157e1c5e6932ec88ae3a4f794f7ecf9c8f129331d0ac5c79ee4f8" \
    "7a11af137e1fad6e7cb41f52530203010001"
#define RSA_EXPONENT_1 \
    "30820120300d06092a864886f70d01010105000382010d00308201080282010100aab412f18e11af70316ffe8e4f" \
    "0d3f37174463317d978ab499d3d49264335f2ed6720b06ceb12f1b5209a06b9b9ac6d2da49c8c8c2fccaab240f16" \
    "d1af245eb540f9bbcdc5ef464068cb65aec375513d4116b84b712cc89f424a610cdec7f820eaab86f22ed635840c" \
    "e2acd7e7d849c138196db8fcad63343ca3be32a7ef79fdf4dd84d8ee2e51f9c3189c15d4dfb22274c13b87e256e0" \
    "434182b03a3c99f760702c911c3ce085f8f68c7f995d6e03526ee371d8625b2e21e6e63053727cc164a092f51de1" \
    "2e2e23e9a124487652e461130ce6ca6aa13a6e5ea81e3a196cd137751c5b086b081306370ed6cce2f53a38611b07" \
    "85ee50ec81e05291834be0adad020101"
#define RSA_EXPONENT_EVEN \
    "30820122300d06092a864886f70d01010105000382010f003082010a0282010100aab412f18e11af70316ffe8e4f" \
    "0d3f37174463317d978ab499d3d49264335f2ed6720b06ceb12f1b5209a06b9b9ac6d2da49c8c8c2fccaab240f16" \
    "d1af245eb540f9bbcdc5ef464068cb65aec375513d4116b84b712cc89f424a610cdec7f820eaab86f22ed635840c" \
    "e2acd7e7d849c138196db8fcad63343ca3be32a7ef79fdf4dd84d8ee2e51f9c3189c15d4dfb22274c13b87e256e0" \
    "434182b03a3c99f760702c911c3ce085f8f68c7f995d6e03526ee371d8625b2e21e6e63053727cc164a092f51de1" \
    "2e2e23e9a124487652e461130ce6ca6aa13a6e5ea81e3a196cd137751c5b086b081306370ed6cce2f53a38611b07" \
    "85ee50ec81e05291834be0adad0203010000"
#define RSA_EXPONENT_3 \
    "30820120300d06092a864886f70d01010105000382010d00308201080282010100aab412f18e11af70316ffe8e4f" \
    "0d3f37174463317d978ab499d3d49264335f2ed6720b06ceb12f1b5209a06b9b9ac6d2da49c8c8c2fccaab240f16" \
    "d1af245eb540f9bbcdc5ef464068cb65aec375513d4116b84b712cc89f424a610cdec7f820eaab86f22ed635840c" \
    "e2acd7e7d849c138196db8fcad63343ca3be32a7ef79fdf4dd84d8ee2e51f9c3189c15d4dfb22274c13b87e256e0" \
    "434182b03a3c99f760702c911c3ce085f8f68c7f995d6e03526ee371d8625b2e21e6e63053727cc164a092f51de1" \
    "2e2e23e9a124487652e461130ce6ca6aa13a6e5ea81e3a196cd137751c5b086b081306370ed6cce2f53a38611b07" \
    "85ee50ec81e05291834be0adad020103"
#define RSA_2047_BITS \
    "30820121300d06092a864886f70d01010105000382010e0030820109028201006dc0d346f6910cd52c75fbc6292c" \
    "64abf7fe5f237706ed3107f626c2b9c2f63d242383ad0792a5f56980cedaba30d31f80dbacbdcf66eb7fc708ba40" \
    "c65cb6b6aaf619b924c700da4473cf527b74d5fd6e1c9c4937fdacf8ed9e8eb20a021ab7170b3ea1d6d86f360778" \
    "409088f095c1b36be82726beade6148a1a258c09874fe928e156b1be49638f4039b755fa9986cab65d424eba5143" \
    "575b01059385ffc158dc4d72e255963971e811e6643857f465aa06443943601c34768e92581c7c183ee0decc5c23" \
    "84624c965f8e91bf55c4e7825c15eba56b3998f3b2c0bf6833851721600611e9d8cfa61fffffef58cb05121d85b6" \
    "f2313c91e7e112026ec8e77b0203010001"
#define PSS_MGF1_MISMATCH \
    "3082014e303906092a864886f70d01010a302ca00d300b0609608648016503040201a116301406092a864886f70d" \
    "010108300706052b0e03021aa2030201200382010f003082010a0282010100aab412f18e11af70316ffe8e4f0d3f" \
    "37174463317d978ab499d3d49264335f2ed6720b06ceb12f1b5209a06b9b9ac6d2da49c8c8c2fccaab240f16d1af" \
    "245eb540f9bbcdc5ef464068cb65aec375513d4116b84b712cc89f424a610cdec7f820eaab86f22ed635840ce2ac" \
    "d7e7d849c138196db8fcad63343ca3be32a7ef79fdf4dd84d8ee2e51f9c3189c15d4dfb22274c13b87e256e04341" \
    "82b03a3c99f760702c911c3ce085f8f68c7f995d6e03526ee371d8625b2e21e6e63053727cc164a092f51de12e2e" \
    "23e9a124487652e461130ce6ca6aa13a6e5ea81e3a196cd137751c5b086b081306370ed6cce2f53a38611b0785ee" \
    "50ec81e05291834be0adad0203010001"
#define PSS_SALT_NEGATIVE \
    "30820152303d06092a864886f70d01010a3030a00d300b0609608648016503040201a11a301806092a864886f70d" \
    "010108300b0609608648016503040201a2030201ff0382010f003082010a0282010100aab412f18e11af70316ffe" \
    "8e4f0d3f37174463317d978ab499d3d49264335f2ed6720b06ceb12f1b5209a06b9b9ac6d2da49c8c8c2fccaab24" \
    "0f16d1af245eb540f9bbcdc5ef464068cb65aec375513d4116b84b712cc89f424a610cdec7f820eaab86f22ed635" \
    "840ce2acd7e7d849c138196db8fcad63343ca3be32a7ef79fdf4dd84d8ee2e51f9c3189c15d4dfb22274c13b87e2" \
    "56e0434182b03a3c99f760702c911c3ce085f8f68c7f995d6e03526ee371d8625b2e21e6e63053727cc164a092f5" \
    "1de12e2e23e9a124487652e461130ce6ca6aa13a6e5ea81e3a196cd137751c5b086b081306370ed6cce2f53a3861" \
    "1b0785ee50ec81e05291834be0adad0203010001"
#define PSS_PARAMS_NOT_SEQ \
    "30820122300d06092a864886f70d01010a05000382010f003082010a0282010100aab412f18e11af70316ffe8e4f" \
    "0d3f37174463317d978ab499d3d49264335f2ed6720b06ceb12f1b5209a06b9b9ac6d2da49c8c8c2fccaab240f16" \
    "d1af245eb540f9bbcdc5ef464068cb65aec375513d4116b84b712cc89f424a610cdec7f820eaab86f22ed635840c" \
    "e2acd7e7d849c138196db8fcad63343ca3be32a7ef79fdf4dd84d8ee2e51f9c3189c15d4dfb22274c13b87e256e0" \
    "434182b03a3c99f760702c911c3ce085f8f68c7f995d6e03526ee371d8625b2e21e6e63053727cc164a092f51de1" \
    "2e2e23e9a124487652e461130ce6ca6aa13a6e5ea81e3a196cd137751c5b086b081306370ed6cce2f53a38611b07" \
    "85ee50ec81e05291834be0adad0203010001"
#define OAEP_PARAMS_BAD \
    "3082013a302506092a864886f70d0101073018a00d300b0609608648016503040201a207300506032a0304038201" \
    "0f003082010a0282010100aab412f18e11af70316ffe8e4f0d3f37174463317d978ab499d3d49264335f2ed6720b" \
    "06ceb12f1b5209a06b9b9ac6d2da49c8c8c2fccaab240f16d1af245eb540f9bbcdc5ef464068cb65aec375513d41" \
    "16b84b712cc89f424a610cdec7f820eaab86f22ed635840ce2acd7e7d849c138196db8fcad63343ca3be32a7ef79" \
    "fdf4dd84d8ee2e51f9c3189c15d4dfb22274c13b87e256e0434182b03a3c99f760702c911c3ce085f8f68c7f995d" \
    "6e03526ee371d8625b2e21e6e63053727cc164a092f51de12e2e23e9a124487652e461130ce6ca6aa13a6e5ea81e" \
    "3a196cd137751c5b086b081306370ed6cce2f53a38611b0785ee50ec81e05291834be0adad0203010001"
#define SIGALG_PSS_NO_PARAMS \
    "300b06092a864886f70d01010a"
#define SIGALG_PSS_MGF1_MISMATCH \
    "303906092a864886f70d01010a302ca00d300b0609608648016503040201a116301406092a864886f70d01010830" \
    "0706052b0e03021aa203020120"
#define EC_NO_PARAMS \
    "304f300906072a8648ce3d0201034200040102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d" \
    "1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40"
#define EC_IMPLICIT_CA \
    "3051300b06072a8648ce3d02010500034200040102030405060708090a0b0c0d0e0f101112131415161718191a1b" \
    "1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40"
#define EC_UNKNOWN_CURVE \
    "305a301406072a8648ce3d020106092b0601040183b20303034200040102030405060708090a0b0c0d0e0f101112" \
    "131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40"
#define EC_POINT_SHORT \
    "301b301306072a8648ce3d020106082a8648ce3d030107030400040102"
#define EC_POINT_HYBRID \
    "3059301306072a8648ce3d020106082a8648ce3d030107034200060102030405060708090a0b0c0d0e0f10111213" \
    "1415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40"
#define EC_POINT_INFINITY \
    "3019301306072a8648ce3d020106082a8648ce3d03010703020000"
#define ED25519_WITH_NULL \
    "302c300706032b65700500032100000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define ED25519_31_OCTETS \
    "3029300506032b6570032000000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e"
#define DSA_PARAMS_NULL \
    "30820116300b06072a8648ce380401050003820105000282010000e756369f5e3bfbff2d17b5d2b7bfb18c3f1b11" \
    "97fa5e4b6fd7b67ea140f6cb74cad5f4c59b4b2e8b882e392b319efd785a72228dfc77258e03fcf79f1730f1e57e" \
    "61240e0b99f1d23499817550c0978ebfe3f9af077eea9553df006502c1446ca4c1cc002a5bb52edbf9af73ef2af9" \
    "0c5da5916ecd7ff9efa10349acb4eea90d262f9d65244eb8864fa291b8b5e6b48e8eb898c923c6d2ec198688234d" \
    "63cafd907e4b1e11d360d434cb891eb8c854a9a8713114ae3e8545091d2dad1040a2f43648732ecfe58fa46df9aa" \
    "d210763bf30bb03b4a1ef0410d7b6e744d04bfbb062e10b1a3d270f2946ec653f0cb66df9c8e8e36491b0127944b" \
    "b637402a7e9d"
#define DSA_PARAMS_TWO_INTEGERS \
    "308202423082013506072a8648ce3804013082012802820101009e6adcc32b40ebfc60a0b5bad84819397f5f8cdb" \
    "6b77e61225d93a8ba8834b79a3ff2c01e457ee62ab4cc639f8c66ab5a529f7a899af461eb9be0f4f565a7e703e5c" \
    "5cfc229569d3e123c2aa31cdfdd968a5f47ed48d52475e8420f12f76f050b9de1fe73aaea4b5e22d8c1aef59c7f4" \
    "7de11fcaeaa953fd4bcf4da4b66e93eb90c57772ab7d8fc905b37f40238ccecc96184cfc22370eb27d60b230ab95" \
    "b9b77d3fb615116a4a8cd617bd56502bdbdab2001dbd1b68aaa033d3026d84d461305f4dc62344902dbffe865a7c" \
    "39edacc8927923db34555988e61e2e08ac5c833ed2ae6e24cfd4f9fabc0749cffbe70ed645a96b1f8f5565035660" \
    "662b71afdebb02210083aa1c051e80dbcf7270c49374a67df36ea3bd21fac1442c2cfed62025c4101b0382010500" \
    "0282010000e756369f5e3bfbff2d17b5d2b7bfb18c3f1b1197fa5e4b6fd7b67ea140f6cb74cad5f4c59b4b2e8b88" \
    "2e392b319efd785a72228dfc77258e03fcf79f1730f1e57e61240e0b99f1d23499817550c0978ebfe3f9af077eea" \
    "9553df006502c1446ca4c1cc002a5bb52edbf9af73ef2af90c5da5916ecd7ff9efa10349acb4eea90d262f9d6524" \
    "4eb8864fa291b8b5e6b48e8eb898c923c6d2ec198688234d63cafd907e4b1e11d360d434cb891eb8c854a9a87131" \
    "14ae3e8545091d2dad1040a2f43648732ecfe58fa46df9aad210763bf30bb03b4a1ef0410d7b6e744d04bfbb062e" \
    "10b1a3d270f2946ec653f0cb66df9c8e8e36491b0127944bb637402a7e9d"
#define DSA_NO_PARAMS \
    "30820114300906072a8648ce38040103820105000282010000e756369f5e3bfbff2d17b5d2b7bfb18c3f1b1197fa" \
    "5e4b6fd7b67ea140f6cb74cad5f4c59b4b2e8b882e392b319efd785a72228dfc77258e03fcf79f1730f1e57e6124" \
    "0e0b99f1d23499817550c0978ebfe3f9af077eea9553df006502c1446ca4c1cc002a5bb52edbf9af73ef2af90c5d" \
    "a5916ecd7ff9efa10349acb4eea90d262f9d65244eb8864fa291b8b5e6b48e8eb898c923c6d2ec198688234d63ca" \
    "fd907e4b1e11d360d434cb891eb8c854a9a8713114ae3e8545091d2dad1040a2f43648732ecfe58fa46df9aad210" \
    "763bf30bb03b4a1ef0410d7b6e744d04bfbb062e10b1a3d270f2946ec653f0cb66df9c8e8e36491b0127944bb637" \
    "402a7e9d"
#define DSA_KEY_NOT_INTEGER \
    "308202493082013806072a8648ce3804013082012b02820101009e6adcc32b40ebfc60a0b5bad84819397f5f8cdb" \
    "6b77e61225d93a8ba8834b79a3ff2c01e457ee62ab4cc639f8c66ab5a529f7a899af461eb9be0f4f565a7e703e5c" \
    "5cfc229569d3e123c2aa31cdfdd968a5f47ed48d52475e8420f12f76f050b9de1fe73aaea4b5e22d8c1aef59c7f4" \
    "7de11fcaeaa953fd4bcf4da4b66e93eb90c57772ab7d8fc905b37f40238ccecc96184cfc22370eb27d60b230ab95" \
    "b9b77d3fb615116a4a8cd617bd56502bdbdab2001dbd1b68aaa033d3026d84d461305f4dc62344902dbffe865a7c" \
    "39edacc8927923db34555988e61e2e08ac5c833ed2ae6e24cfd4f9fabc0749cffbe70ed645a96b1f8f5565035660" \
    "662b71afdebb02210083aa1c051e80dbcf7270c49374a67df36ea3bd21fac1442c2cfed62025c4101b0201020382" \
    "010900308201040282010000e756369f5e3bfbff2d17b5d2b7bfb18c3f1b1197fa5e4b6fd7b67ea140f6cb74cad5" \
    "f4c59b4b2e8b882e392b319efd785a72228dfc77258e03fcf79f1730f1e57e61240e0b99f1d23499817550c0978e" \
    "bfe3f9af077eea9553df006502c1446ca4c1cc002a5bb52edbf9af73ef2af90c5da5916ecd7ff9efa10349acb4ee" \
    "a90d262f9d65244eb8864fa291b8b5e6b48e8eb898c923c6d2ec198688234d63cafd907e4b1e11d360d434cb891e" \
    "b8c854a9a8713114ae3e8545091d2dad1040a2f43648732ecfe58fa46df9aad210763bf30bb03b4a1ef0410d7b6e" \
    "744d04bfbb062e10b1a3d270f2946ec653f0cb66df9c8e8e36491b0127944bb637402a7e9d"
#define DSA_GOOD \
    "308202453082013806072a8648ce3804013082012b02820101009e6adcc32b40ebfc60a0b5bad84819397f5f8cdb" \
    "6b77e61225d93a8ba8834b79a3ff2c01e457ee62ab4cc639f8c66ab5a529f7a899af461eb9be0f4f565a7e703e5c" \
    "5cfc229569d3e123c2aa31cdfdd968a5f47ed48d52475e8420f12f76f050b9de1fe73aaea4b5e22d8c1aef59c7f4" \
    "7de11fcaeaa953fd4bcf4da4b66e93eb90c57772ab7d8fc905b37f40238ccecc96184cfc22370eb27d60b230ab95" \
    "b9b77d3fb615116a4a8cd617bd56502bdbdab2001dbd1b68aaa033d3026d84d461305f4dc62344902dbffe865a7c" \
    "39edacc8927923db34555988e61e2e08ac5c833ed2ae6e24cfd4f9fabc0749cffbe70ed645a96b1f8f5565035660" \
    "662b71afdebb02210083aa1c051e80dbcf7270c49374a67df36ea3bd21fac1442c2cfed62025c4101b0201020382" \
    "0105000282010000e756369f5e3bfbff2d17b5d2b7bfb18c3f1b1197fa5e4b6fd7b67ea140f6cb74cad5f4c59b4b" \
    "2e8b882e392b319efd785a72228dfc77258e03fcf79f1730f1e57e61240e0b99f1d23499817550c0978ebfe3f9af" \
    "077eea9553df006502c1446ca4c1cc002a5bb52edbf9af73ef2af90c5da5916ecd7ff9efa10349acb4eea90d262f" \
    "9d65244eb8864fa291b8b5e6b48e8eb898c923c6d2ec198688234d63cafd907e4b1e11d360d434cb891eb8c854a9" \
    "a8713114ae3e8545091d2dad1040a2f43648732ecfe58fa46df9aad210763bf30bb03b4a1ef0410d7b6e744d04bf" \
    "bb062e10b1a3d270f2946ec653f0cb66df9c8e8e36491b0127944bb637402a7e9d"
#define UNKNOWN_ALG \
    "3013300b06092b0601040183b20304030400010203"
#define SIGALG_ECDSA_NULL \
    "300c06082a8648ce3d0403020500"
#define SIGALG_SHA256RSA_NO_NULL \
    "300b06092a864886f70d01010b"
#define SIGALG_ECDSA256 \
    "300a06082a8648ce3d040302"

static const gcase cases[] = {
    {KEY("algorithm-unrecognized"), .defect = "a subject public key of an algorithm nobody knows (private OID)",
     .carries = "PUBLIC_KEY_ALGORITHM_UNRECOGNIZED", .carrier = "the certificate",
     .certs = {LINT(SPKI(UNKNOWN_ALG)), LINT_CA()}},
    {KEY("rsa-1024"), .defect = "a 1024-bit RSA key",
     .carries = "PUBLIC_KEY_TOO_SMALL", .carrier = "the certificate",
     .certs = {LINT(.key = "rsa1024-a"), LINT_CA()}},
    {KEY("rsa-parameters-absent"), .defect = "rsaEncryption without its NULL parameters",
     .carries = "RSA_PARAMETERS_NOT_NULL", .carrier = "the certificate",
     .certs = {LINT(SPKI(RSA_NO_NULL)), LINT_CA()}},
    {KEY("rsa-parameters-oid"), .defect = "rsaEncryption with an OID as parameters",
     .carries = "RSA_PARAMETERS_NOT_NULL", .carrier = "the certificate",
     .certs = {LINT(SPKI(RSA_PARAMS_OID)), LINT_CA()}},
    {KEY("rsa-key-not-a-sequence"), .defect = "the RSA subjectPublicKey is an INTEGER, not an RSAPublicKey SEQUENCE",
     .carries = "RSA_PUBLIC_KEY_INVALID", .carrier = "the certificate",
     .certs = {LINT(SPKI(RSA_KEY_NOT_SEQ)), LINT_CA()}},
    {KEY("rsa-modulus-even"), .defect = "an even RSA modulus",
     .carries = "RSA_MODULUS_INVALID", .carrier = "the certificate",
     .certs = {LINT(SPKI(RSA_EVEN_MODULUS)), LINT_CA()}},
    {KEY("rsa-modulus-negative"), .defect = "a negative RSA modulus",
     .carries = "RSA_MODULUS_INVALID", .carrier = "the certificate",
     .certs = {LINT(SPKI(RSA_NEGATIVE_MODULUS)), LINT_CA()}},
    {KEY("rsa-modulus-2047-bits"), .defect = "an RSA modulus of 2047 bits",
     .carries = "RSA_MODULUS_BITS_NOT_MULTIPLE_OF_8", .carrier = "the certificate",
     .certs = {LINT(SPKI(RSA_2047_BITS)), LINT_CA()}},
    {KEY("rsa-exponent-1"), .defect = "the RSA public exponent 1",
     .carries = "RSA_EXPONENT_INVALID", .carrier = "the certificate",
     .certs = {LINT(SPKI(RSA_EXPONENT_1)), LINT_CA()}},
    {KEY("rsa-exponent-even"), .defect = "an even RSA public exponent (65536)",
     .carries = "RSA_EXPONENT_INVALID", .carrier = "the certificate",
     .certs = {LINT(SPKI(RSA_EXPONENT_EVEN)), LINT_CA()}},
    {KEY("rsa-exponent-3"), .defect = "the RSA public exponent 3, below FIPS 186-5's range",
     .carries = "RSA_EXPONENT_OUTSIDE_FIPS_RANGE", .carrier = "the certificate",
     .certs = {LINT(SPKI(RSA_EXPONENT_3)), LINT_CA()}},
    {KEY("pss-mgf1-hash-mismatch"), .defect = "an RSASSA-PSS key with SHA-256 and MGF1 over SHA-1",
     .carries = "RSA_MGF1_HASH_MISMATCH", .carrier = "the certificate",
     .certs = {LINT(SPKI(PSS_MGF1_MISMATCH)), LINT_CA()}},
    {KEY("pss-salt-negative"), .defect = "RSASSA-PSS key parameters with saltLength -1",
     .carries = "RSASSA_PSS_PARAMETERS_INVALID", .carrier = "the certificate",
     .certs = {LINT(SPKI(PSS_SALT_NEGATIVE)), LINT_CA()}},
    {KEY("pss-parameters-null"), .defect = "RSASSA-PSS key parameters that are a NULL",
     .carries = "RSASSA_PSS_PARAMETERS_INVALID", .carrier = "the certificate",
     .certs = {LINT(SPKI(PSS_PARAMS_NOT_SEQ)), LINT_CA()}},
    {KEY("pss-signature-without-parameters"), .defect = "the signature algorithm is RSASSA-PSS without parameters",
     .carries = "RSASSA_PSS_PARAMETERS_MISSING", .carrier = "the certificate",
     .certs = {LINT(SIGALG_BOTH(SIGALG_PSS_NO_PARAMS)), LINT_CA()}},
    {KEY("pss-signature-mgf1-mismatch"), .defect = "the signature algorithm is RSASSA-PSS with SHA-256 and MGF1 over SHA-1",
     .carries = "RSA_MGF1_HASH_MISMATCH", .carrier = "the certificate",
     .certs = {LINT(SIGALG_BOTH(SIGALG_PSS_MGF1_MISMATCH)), LINT_CA()}},
    {KEY("oaep-parameters-invalid"), .defect = "an RSAES-OAEP key whose pSourceFunc is not id-pSpecified",
     .carries = "RSAES_OAEP_PARAMETERS_INVALID", .carrier = "the certificate",
     .certs = {LINT(SPKI(OAEP_PARAMS_BAD)), LINT_CA()}},
    {KEY("ec-parameters-absent"), .defect = "an EC key without curve parameters",
     .carries = "EC_PARAMETERS_NOT_NAMED_CURVE", .carrier = "the certificate",
     .certs = {LINT(SPKI(EC_NO_PARAMS)), LINT_CA()}},
    {KEY("ec-implicit-ca"), .defect = "an EC key with implicitlyCA (NULL) parameters",
     .carries = "EC_PARAMETERS_NOT_NAMED_CURVE", .carrier = "the certificate",
     .certs = {LINT(SPKI(EC_IMPLICIT_CA)), LINT_CA()}},
    {KEY("ec-explicit-parameters"), .defect = "an EC key with explicit (specifiedCurve) parameters",
     .carries = "EC_KEY_EXPLICIT_PARAMS", .carrier = "the certificate",
     .certs = {LINT(.key = "p256-b:explicit"), LINT_CA()}},
    {KEY("ec-curve-unrecognized"), .defect = "an EC key on a named curve nobody knows (private OID)",
     .carries = "EC_CURVE_UNRECOGNIZED", .carrier = "the certificate",
     .certs = {LINT(SPKI(EC_UNKNOWN_CURVE)), LINT_CA()}},
    {KEY("ec-point-short"), .defect = "a P-256 point of 3 octets",
     .carries = "EC_POINT_INVALID", .carrier = "the certificate",
     .certs = {LINT(SPKI(EC_POINT_SHORT)), LINT_CA()}},
    {KEY("ec-point-hybrid"), .defect = "a P-256 point in the hybrid form (06)",
     .carries = "EC_POINT_INVALID", .carrier = "the certificate",
     .certs = {LINT(SPKI(EC_POINT_HYBRID)), LINT_CA()}},
    {KEY("ec-point-infinity"), .defect = "the point at infinity as a P-256 key",
     .carries = "EC_POINT_INVALID", .carrier = "the certificate",
     .certs = {LINT(SPKI(EC_POINT_INFINITY)), LINT_CA()}},
    {KEY("ed25519-with-parameters"), .defect = "an Ed25519 key whose AlgorithmIdentifier has NULL parameters",
     .carries = "EDDSA_XDH_PARAMETERS_PRESENT", .carrier = "the certificate",
     .certs = {LINT(SPKI(ED25519_WITH_NULL)), LINT_CA()}},
    {KEY("ed25519-31-octets"), .defect = "an Ed25519 key of 31 octets",
     .carries = "EDDSA_XDH_KEY_LENGTH_INVALID", .carrier = "the certificate",
     .certs = {LINT(SPKI(ED25519_31_OCTETS)), LINT_CA()}},
    {KEY("dsa-parameters-null"), .defect = "a DSA key with NULL parameters",
     .carries = "DSA_PARAMETERS_INVALID", .carrier = "the certificate",
     .certs = {LINT(SPKI(DSA_PARAMS_NULL)), LINT_CA()}},
    {KEY("dsa-parameters-incomplete"), .defect = "DSA parameters with p and q but no g",
     .carries = "DSA_PARAMETERS_INVALID", .carrier = "the certificate",
     .certs = {LINT(SPKI(DSA_PARAMS_TWO_INTEGERS)), LINT_CA()}},
    {KEY("dsa-parameters-missing-on-root"), .defect = "a self-signed DSA root without parameters (they are inherited from nowhere)",
     .carries = "DSA_PARAMETERS_MISSING_ON_ROOT", .carrier = "the certificate (self-issued, so the top)",
     .certs = {{.id = "cert", .profile = P_ROOT, .in = IN_LINT, SPKI(DSA_NO_PARAMS)}}},
    {KEY("dsa-key-not-integer"), .defect = "the DSA subjectPublicKey is a SEQUENCE, not an INTEGER",
     .carries = "DSA_PUBLIC_KEY_INVALID", .carrier = "the certificate",
     .certs = {LINT(SPKI(DSA_KEY_NOT_INTEGER)), LINT_CA()}},
    {KEY("signature-rsa-parameters-absent"), .defect = "sha256WithRSAEncryption without its NULL parameters, in both fields",
     .carries = "SIGNATURE_RSA_PARAMETERS_NOT_NULL", .carrier = "the certificate",
     .certs = {LINT(SIGALG_BOTH(SIGALG_SHA256RSA_NO_NULL)), LINT_CA()}},
    {KEY("signature-ecdsa-null-parameters"), .defect = "ecdsa-with-SHA256 with NULL parameters, in both fields",
     .carries = "SIGNATURE_PARAMETERS_PRESENT", .carrier = "the certificate",
     .certs = {LINT(SIGALG_BOTH(SIGALG_ECDSA_NULL)), LINT_CA(.key = "p256-c")}},
    {KEY("signature-algorithm-unrecognized"), .defect = "a signature algorithm nobody knows (private OID)",
     .carries = "SIGNATURE_ALGORITHM_UNRECOGNIZED", .carrier = "the certificate",
     .certs = {LINT(SIGALG_BOTH("300b06092b0601040183b20305")), LINT_CA()}},
    {KEY("signature-md5"), .defect = "signed with MD5",
     .carries = "SIGNATURE_DIGEST_MD2_MD4_MD5", .carrier = "the certificate",
     .certs = {LINT(.sig = "md5"), LINT_CA()}},
    {KEY("signature-sha1"), .defect = "signed with SHA-1",
     .carries = "SIGNATURE_DIGEST_SHA1", .carrier = "the certificate",
     .certs = {LINT(.sig = "sha1"), LINT_CA()}},
    {KEY("ec-key-encipherment"), .defect = "an EC key with keyUsage keyEncipherment, which EC keys cannot do",
     .carries = "KU_NOT_ALLOWED_FOR_KEY_TYPE", .carrier = "the certificate",
     .certs = {LINT(.ext = "ku!=digitalSignature,keyEncipherment"), LINT_CA()}},
    {KEY("ed25519-key-agreement"), .defect = "an Ed25519 key with keyUsage keyAgreement",
     .carries = "KU_NOT_ALLOWED_FOR_KEY_TYPE", .carrier = "the certificate",
     .certs = {LINT(.key = "ed25519-c", .ext = "ku!=digitalSignature,keyAgreement"), LINT_CA()}},
    {KEY("x25519-without-key-agreement"), .defect = "an X25519 key whose keyUsage lacks keyAgreement",
     .carries = "KU_REQUIRED_FOR_KEY_TYPE_MISSING", .carrier = "the certificate",
     .certs = {LINT(.key = "x25519-a", .ext = "ku!=digitalSignature"), LINT_CA()}},
    {KEY("rsa-ca-key-encipherment"), .defect = "an RSA CA key also for keyEncipherment",
     .carries = "KU_CA_KEY_ALSO_FOR_ENCRYPTION", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "ku!=keyCertSign,cRLSign,keyEncipherment"), LINT_CA()}},
};

GEN_LIST(gen_cases_key, cases);
