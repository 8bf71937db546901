from Crypto.Cipher import AES, ARC4, DES3
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def encrypt_legacy(key, iv, data):
    # ruleid: weak-cipher
    cipher = DES3.new(key, DES3.MODE_CBC, iv)
    return cipher.encrypt(data)


def stream_encrypt(key, data):
    # ruleid: weak-cipher
    return ARC4.new(key).encrypt(data)


def encrypt_blowfish(key, iv):
    # ruleid: weak-cipher
    cipher = Cipher(algorithms.Blowfish(key), modes.CBC(iv))
    return cipher.encryptor()


def encrypt_modern(key, nonce, data):
    # ok: weak-cipher
    return AESGCM(key).encrypt(nonce, data, None)


def encrypt_aes(key, nonce, data):
    # ok: weak-cipher
    cipher = AES.new(key, AES.MODE_GCM, nonce=nonce)
    return cipher.encrypt_and_digest(data)


def encrypt_ctr(key, nonce):
    # ok: weak-cipher
    return Cipher(algorithms.AES(key), modes.CTR(nonce)).encryptor()


def encrypt_pydes(key, data):
    import pyDes

    # ruleid: weak-cipher
    return pyDes.triple_des(key, pyDes.CBC, b"\0" * 8, padmode=pyDes.PAD_PKCS5).encrypt(data)


def mask_dome(key, data):
    from Cryptodome.Cipher import XOR as DomeXOR

    # ruleid: weak-cipher
    return DomeXOR.new(key).encrypt(data)


def mask_legacy(key, data):
    from Crypto.Cipher import XOR

    # ruleid: weak-cipher
    return XOR.new(key).encrypt(data)


def encrypt_dome_aes(key, nonce, data):
    from Cryptodome.Cipher import AES as DomeAES

    # ok: weak-cipher
    return DomeAES.new(key, DomeAES.MODE_GCM, nonce=nonce).encrypt(data)
