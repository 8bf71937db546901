from Crypto.Cipher import AES
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def encrypt_record(key, data):
    # ruleid: cipher-ecb-mode
    cipher = AES.new(key, AES.MODE_ECB)
    return cipher.encrypt(data)


def encryptor(key):
    # ruleid: cipher-ecb-mode
    return Cipher(algorithms.AES(key), modes.ECB()).encryptor()


def encrypt_gcm(key, data):
    # ok: cipher-ecb-mode
    cipher = AES.new(key, AES.MODE_GCM)
    return cipher.nonce, cipher.encrypt_and_digest(data)


def gcm_encryptor(key, iv):
    # ok: cipher-ecb-mode
    return Cipher(algorithms.AES(key), modes.GCM(iv)).encryptor()


def legacy_default_mode(key, block):
    # ruleid: cipher-ecb-mode
    return AES.new(key).encrypt(block)


def refuse_ecb(mode):
    # ok: cipher-ecb-mode
    if mode == AES.MODE_ECB:
        raise ValueError("ECB is not allowed")
