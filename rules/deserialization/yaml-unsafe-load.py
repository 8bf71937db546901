import yaml
import yaml as y
from yaml import SafeLoader


def read_config(path):
    with open(path) as handle:
        # ruleid: yaml-unsafe-load
        return yaml.load(handle, Loader=yaml.Loader)


def parse_manifest(text):
    # ruleid: yaml-unsafe-load
    return y.load(text, Loader=y.FullLoader)


def parse_payload(body):
    # ruleid: yaml-unsafe-load
    return yaml.unsafe_load(body)


def parse_legacy(text):
    from yaml import load

    # ruleid: yaml-unsafe-load
    return load(text)


def read_config_safely(path):
    with open(path) as handle:
        # ok: yaml-unsafe-load
        return yaml.load(handle, Loader=yaml.SafeLoader)


def parse_with_imported_loader(text):
    # ok: yaml-unsafe-load
    return yaml.load(text, Loader=SafeLoader)


def parse_simple(text):
    # ok: yaml-unsafe-load
    return yaml.safe_load(text)


def write_config(data):
    # ok: yaml-unsafe-load
    return yaml.dump(data, Dumper=yaml.SafeDumper)


def parse_keyword(text):
    # ruleid: yaml-unsafe-load
    return yaml.load(stream=text, Loader=yaml.UnsafeLoader)


try:
    from yaml import CSafeLoader as FastSafeLoader
except ImportError:
    from yaml import SafeLoader as FastSafeLoader


class TaggedLoader(yaml.SafeLoader):
    pass


def parse_fast(text):
    # ok: yaml-unsafe-load
    return yaml.load(text, Loader=FastSafeLoader)


def parse_tagged(text):
    # ok: yaml-unsafe-load
    return yaml.load(text, Loader=TaggedLoader)
