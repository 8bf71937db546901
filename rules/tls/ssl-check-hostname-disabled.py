import ssl

import urllib3
from urllib3 import HTTPSConnectionPool as Pool


def insecure_context():
    context = ssl.create_default_context()
    # ruleid: ssl-check-hostname-disabled
    context.check_hostname = False
    return context


def internal_pool(host):
    # ruleid: ssl-check-hostname-disabled
    return Pool(host, 443, assert_hostname=False)


def manager():
    # ruleid: ssl-check-hostname-disabled
    return urllib3.PoolManager(check_hostname=False)


def strict_context():
    context = ssl.create_default_context()
    # ok: ssl-check-hostname-disabled
    context.check_hostname = True
    return context


def pinned_name(host):
    # ok: ssl-check-hostname-disabled
    return Pool(host, 443, assert_hostname="api.internal.example")


def report(context):
    # ok: ssl-check-hostname-disabled
    if context.check_hostname is False:
        raise ValueError("host name checking is off")


def for_address(server_hostname):
    context = ssl.create_default_context()
    if not server_hostname:
        # ok: ssl-check-hostname-disabled
        context.check_hostname = False
    return context


def insecure_module_level():
    import ssl as tls

    context = tls.create_default_context()
    # ruleid: ssl-check-hostname-disabled
    context.check_hostname = False
    return context
