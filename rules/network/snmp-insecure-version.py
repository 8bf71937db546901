from pysnmp.hlapi import CommunityData as Community
from pysnmp.hlapi import UdpTransportTarget, UsmUserData


def v1_auth():
    # ruleid: snmp-insecure-version
    return Community("public", mpModel=0)


def v2c_auth(community):
    import pysnmp.hlapi.asyncio as snmp

    # ruleid: snmp-insecure-version
    return snmp.CommunityData(community)


def v3_auth(auth_key, priv_key):
    # ok: snmp-insecure-version
    return UsmUserData("monitor", auth_key, priv_key)


def target(host):
    # ok: snmp-insecure-version
    return UdpTransportTarget((host, 161))
