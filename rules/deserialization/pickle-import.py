# ruleid: pickle-import
import pickle
# ruleid: pickle-import
import cPickle as cp
# ruleid: pickle-import
import os, shelve
# ruleid: pickle-import
import dill, sys
# ruleid: pickle-import
from dill import loads, dumps
# ruleid: pickle-import
from jsonpickle import decode
# ok: pickle-import
import json
# ruleid: pickle-import
import os, sys, cloudpickle as cp2, io
# ruleid: pickle-import
from dill import (dump, dumps, load,
                  loads, Pickler, Unpickler)
# ok: pickle-import
import pickletools
# ok: pickle-import
from pickle import dumps
# ok: pickle-import
from pickle import HIGHEST_PROTOCOL
# ok: pickle-import
from dill.source import getsource


def restore(blob):
    # ruleid: pickle-import
    import _pickle

    return _pickle.loads(blob)


def load_plugin_state(blob):
    import importlib

    # ruleid: pickle-import
    unpickler = __import__("pickle")
    # ruleid: pickle-import
    other = importlib.import_module(name="dill")
    # ok: pickle-import
    codec = importlib.import_module("json")
    # ok: pickle-import
    tools = __import__("pickletools")
    return unpickler.loads(blob), other, codec, tools
