import ftplib
from ftplib import FTP


def download_report(user, password, handle):
    # ruleid: ftplib-cleartext
    with ftplib.FTP("ftp.example.com") as ftp:
        ftp.login(user, password)
        ftp.retrbinary("RETR report.csv", handle.write)


def upload(host, user, password, path):
    # ruleid: ftplib-cleartext
    ftp = FTP(host, user, password, timeout=30)
    with open(path, "rb") as handle:
        ftp.storbinary("STOR upload.bin", handle)


def download_secure(user, password, handle):
    # ok: ftplib-cleartext
    with ftplib.FTP_TLS("ftp.example.com") as ftp:
        ftp.login(user, password)
        ftp.prot_p()
        ftp.retrbinary("RETR report.csv", handle.write)


def is_plain_ftp(connection):
    # ok: ftplib-cleartext
    return type(connection) is ftplib.FTP


def list_files(host):
    import ftplib as fl

    # ruleid: ftplib-cleartext
    return fl.FTP(host).nlst()


def anonymous():
    # ruleid: ftplib-cleartext
    session = FTP()
    session.connect("ftp.example.com")
    return session


def download_verified(host):
    import ssl

    # ok: ftplib-cleartext
    with ftplib.FTP_TLS(host, context=ssl.create_default_context()) as ftp:
        ftp.prot_p()
