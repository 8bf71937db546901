import warnings

import requests
import urllib3
from urllib3.exceptions import InsecureRequestWarning


def quiet():
    # ruleid: urllib3-disable-warnings
    urllib3.disable_warnings()


def quiet_insecure():
    # ruleid: urllib3-disable-warnings
    urllib3.disable_warnings(InsecureRequestWarning)


def quiet_via_requests():
    # ruleid: urllib3-disable-warnings
    requests.packages.urllib3.disable_warnings()


def quiet_filter():
    # ruleid: urllib3-disable-warnings
    warnings.filterwarnings("ignore", category=InsecureRequestWarning)


def quiet_dependency_notes():
    # ok: urllib3-disable-warnings
    urllib3.disable_warnings(urllib3.exceptions.DependencyWarning)


def quiet_deprecations():
    # ok: urllib3-disable-warnings
    warnings.filterwarnings("ignore", category=DeprecationWarning)
