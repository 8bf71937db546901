import json
import marshal
from marshal import loads as unmarshal


def load_rules(blob):
    # ruleid: marshal-load
    return marshal.loads(blob)


def load_cached_code(path):
    with open(path, "rb") as handle:
        handle.seek(16)
        # ruleid: marshal-load
        return marshal.load(handle)


def load_message(payload):
    # ruleid: marshal-load
    return unmarshal(payload)


def save_rules(rules):
    # ok: marshal-load
    return marshal.dumps(rules)


def load_rules_json(blob):
    # ok: marshal-load
    return json.loads(blob)
