from Crypto.Hash import MD5, SHA256
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.twofactor.totp import TOTP


def document_digest(data):
    # ruleid: weak-hash-library
    digest = hashes.Hash(hashes.SHA1())
    digest.update(data)
    return digest.finalize()


def sign_document(private_key, data):
    # ruleid: weak-hash-library
    return private_key.sign(data, padding.PKCS1v15(), hashes.MD5())


def legacy_checksum(data):
    # ruleid: weak-hash-library
    return MD5.new(data).hexdigest()


def modern_digest(data):
    # ok: weak-hash-library
    digest = hashes.Hash(hashes.SHA256())
    digest.update(data)
    return digest.finalize()


def authenticator(key, now):
    # ok: weak-hash-library
    return TOTP(key, 6, hashes.SHA1(), 30).generate(now)


def mac(key, data):
    # ok: weak-hash-library
    signer = hmac.HMAC(key, hashes.SHA1())
    signer.update(data)
    return signer.finalize()


def file_digest(data):
    # ok: weak-hash-library
    return SHA256.new(data).hexdigest()


def wrap_key(public_key, cek):
    # ok: weak-hash-library
    return public_key.encrypt(cek, padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None))


def sign_pss_sha1(private_key, data):
    # ruleid: weak-hash-library
    return private_key.sign(data, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA1())


def dome_sha_digest(data):
    from Cryptodome.Hash import SHA as DomeSHA

    # ruleid: weak-hash-library
    return DomeSHA.new(data).hexdigest()


def legacy_sha_digest(data):
    from Crypto.Hash import SHA

    # ruleid: weak-hash-library
    return SHA.new(data).hexdigest()


def dome_sha256_digest(data):
    from Cryptodome.Hash import SHA256 as DomeSHA256

    # ok: weak-hash-library
    return DomeSHA256.new(data).hexdigest()
