import rsa
from Crypto.Cipher import PKCS1_OAEP, PKCS1_v1_5
from Crypto.Hash import SHA256
from Crypto.Signature import pkcs1_15
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding


def wrap_key(public_key, session_key):
    # ruleid: rsa-pkcs1v15-encryption
    return public_key.encrypt(session_key, padding.PKCS1v15())


def unwrap_key(private_key, blob):
    # ruleid: rsa-pkcs1v15-encryption
    return PKCS1_v1_5.new(private_key).decrypt(blob, None)


def send_secret(message, public_key):
    # ruleid: rsa-pkcs1v15-encryption
    return rsa.encrypt(message, public_key)


def wrap_key_oaep(public_key, session_key):
    # ok: rsa-pkcs1v15-encryption
    return public_key.encrypt(
        session_key,
        padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None),
    )


def sign(private_key, data):
    # ok: rsa-pkcs1v15-encryption
    return private_key.sign(data, padding.PKCS1v15(), hashes.SHA256())


def sign_pycryptodome(key, data):
    # ok: rsa-pkcs1v15-encryption
    return pkcs1_15.new(key).sign(SHA256.new(data))


def unwrap_oaep(private_key, blob):
    # ok: rsa-pkcs1v15-encryption
    return PKCS1_OAEP.new(private_key).decrypt(blob)
