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
