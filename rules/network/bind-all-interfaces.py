import asyncio
import http.server
import os
import socket

from socket import create_server as listen_on

from flask import Flask

app = Flask(__name__)
PUBLIC = "0.0.0.0"
ALLOWED_HOSTS = ["0.0.0.0", "localhost"]


def serve(port):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # ruleid: bind-all-interfaces
    server.bind(("0.0.0.0", port))
    server.listen()


def serve_files():
    # ruleid: bind-all-interfaces
    http.server.HTTPServer(("", 8000), http.server.SimpleHTTPRequestHandler).serve_forever()


def main():
    # ruleid: bind-all-interfaces
    app.run(host=PUBLIC, port=5000)


def serve_locally(port):
    server = socket.socket()
    # ok: bind-all-interfaces
    server.bind(("127.0.0.1", port))


def main_configured():
    # ok: bind-all-interfaces
    app.run(host=os.environ.get("BIND_ADDRESS", "127.0.0.1"), port=5000)


def is_wildcard(address):
    # ok: bind-all-interfaces
    return address == "0.0.0.0"


async def handle(reader, writer):
    writer.close()


async def serve_async():
    # ruleid: bind-all-interfaces
    server = await asyncio.start_server(handle, "0.0.0.0", 8888)
    return server


def serve_alias():
    # ruleid: bind-all-interfaces
    return listen_on(("", 9000))


def serve_loopback_async(loop, factory):
    # ok: bind-all-interfaces
    return loop.create_server(factory, "127.0.0.1", 8888)


def allowed():
    # ok: bind-all-interfaces
    return "0.0.0.0" in ALLOWED_HOSTS
