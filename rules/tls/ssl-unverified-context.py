import ssl
import urllib.request
from ssl import _create_unverified_context


def fetch(url):
    # ruleid: ssl-unverified-context
    context = ssl._create_unverified_context()
    return urllib.request.urlopen(url, context=context).read()


def disable_globally():
    # ruleid: ssl-unverified-context
    ssl._create_default_https_context = ssl._create_unverified_context


def fetch_internal(url):
    # ruleid: ssl-unverified-context
    return urllib.request.urlopen(url, context=_create_unverified_context())


def fetch_verified(url):
    # ok: ssl-unverified-context
    context = ssl.create_default_context()
    return urllib.request.urlopen(url, context=context).read()


def fetch_private_ca(url):
    # ok: ssl-unverified-context
    context = ssl.create_default_context(cafile="/etc/pki/internal-ca.pem")
    return urllib.request.urlopen(url, context=context).read()
