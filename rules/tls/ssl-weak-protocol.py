import ssl

from OpenSSL import SSL


def legacy_context():
    # ruleid: ssl-weak-protocol
    return ssl.SSLContext(ssl.PROTOCOL_TLSv1)


def allow_old_clients(context):
    # ok: ssl-weak-protocol
    context.minimum_version = ssl.TLSVersion.TLSv1
    return context


# ruleid: ssl-weak-protocol
def connect(sock, ssl_version=ssl.PROTOCOL_SSLv3):
    return ssl.SSLContext(ssl_version).wrap_socket(sock)


def cap_version(context):
    import ssl as tls

    # ruleid: ssl-weak-protocol
    context.maximum_version = tls.TLSVersion.TLSv1_1


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


# ok: ssl-weak-protocol
LEGACY_NAMES = {ssl.PROTOCOL_TLSv1: "TLSv1", ssl.PROTOCOL_TLSv1_1: "TLSv1.1"}
