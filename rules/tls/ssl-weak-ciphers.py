import ssl

from OpenSSL import SSL

LEGACY = "DEFAULT:@SECLEVEL=0"


def legacy_context():
    context = ssl.create_default_context()
    # ruleid: ssl-weak-ciphers
    context.set_ciphers("ALL:RC4-SHA:DES-CBC3-SHA")
    return context


def old_server():
    context = SSL.Context(SSL.TLS_METHOD)
    # ruleid: ssl-weak-ciphers
    context.set_cipher_list(b"EXP-RC4-MD5:aNULL")
    return context


def downgraded(context):
    # ruleid: ssl-weak-ciphers
    context.set_ciphers(LEGACY)


def modern_context():
    context = ssl.create_default_context()
    # ok: ssl-weak-ciphers
    context.set_ciphers("ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL:!MD5:!DSS")
    return context


def hardened(context):
    # ok: ssl-weak-ciphers
    context.set_ciphers("HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!3DES:!MD5:!PSK")


def from_settings(context, settings):
    # ok: ssl-weak-ciphers
    context.set_ciphers(settings.TLS_CIPHERS)
