import os
import subprocess
from subprocess import check_call


def backup():
    # ruleid: shell-wildcard-injection
    os.system("cd /srv/uploads && tar czf /backups/uploads.tgz *")


def fix_owner(user):
    # ruleid: shell-wildcard-injection
    subprocess.run(f"chown {user} *.log", shell=True, cwd="/var/log/app")


def sync():
    # ruleid: shell-wildcard-injection
    check_call("rsync -a * backup:/data/", shell=True)


def backup_safe():
    # ok: shell-wildcard-injection
    os.system("cd /srv/uploads && tar czf /backups/uploads.tgz -- *")


def permissions():
    # ok: shell-wildcard-injection
    os.system("chmod 644 /var/www/html/*")


def relative():
    # ok: shell-wildcard-injection
    subprocess.run("chmod 600 ./*", shell=True)


def no_shell():
    # ok: shell-wildcard-injection
    subprocess.run(["tar", "czf", "out.tgz", "*"], check=True)


def listing():
    # ok: shell-wildcard-injection
    os.system("ls * | wc -l")


def truthy_flag():
    # ruleid: shell-wildcard-injection
    subprocess.run("chown app: *", shell=1)
    # ok: shell-wildcard-injection
    subprocess.run("chown app: *", shell=False)


def python2_popen():
    # ruleid: shell-wildcard-injection
    os.popen2("/bin/chmod 644 *")
