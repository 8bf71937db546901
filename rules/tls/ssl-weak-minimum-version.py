import ssl
from ssl import TLSVersion


def allow_old_clients(context):
    # ruleid: ssl-weak-minimum-version
    context.minimum_version = ssl.TLSVersion.TLSv1
    return context


def legacy_server():
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    # ruleid: ssl-weak-minimum-version
    context.minimum_version = TLSVersion.TLSv1_1
    return context


def anything_goes(context):
    # ruleid: ssl-weak-minimum-version
    context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED


def modern(context):
    # ok: ssl-weak-minimum-version
    context.minimum_version = ssl.TLSVersion.TLSv1_2


def strict(context):
    # ok: ssl-weak-minimum-version
    context.minimum_version = ssl.TLSVersion.TLSv1_3


def check(context):
    # ok: ssl-weak-minimum-version
    return context.minimum_version == ssl.TLSVersion.TLSv1
