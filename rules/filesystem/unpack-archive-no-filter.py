import shutil
from shutil import unpack_archive


def install_plugin(download):
    # ruleid: unpack-archive-no-filter
    shutil.unpack_archive(download, "plugins/")


def restore(backup, destination):
    # ruleid: unpack-archive-no-filter
    unpack_archive(backup, destination, format="gztar")


def install_plugin_safely(download):
    # ok: unpack-archive-no-filter
    shutil.unpack_archive(download, "plugins/", filter="data")


def make_backup(source):
    # ok: unpack-archive-no-filter
    return shutil.make_archive("backup", "gztar", source)
