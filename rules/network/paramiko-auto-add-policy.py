import paramiko
from paramiko import AutoAddPolicy


def connect(host, user):
    client = paramiko.SSHClient()
    # ruleid: paramiko-auto-add-policy
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(host, username=user)
    return client


def connect_quietly(host, user):
    client = paramiko.SSHClient()
    # ruleid: paramiko-auto-add-policy
    client.set_missing_host_key_policy(AutoAddPolicy)
    client.connect(host, username=user)
    return client


def connect_with_warning(host):
    client = paramiko.SSHClient()
    # ruleid: paramiko-auto-add-policy
    client.set_missing_host_key_policy(paramiko.WarningPolicy())
    client.connect(host)
    return client


def connect_strict(host, user):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    # ok: paramiko-auto-add-policy
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, username=user)
    return client


def connect_default(host, user):
    client = paramiko.SSHClient()
    # ok: paramiko-auto-add-policy
    client.load_host_keys("/etc/app/known_hosts")
    client.connect(host, username=user)
    return client


def connect_aliased(host):
    import paramiko as pm
    from paramiko.client import WarningPolicy as Warn

    client = pm.SSHClient()
    # ruleid: paramiko-auto-add-policy
    client.set_missing_host_key_policy(Warn())
    client.connect(host)
    return client


def connect_known_hosts(host):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    # ok: paramiko-auto-add-policy
    client.connect(host)
    return client
