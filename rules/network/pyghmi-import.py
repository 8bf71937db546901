# ruleid: pyghmi-import
from pyghmi.ipmi import command

# ruleid: pyghmi-import
import pyghmi.ipmi.command as ipmi


def power_state(host, user, password):
    # ruleid: pyghmi-import
    from pyghmi.ipmi.command import Command

    return Command(bmc=host, userid=user, password=password).get_power(), command, ipmi


# ok: pyghmi-import
import requests

# ok: pyghmi-import
from redfish import redfish_client
