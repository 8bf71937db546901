import os
import shutil
from shutil import rmtree as remove_tree


def remove_workspace(name):
    # ruleid: filesystem-sink-dynamic
    shutil.rmtree(f"/srv/workspaces/{name}")


def publish(build, destination):
    # ruleid: filesystem-sink-dynamic
    shutil.copytree(build, destination, dirs_exist_ok=True)


def cleanup(path):
    # ruleid: filesystem-sink-dynamic
    remove_tree(path, ignore_errors=True)


def make_cache():
    # ok: filesystem-sink-dynamic
    os.makedirs("/var/cache/app", exist_ok=True)


def install_default(source):
    # ok: filesystem-sink-dynamic
    shutil.copy(source, "/etc/app/default.conf")


def scratch(tmp_path):
    # ok: filesystem-sink-dynamic
    shutil.rmtree(tmp_path)


def install_template(destination):
    # ruleid: filesystem-sink-dynamic
    shutil.copy("/usr/share/app/template.conf", destination)
