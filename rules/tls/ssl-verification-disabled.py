import ssl
import ssl as tls
from ssl import CERT_NONE

import urllib3


def insecure_context():
    context = ssl.create_default_context()
    context.check_hostname = False
    # ruleid: ssl-verification-disabled
    context.verify_mode = CERT_NONE
    return context


def server_context():
    context = tls.SSLContext(tls.PROTOCOL_TLS_SERVER)
    # ruleid: ssl-verification-disabled
    context.verify_mode = tls.VerifyMode.CERT_NONE
    return context


def pool():
    # ruleid: ssl-verification-disabled
    return urllib3.PoolManager(cert_reqs=ssl.CERT_NONE)


def wrap(sock):
    # ruleid: ssl-verification-disabled
    return ssl.wrap_socket(sock, cert_reqs=ssl.CERT_NONE)


def strict_context():
    context = ssl.create_default_context()
    # ok: ssl-verification-disabled
    context.verify_mode = ssl.CERT_REQUIRED
    return context


def audit(context):
    # ok: ssl-verification-disabled
    if context.verify_mode == ssl.CERT_NONE:
        raise ValueError("certificate verification is off")


def verified_pool():
    # ok: ssl-verification-disabled
    return urllib3.PoolManager(cert_reqs="CERT_REQUIRED")


def default_context():
    # ok: ssl-verification-disabled
    return ssl.create_default_context()
