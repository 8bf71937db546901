import hashlib
import hmac

from Crypto.Cipher import AES
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def encrypt(key, iv, data):
    # ruleid: cipher-unauthenticated-mode
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return iv + encryptor.update(data) + encryptor.finalize()


def stream(key, nonce, data):
    # ruleid: cipher-unauthenticated-mode
    return AES.new(key, AES.MODE_CTR, nonce=nonce).encrypt(data)


def encrypt_then_mac(enc_key, mac_key, iv, data):
    # ok: cipher-unauthenticated-mode
    encryptor = Cipher(algorithms.AES(enc_key), modes.CBC(iv)).encryptor()
    body = iv + encryptor.update(data) + encryptor.finalize()
    return body + hmac.new(mac_key, body, hashlib.sha256).digest()


def verify_then_decrypt(enc_key, mac_key, blob):
    tag = hmac.new(mac_key, blob[:-32], hashlib.sha256).digest()
    if not hmac.compare_digest(tag, blob[-32:]):
        raise ValueError("bad tag")
    # ok: cipher-unauthenticated-mode
    return AES.new(enc_key, AES.MODE_CBC, iv=blob[:16]).decrypt(blob[16:-32])


def seal(key, nonce, data):
    # ok: cipher-unauthenticated-mode
    return AESGCM(key).encrypt(nonce, data, None)


def token(key, data):
    # ok: cipher-unauthenticated-mode
    return Fernet(key).encrypt(data)


class CbcHmac:
    def decrypt(self, key, iv, ciphertext, tag):
        expected = self._hmac(key, ciphertext)
        if not hmac.compare_digest(expected, tag):
            raise ValueError("bad tag")
        # ok: cipher-unauthenticated-mode
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        return decryptor.update(ciphertext) + decryptor.finalize()
