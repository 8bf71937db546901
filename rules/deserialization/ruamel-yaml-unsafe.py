import ruamel.yaml
from ruamel.yaml import YAML

LOADER_TYPE = "unsafe"


def read_config(path):
    # ruleid: ruamel-yaml-unsafe
    parser = YAML(typ="unsafe")
    return parser.load(path)


def read_pure(path):
    # ruleid: ruamel-yaml-unsafe
    parser = ruamel.yaml.YAML(pure=True, typ=LOADER_TYPE)
    return parser.load(path)


def read_safe(path):
    # ok: ruamel-yaml-unsafe
    parser = YAML(typ="safe")
    return parser.load(path)


def read_round_trip(path):
    # ok: ruamel-yaml-unsafe
    parser = YAML()
    return parser.load(path)


def read_aliased(path):
    import ruamel.yaml as ry

    # ruleid: ruamel-yaml-unsafe
    return ry.YAML(typ="unsafe", pure=True).load(path)


def read_explicit_round_trip(path):
    # ok: ruamel-yaml-unsafe
    return YAML(typ="rt").load(path)
