import defusedxml.ElementTree as ET
from defusedxml import minidom


def parse_catalog(body):
    # ruleid: defusedxml-protection-off
    return ET.fromstring(body, forbid_entities=False)


def parse_with_references(path):
    # ruleid: defusedxml-protection-off
    return minidom.parse(path, forbid_dtd=False, forbid_external=False)


def parse_upload(body):
    # ok: defusedxml-protection-off
    return ET.fromstring(body)


def parse_strict(body):
    # ok: defusedxml-protection-off
    return ET.fromstring(body, forbid_dtd=True, forbid_entities=True)
