from pysnmp.hlapi import UsmUserData
from pysnmp.hlapi import usmAesCfb128Protocol, usmHMACSHAAuthProtocol


def no_auth_no_priv():
    # ruleid: snmp-weak-security
    return UsmUserData("monitor")


def auth_no_priv(auth_key):
    # ruleid: snmp-weak-security
    return UsmUserData("monitor", auth_key)


def auth_no_priv_keyword(auth_key):
    import pysnmp.hlapi as snmp

    # ruleid: snmp-weak-security
    return snmp.UsmUserData("monitor", authKey=auth_key, authProtocol=usmHMACSHAAuthProtocol)


def auth_priv(auth_key, priv_key):
    # ok: snmp-weak-security
    return UsmUserData("monitor", auth_key, priv_key)


def auth_priv_keywords(auth_key, priv_key):
    # ok: snmp-weak-security
    return UsmUserData(
        "monitor",
        authKey=auth_key,
        privKey=priv_key,
        authProtocol=usmHMACSHAAuthProtocol,
        privProtocol=usmAesCfb128Protocol,
    )
