import urllib.request
from urllib.request import urlopen as fetch_url


def fetch(url):
    # ruleid: urllib-urlopen-dynamic
    return urllib.request.urlopen(url, timeout=10).read()


def download(source, target):
    # ruleid: urllib-urlopen-dynamic
    urllib.request.urlretrieve(source, target)


def fetch_aliased(config):
    # ruleid: urllib-urlopen-dynamic
    return fetch_url(config["endpoint"]).read()


def fetch_constant():
    # ok: urllib-urlopen-dynamic
    return urllib.request.urlopen("https://pypi.org/simple/", timeout=10).read()


def fetch_package(name):
    # ok: urllib-urlopen-dynamic
    return urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=10).read()


def fetch_with_request(token):
    # ok: urllib-urlopen-dynamic
    req = urllib.request.Request("https://api.example-corp.com/v1/me", headers={"Authorization": token})
    return urllib.request.urlopen(req, timeout=10).read()


def upload(repository, body):
    # ruleid: urllib-urlopen-dynamic
    req = urllib.request.Request(repository, body)
    opener = urllib.request.build_opener()
    # ok: urllib-urlopen-dynamic
    return opener.open(req)
