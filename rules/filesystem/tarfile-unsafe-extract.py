import tarfile
import zipfile


def unpack(path, destination):
    with tarfile.open(path) as archive:
        # ruleid: tarfile-unsafe-extract
        archive.extractall(destination)


def unpack_upload(upload, destination):
    # ruleid: tarfile-unsafe-extract
    tarfile.open(fileobj=upload, mode="r:gz").extractall(path=destination)


def extract_readme(path, destination):
    bundle = tarfile.open(path)
    member = bundle.getmember("README.md")
    # ruleid: tarfile-unsafe-extract
    bundle.extract(member, destination)
    bundle.close()


def unpack_here(path):
    import tarfile as tf

    with tf.open(path, "r:*") as archive:
        # ruleid: tarfile-unsafe-extract
        archive.extractall()


def unpack_safely(path, destination):
    with tarfile.open(path) as archive:
        # ok: tarfile-unsafe-extract
        archive.extractall(destination, filter="data")


def unpack_with_policy(path, destination):
    with tarfile.open(path) as archive:
        # ok: tarfile-unsafe-extract
        archive.extractall(destination, filter=tarfile.data_filter)


def unpack_zip(path, destination):
    with zipfile.ZipFile(path) as archive:
        # ok: tarfile-unsafe-extract
        archive.extractall(destination)
