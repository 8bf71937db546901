import shutil
import tarfile

TRUST_EVERYTHING = "fully_trusted"


def unpack(path, destination):
    with tarfile.open(path) as archive:
        # ruleid: tarfile-fully-trusted-filter
        archive.extractall(destination, filter="fully_trusted")


def unpack_with_function(path, destination):
    archive = tarfile.open(path)
    # ruleid: tarfile-fully-trusted-filter
    archive.extractall(path=destination, filter=tarfile.fully_trusted_filter)


def unpack_configured(path, destination):
    # ruleid: tarfile-fully-trusted-filter
    shutil.unpack_archive(path, destination, filter=TRUST_EVERYTHING)


def unpack_safely(path, destination):
    with tarfile.open(path) as archive:
        # ok: tarfile-fully-trusted-filter
        archive.extractall(destination, filter="data")


def unpack_keeping_modes(path, destination):
    with tarfile.open(path) as archive:
        # ok: tarfile-fully-trusted-filter
        archive.extractall(destination, filter=tarfile.tar_filter)


def unpack_zip(path, destination):
    # ok: tarfile-fully-trusted-filter
    shutil.unpack_archive(path, destination, filter="data")


def not_an_archive(items):
    # ok: tarfile-fully-trusted-filter
    return filter("fully_trusted", items)
