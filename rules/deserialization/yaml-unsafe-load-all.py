import yaml
from yaml import unsafe_load_all


def read_manifests(text):
    # ruleid: yaml-unsafe-load-all
    return list(yaml.load_all(text, Loader=yaml.Loader))


def read_fixtures(stream):
    # ruleid: yaml-unsafe-load-all
    for document in unsafe_load_all(stream):
        yield document


def read_documents(stream):
    # ruleid: yaml-unsafe-load-all
    return [doc for doc in yaml.full_load_all(stream)]


def read_manifests_safely(text):
    # ok: yaml-unsafe-load-all
    return list(yaml.load_all(text, Loader=yaml.CSafeLoader))


def read_fixtures_safely(stream):
    # ok: yaml-unsafe-load-all
    return list(yaml.safe_load_all(stream))


class ManifestLoader(yaml.SafeLoader):
    pass


def read_keyword(text):
    import yaml as pyyaml

    # ruleid: yaml-unsafe-load-all
    return list(pyyaml.load_all(stream=text, Loader=pyyaml.FullLoader))


def read_custom(text):
    # ok: yaml-unsafe-load-all
    return list(yaml.load_all(text, Loader=ManifestLoader))
