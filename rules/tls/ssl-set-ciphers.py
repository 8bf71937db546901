import ssl

from OpenSSL import SSL


def client_context(ciphers):
    context = ssl.create_default_context()
    # ruleid: ssl-set-ciphers
    context.set_ciphers(ciphers)
    return context


def openssl_context():
    context = SSL.Context(SSL.TLS_METHOD)
    # ruleid: ssl-set-ciphers
    context.set_cipher_list(b"ECDHE+AESGCM")
    return context


def default_context():
    # ok: ssl-set-ciphers
    return ssl.create_default_context()


def list_ciphers(context):
    # ok: ssl-set-ciphers
    return [cipher["name"] for cipher in context.get_ciphers()]
