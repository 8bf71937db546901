from xmlrpc.server import SimpleXMLRPCServer


class InventoryService:
    def stock(self, sku):
        return 0


def serve():
    server = SimpleXMLRPCServer(("127.0.0.1", 8000))
    # ruleid: xmlrpc-dotted-names
    server.register_instance(InventoryService(), allow_dotted_names=True)
    server.serve_forever()


def serve_admin(server, service):
    # ruleid: xmlrpc-dotted-names
    server.register_instance(service, True)


def serve_safely():
    server = SimpleXMLRPCServer(("127.0.0.1", 8000))
    # ok: xmlrpc-dotted-names
    server.register_instance(InventoryService())
    server.serve_forever()


def serve_explicit(server):
    # ok: xmlrpc-dotted-names
    server.register_instance(InventoryService(), allow_dotted_names=False)
