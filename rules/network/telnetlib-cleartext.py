import telnetlib
from telnetlib import Telnet

import paramiko


def configure_switch(host, password):
    # ruleid: telnetlib-cleartext
    session = telnetlib.Telnet(host, 23, timeout=10)
    session.write(password.encode() + b"\n")
    return session


def read_banner(host):
    # ruleid: telnetlib-cleartext
    with Telnet(host) as session:
        return session.read_until(b"login:")


def is_telnet(connection):
    # ok: telnetlib-cleartext
    return isinstance(connection, telnetlib.Telnet)


def configure_switch_ssh(host, user, password):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    # ok: telnetlib-cleartext
    client.connect(host, username=user, password=password)
    return client
