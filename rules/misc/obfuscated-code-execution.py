import base64
import pickle
import zlib
from base64 import b64decode as unhide

PAYLOAD = "aW1wb3J0IG9zOyBvcy5zeXN0ZW0oJ2lkJyk="


def stage_one():
    # ruleid: obfuscated-code-execution
    exec(base64.b64decode(PAYLOAD))


def stage_two(blob):
    # ruleid: obfuscated-code-execution
    exec(zlib.decompress(unhide(blob)).decode())


def restore(blob):
    data = base64.b64decode(blob)
    # ruleid: obfuscated-code-execution
    return pickle.loads(data)


def read_token(token):
    # ok: obfuscated-code-execution
    return base64.b64decode(token).decode("utf-8")


def evaluate(expression):
    # ok: obfuscated-code-execution
    return eval(compile(expression, "<expr>", "eval"))
