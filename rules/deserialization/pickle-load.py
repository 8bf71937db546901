import base64
import json
import pickle

import numpy as np
import pandas as pd


def load_session(cookie):
    # ruleid: pickle-load
    return pickle.loads(base64.b64decode(cookie))


def load_model(path):
    import cPickle as cp

    with open(path, "rb") as handle:
        # ruleid: pickle-load
        return cp.load(handle)


def read_upload(upload):
    from pickle import Unpickler

    # ruleid: pickle-load
    return Unpickler(upload.stream).load()


def load_frame(path):
    # ruleid: pickle-load
    return pd.read_pickle(path)


def load_features(path):
    # ruleid: pickle-load
    return np.load(path, allow_pickle=True)


def open_cache(path):
    import shelve as sh

    # ruleid: pickle-load
    return sh.open(path)


def restore_job(blob):
    from dill import loads as undill

    # ruleid: pickle-load
    return undill(blob)


def decode_event(text):
    import jsonpickle

    # ruleid: pickle-load
    return jsonpickle.decode(text)


def decode_event_directly(text):
    import jsonpickle.unpickler

    # ruleid: pickle-load
    first = jsonpickle.unpickler.decode(text)
    # ruleid: pickle-load
    second = jsonpickle.unpickler.Unpickler().restore(first)
    # ok: pickle-load
    flattened = jsonpickle.pickler.encode(second)
    return flattened


def deep_copy(value):
    # ok: pickle-load
    return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def save_session(data):
    # ok: pickle-load
    return base64.b64encode(pickle.dumps(data))


def load_session_json(cookie):
    # ok: pickle-load
    return json.loads(base64.b64decode(cookie))


def load_weights(path):
    # ok: pickle-load
    return np.load(path)
