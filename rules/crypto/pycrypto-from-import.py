# ruleid: pycrypto-from-import
from Crypto.Cipher import AES
# ruleid: pycrypto-from-import
from Crypto.Hash import SHA256, HMAC
# ruleid: pycrypto-from-import
from Crypto import Random
# ruleid: pycrypto-from-import
from Crypto.Util.Padding import pad
# ok: pycrypto-from-import
from Cryptodome.Cipher import ChaCha20_Poly1305
# ok: pycrypto-from-import
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
# ok: pycrypto-from-import
import Crypto.PublicKey.RSA


def random_key():
    # ruleid: pycrypto-from-import
    from Crypto.Random import get_random_bytes

    return get_random_bytes(32)
