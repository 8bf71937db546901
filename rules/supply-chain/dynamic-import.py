import importlib
import importlib.util

BACKEND = "json"


def load_exporter(request):
    # ruleid: dynamic-import
    return importlib.import_module(request.args["format"]).export


def load_plugin(name):
    # ruleid: dynamic-import
    return __import__(f"plugins.{name}", fromlist=["setup"])


def load_script(path):
    # ruleid: dynamic-import
    spec = importlib.util.spec_from_file_location("user_script", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_backend():
    # ok: dynamic-import
    return importlib.import_module(f"serializers.{BACKEND}")


def load_json():
    # ok: dynamic-import
    return importlib.import_module("json")
