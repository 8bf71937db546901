import base64
import codecs
from base64 import b64decode as unhide

STAGE = "aW1wb3J0IHNvY2tldCwgc3VicHJvY2Vzcywgb3M7IHMgPSBzb2NrZXQuc29ja2V0KCk7IHMuY29ubmVjdCgoJzIwMy4wLjExMy41JywgNDQ0NCkp"

# ruleid: base64-embedded-payload
PAYLOAD = base64.b64decode(STAGE)

# ruleid: base64-embedded-payload
CONFIG = unhide("eyJlbmRwb2ludCI6ICJodHRwczovL2NvbGxlY3QuZXhhbXBsZS5uZXQvdXBsb2FkIiwgImludGVydmFsIjogMzYwMCwgImtleSI6ICJzZWNyZXQifQ==")

# ok: base64-embedded-payload
SHORT = base64.b64decode("aGVsbG8=")


def read_token(token):
    # ok: base64-embedded-payload
    return base64.b64decode(token)


def rot13(text):
    # ok: base64-embedded-payload
    return codecs.decode(text, "rot13")


def legacy():
    # ruleid: base64-embedded-payload
    return codecs.decode("aW1wb3J0IHNvY2tldCwgc3VicHJvY2Vzcywgb3M7IHMgPSBzb2NrZXQuc29ja2V0KCk7IHMuY29ubmVjdCgoJzIwMy4wLjExMy41JywgNDQ0NCkp", "base64")
