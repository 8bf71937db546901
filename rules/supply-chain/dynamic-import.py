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


def run_tool(path):
    import runpy as rp

    # ruleid: dynamic-import
    return rp.run_path(path, run_name="__main__")


def run_entry(name):
    from runpy import run_module

    # ruleid: dynamic-import
    return run_module(name)


def load_legacy(name, path):
    import imp

    # ruleid: dynamic-import
    return imp.load_source(name, path)


def load_bundled(name):
    from importlib.machinery import SourceFileLoader

    # ok: dynamic-import
    return SourceFileLoader(name, "/opt/app/plugins/base.py").load_module()


def run_pip():
    import runpy

    # ok: dynamic-import
    runpy.run_module("pip", run_name="__main__")
