# ruleid: telnetlib-import
import telnetlib

# ruleid: telnetlib-import
from telnetlib import Telnet as Session

# ruleid: telnetlib-import
import os, telnetlib

# ok: telnetlib-import
import paramiko

# ok: telnetlib-import
from asyncssh import connect


def make_session(host):
    return Session(host), telnetlib, os, paramiko, connect
