import asyncio
import os
import shlex
import subprocess
from os import system


def thumbnail(path):
    # ruleid: os-system-injection
    os.system("convert " + path + " -resize 128x128 thumb.png")


def restart(service):
    # ruleid: os-system-injection
    system(f"systemctl restart {service}")


def file_type(path):
    # ruleid: os-system-injection
    return os.popen("file " + path).read()


def checksum(path):
    # ruleid: os-system-injection
    return subprocess.getoutput(f"sha256sum {path}")


async def fetch(url):
    # ruleid: os-system-injection
    process = await asyncio.create_subprocess_shell(f"curl -sL {url}")
    return await process.wait()


def clear_screen():
    # ok: os-system-injection
    os.system("clear")


def uptime():
    # ok: os-system-injection
    return subprocess.getoutput("uptime")


def word_count(path):
    # ok: os-system-injection
    return os.popen(f"wc -l {shlex.quote(path)}").read()


async def tail(loop, protocol_factory, path):
    # ruleid: os-system-injection
    return await loop.subprocess_shell(protocol_factory, "tail -f " + path)


async def date(loop, protocol_factory):
    # ok: os-system-injection
    return await loop.subprocess_shell(protocol_factory, "date")


def legacy_status(host):
    import commands

    # ruleid: os-system-injection
    return commands.getstatusoutput("ping -c 1 %s" % host)
