import urllib3
from urllib3 import HTTPSConnectionPool
from urllib3.util.ssl_ import create_urllib3_context

NO_CHECK = "CERT_NONE"


def pool():
    # ruleid: urllib3-cert-none
    return urllib3.PoolManager(cert_reqs="CERT_NONE")


def single_host(host):
    # ruleid: urllib3-cert-none
    return HTTPSConnectionPool(host, port=8443, cert_reqs=NO_CHECK, timeout=5)


def context():
    # ruleid: urllib3-cert-none
    return create_urllib3_context(cert_reqs="NONE")


def verified_pool():
    # ok: urllib3-cert-none
    return urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs="/etc/pki/internal-ca.pem")


def default_pool():
    # ok: urllib3-cert-none
    return urllib3.PoolManager()
