# ruleid: xml-import
import xml.etree.ElementTree as ET
# ruleid: xml-import
import xml.sax
# ruleid: xml-import
from xml.dom import minidom
# ruleid: xml-import
from xml.etree.ElementTree import Element, fromstring
# ruleid: xml-import
from xml import sax
# ok: xml-import
from xml.etree.ElementTree import Element, SubElement, tostring
# ok: xml-import
from xml.sax.saxutils import escape, quoteattr
# ok: xml-import
from xml.sax import saxutils
# ok: xml-import
import defusedxml.ElementTree
# ok: xml-import
from defusedxml import minidom as safe_minidom


def read_document(path):
    # ruleid: xml-import
    from xml.dom.pulldom import parse

    return list(parse(path))
