import asyncio
import sys
from asyncio import create_subprocess_exec as spawn


async def fetch(url):
    # ruleid: asyncio-subprocess-exec
    process = await asyncio.create_subprocess_exec("curl", "-sL", url)
    return await process.wait()


async def run(argv):
    # ruleid: asyncio-subprocess-exec
    process = await spawn(*argv, stdout=asyncio.subprocess.PIPE)
    return await process.communicate()


async def tail(loop, factory, path):
    # ruleid: asyncio-subprocess-exec
    return await loop.subprocess_exec(factory, "tail", "-f", path)


async def status():
    # ok: asyncio-subprocess-exec
    process = await asyncio.create_subprocess_exec("git", "status", stdout=asyncio.subprocess.PIPE)
    return await process.communicate()


async def version():
    # ok: asyncio-subprocess-exec
    process = await asyncio.create_subprocess_exec(sys.executable, "--version")
    return await process.wait()


async def date(loop, factory):
    # ok: asyncio-subprocess-exec
    return await loop.subprocess_exec(factory, "date")
