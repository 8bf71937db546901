# ruleid: ftplib-import
import ftplib

# ruleid: ftplib-import
from ftplib import FTP_TLS, error_perm


def download(host):
    # ruleid: ftplib-import
    from ftplib import FTP

    return FTP(host), ftplib, FTP_TLS, error_perm


# ok: ftplib-import
import paramiko

# ok: ftplib-import
from urllib.request import urlopen
