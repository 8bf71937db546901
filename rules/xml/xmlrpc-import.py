# ruleid: xmlrpc-import
import xmlrpc.client
# ruleid: xmlrpc-import
from xmlrpc.server import SimpleXMLRPCServer, SimpleXMLRPCRequestHandler
# ruleid: xmlrpc-import
from xmlrpc import client as rpc_client
# ruleid: xmlrpc-import
import xmlrpc
# ok: xmlrpc-import
import xml.sax.saxutils
# ruleid: xmlrpc-import
import os, xmlrpc.server as rpc_server
# ruleid: xmlrpc-import
from xmlrpc.client import (Binary, DateTime, Fault, MultiCall,
                           ProtocolError, ServerProxy)
# ok: xmlrpc-import
import defusedxml.xmlrpc


def call_legacy(url):
    # ruleid: xmlrpc-import
    import xmlrpclib

    return xmlrpclib.ServerProxy(url).status()


def call_patched(url):
    defusedxml.xmlrpc.monkey_patch()
    # ok: xmlrpc-import
    import xmlrpc.client as patched_client

    return patched_client.ServerProxy(url).status()
