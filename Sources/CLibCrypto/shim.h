#ifndef CONSIGN_CLIBCRYPTO_SHIM_H
#define CONSIGN_CLIBCRYPTO_SHIM_H

/* OpenSSL's SHA-256 state as a plain struct (SHA256_CTX). OpenSSL 3 marks this interface deprecated in
   favour of EVP, whose contexts are heap objects; the point of using it is a state that copies as a
   value (see ConsignStore's SHA256State). */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>
/* ChaCha20-Poly1305 through EVP, for age's payload (ConsignDelivery's ChaChaPolyStream): sealed into buffers
   the caller owns, without an allocation per 64 KiB chunk. */
#include <openssl/evp.h>

#endif
