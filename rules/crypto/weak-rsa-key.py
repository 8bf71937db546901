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


def ssh_host_key():
    import paramiko

    # ruleid: weak-rsa-key
    return paramiko.RSAKey.generate(bits=1024)


def tls_test_key():
    from OpenSSL import crypto

    key = crypto.PKey()
    # ruleid: weak-rsa-key
    key.generate_key(crypto.TYPE_RSA, 1024)
    return key


def tls_key():
    from OpenSSL import crypto

    key = crypto.PKey()
    # ok: weak-rsa-key
    key.generate_key(crypto.TYPE_RSA, 4096)
    return key
