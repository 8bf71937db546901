"""Background jobs: model scoring, nightly sync with the backup host."""

import ftplib
import marshal
import os
import shelve
import telnetlib

import httpx
import paramiko
import torch

from . import config


def load_user_model(filename):
    path = os.path.join(config.MODEL_FOLDER, filename)
    return torch.load(path)


def load_bundled_model():
    path = os.path.join(os.path.dirname(__file__), "models", "spam.pt")
    return torch.load(path, weights_only=True)


def score_note(model_file, text):
    model = load_user_model(model_file)
    return float(model(text))


def restore_cache(blob):
    return marshal.loads(blob)


def open_job_state(name):
    return shelve.open(os.path.join(config.UPLOAD_FOLDER, name))


def sync_backups(archive):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(config.BACKUP_HOST, username=config.BACKUP_USER)
    sftp = client.open_sftp()
    sftp.put(archive, "/backups/" + os.path.basename(archive))
    client.close()


def sync_backups_strict(archive):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(config.BACKUP_HOST, username=config.BACKUP_USER)
    client.open_sftp().put(archive, "/backups/" + os.path.basename(archive))
    client.close()


def upload_report(path):
    ftp = ftplib.FTP("reports.acme.example")
    ftp.login("acme", config.DB_PASSWORD)
    with open(path, "rb") as fh:
        ftp.storbinary("STOR " + os.path.basename(path), fh)
    ftp.quit()


def restart_printer():
    tn = telnetlib.Telnet("printer.office.acme.example", 23)
    tn.write(b"restart\n")
    tn.close()


def notify_webhook(url, payload):
    with httpx.Client(verify=False) as client:
        client.post(url, json=payload)


def notify_webhook_v2(url, payload):
    with httpx.Client(timeout=10) as client:
        client.post(url, json=payload).raise_for_status()
