import os

from Crypto.Cipher import AES
from Crypto.Random import get_random_bytes
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

STATIC_KEY = b"0123456789abcdef0123456789abcdef"


def encrypt_empty(data):
    # ruleid: cipher-hardcoded-key
    cipher = AES.new(b"", AES.MODE_GCM)
    return cipher.encrypt_and_digest(data)


def encrypt_static(nonce, data):
    # ruleid: cipher-hardcoded-key
    return AESGCM(STATIC_KEY).encrypt(nonce, data, None)


def encryptor(iv):
    # ruleid: cipher-hardcoded-key
    return Cipher(algorithms.AES("sixteen byte key"), modes.GCM(iv)).encryptor()


def token(data):
    # ruleid: cipher-hardcoded-key
    return Fernet(key="ZmRzYWZkc2FmZHNhZmRzYWZkc2FmZHNhZmRzYWZkc2E=").encrypt(data)


def encrypt_from_env(data):
    # ok: cipher-hardcoded-key
    cipher = AES.new(bytes.fromhex(os.environ["DATA_KEY"]), AES.MODE_GCM)
    return cipher.encrypt_and_digest(data)


def encrypt_random(nonce, data):
    # ok: cipher-hardcoded-key
    return AESGCM(get_random_bytes(32)).encrypt(nonce, data, None)


def token_with_settings(settings, data):
    # ok: cipher-hardcoded-key
    return Fernet(settings.FERNET_KEY).encrypt(data)
