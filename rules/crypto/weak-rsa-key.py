from Crypto.PublicKey import RSA
from cryptography.hazmat.primitives.asymmetric import dsa, rsa

LEGACY_BITS = 1024


def device_key():
    # ruleid: weak-rsa-key
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


def signing_key():
    # ruleid: weak-rsa-key
    return dsa.generate_private_key(LEGACY_BITS)


def test_fixture_key():
    # ruleid: weak-rsa-key
    return RSA.generate(512)


def server_key():
    # ok: weak-rsa-key
    return rsa.generate_private_key(public_exponent=65537, key_size=3072)


def archive_key():
    # ok: weak-rsa-key
    return RSA.generate(4096)


def configured_key(settings):
    # ok: weak-rsa-key
    return rsa.generate_private_key(65537, settings.key_size)
