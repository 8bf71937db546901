import subprocess
import yaml


def load_settings(path):
    with open(path) as handle:
        return yaml.load(handle, Loader=yaml.Loader)


def run(user_input):
    return subprocess.run(user_input, shell=True)
