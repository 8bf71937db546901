import os
import tempfile
from tempfile import mktemp


def write_report(report):
    # ruleid: tempfile-mktemp
    path = tempfile.mktemp(suffix=".csv")
    with open(path, "w") as handle:
        handle.write(report)
    return path


def scratch_file():
    # ruleid: tempfile-mktemp
    return open(mktemp(), "wb")


def write_report_safely(report):
    # ok: tempfile-mktemp
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as handle:
        handle.write(report)
        return handle.name


def scratch_descriptor():
    # ok: tempfile-mktemp
    descriptor, path = tempfile.mkstemp()
    return descriptor, path


def legacy_name():
    # ruleid: tempfile-mktemp
    return os.tempnam("/var/tmp", "app")


def upload_target(directory):
    import tempfile as tf

    # ruleid: tempfile-mktemp
    target = tf.mktemp(".upload", "incoming-", directory)
    return target


def private_dir():
    # ok: tempfile-mktemp
    return tempfile.mkdtemp(prefix="build-")
