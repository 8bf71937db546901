import shlex

import paramiko


def remote_size(host, path):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.connect(host)
    # ruleid: paramiko-exec-command
    stdin, stdout, stderr = client.exec_command(f"du -sh {path}")
    return stdout.read()


def run_remote(host, command):
    with paramiko.SSHClient() as client:
        client.connect(host)
        # ruleid: paramiko-exec-command
        return client.exec_command(command)


class Deployer:
    def __init__(self, client):
        self.ssh = client

    def checkout(self, branch):
        # ruleid: paramiko-exec-command
        self.ssh.exec_command("cd /srv/app && git checkout " + branch)

    def checkout_quoted(self, branch):
        # ok: paramiko-exec-command
        self.ssh.exec_command("cd /srv/app && git checkout " + shlex.quote(branch))

    def uptime(self):
        # ok: paramiko-exec-command
        return self.ssh.exec_command("uptime")


def disk(host):
    client = paramiko.SSHClient()
    client.connect(host)
    # ok: paramiko-exec-command
    return client.exec_command("df -h")
