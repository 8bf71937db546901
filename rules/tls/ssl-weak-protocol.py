import ssl

from OpenSSL import SSL


def legacy_context():
    # ruleid: ssl-weak-protocol
    return ssl.SSLContext(ssl.PROTOCOL_TLSv1)


def allow_old_clients(context):
    # ruleid: ssl-weak-protocol
    context.minimum_version = ssl.TLSVersion.TLSv1
    return context


def openssl_context():
    # ruleid: ssl-weak-protocol
    return SSL.Context(SSL.SSLv3_METHOD)


def modern_context():
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # ok: ssl-weak-protocol
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def harden(context):
    # ok: ssl-weak-protocol
    context.options |= ssl.OP_NO_TLSv1 | ssl.OP_NO_TLSv1_1


def check(context):
    # ok: ssl-weak-protocol
    if context.minimum_version <= ssl.TLSVersion.TLSv1_1:
        raise ValueError("TLS 1.2 or newer is required")
