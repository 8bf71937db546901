import bz2
import gzip
import zlib
from lzma import decompress as unxz

LIMIT = 10 * 1024 * 1024


def parse_upload(body):
    # ruleid: decompression-bomb
    return gzip.decompress(body).decode()


def read_feed(path):
    with gzip.open(path, "rb") as handle:
        # ruleid: decompression-bomb
        return handle.read()


def unpack(payload):
    # ruleid: decompression-bomb
    return unxz(payload)


def read_bounded(path):
    with bz2.open(path, "rb") as handle:
        # ok: decompression-bomb
        return handle.read(LIMIT)


def inflate(body):
    inflater = zlib.decompressobj()
    # ok: decompression-bomb
    return inflater.decompress(body, LIMIT)


def pack(data):
    # ok: decompression-bomb
    return gzip.compress(data)
