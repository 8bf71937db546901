import crypt
from crypt import METHOD_CRYPT, mksalt


def hash_password(password):
    # ruleid: crypt-weak-method
    return crypt.crypt(password, crypt.mksalt(crypt.METHOD_MD5))


def legacy_hash(password):
    # ruleid: crypt-weak-method
    return crypt.crypt(password, METHOD_CRYPT)


def new_salt():
    # ruleid: crypt-weak-method
    return mksalt(method=crypt.METHOD_MD5)


def strong_hash(password):
    # ok: crypt-weak-method
    return crypt.crypt(password, crypt.mksalt(crypt.METHOD_SHA512))


def bcrypt_hash(password):
    # ok: crypt-weak-method
    return crypt.crypt(password, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=12))


def verify(password, stored):
    # ok: crypt-weak-method
    return crypt.crypt(password, stored) == stored
