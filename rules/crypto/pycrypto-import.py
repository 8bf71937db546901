# ruleid: pycrypto-import
import Crypto
# ruleid: pycrypto-import
import Crypto.Cipher.AES
# ruleid: pycrypto-import
import Crypto.PublicKey as keys
# ruleid: pycrypto-import
import os, Crypto
# ok: pycrypto-import
import Cryptodome.Cipher.AES
# ok: pycrypto-import
import cryptography.fernet
# ok: pycrypto-import
from Crypto.Cipher import AES
