import tarfile
import zipfile
from zipfile import ZipFile as Zip


def unpack_upload(upload, destination):
    with zipfile.ZipFile(upload) as archive:
        # ruleid: zipfile-extract
        archive.extractall(destination)


def unpack_one(path, name, destination):
    # ruleid: zipfile-extract
    return Zip(path).extract(name, destination)


def list_members(path):
    with zipfile.ZipFile(path) as archive:
        # ok: zipfile-extract
        return archive.namelist()


def unpack_tar(path, destination):
    with tarfile.open(path) as archive:
        # ok: zipfile-extract
        archive.extractall(destination, filter="data")
