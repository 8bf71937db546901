import hashlib
import hashlib as hl
from hashlib import sha512


def store_password(user, password):
    # ruleid: password-fast-hash
    user.password_hash = hashlib.sha256(password.encode()).hexdigest()


def legacy_login(user, raw_password):
    # ruleid: password-fast-hash
    return hl.sha3_256((user.salt + raw_password).encode()).hexdigest() == user.digest


def derive_key(passphrase):
    # ruleid: password-fast-hash
    return sha512(passphrase.encode("utf-8")).digest()[:32]


def check(form, salt):
    # ruleid: password-fast-hash
    return hashlib.new("sha256", salt + form.pwd.encode()).hexdigest()


def legacy_md5(password):
    # ok: password-fast-hash
    return hashlib.md5(password.encode()).hexdigest()


def store_password_properly(user, password, salt):
    # ok: password-fast-hash
    user.password_hash = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)


def breached_prefix(password):
    # ok: password-fast-hash
    digest = hashlib.sha256(password.encode()).hexdigest().upper()
    return digest[:5], digest[5:]


def reset_token_digest(password_reset_token):
    # ok: password-fast-hash
    return hashlib.sha256(password_reset_token.encode()).hexdigest()


def file_checksum(data):
    # ok: password-fast-hash
    return hashlib.sha256(data).hexdigest()
