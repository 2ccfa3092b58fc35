"""The zeep side of `cargo xtask interop`.

Reads a JSON list of jobs from the file named by the first argument and writes one JSON
result per job to the file named by the second. Remote imports are read from the local copies the
input's URL map names. A job names a WSDL, an operation and an XML
instance of the message's body element. zeep reads the instance with its own schema reader
and builds the request with `Client.create_message`; for a response it builds the message
with the binding operation's output serialiser.
"""

import json
import sys
import traceback

from lxml import etree
from zeep import Client, Settings
from zeep.transports import Transport
from zeep.wsdl.bindings.soap import Soap12Binding, SoapBinding


def find_operation(client, name, service_name, soap12):
    """The binding operation `name` of a port of the same SOAP version (of the named service
    first), with its service proxy."""
    services = sorted(client.wsdl.services.values(), key=lambda s: s.name != service_name)
    for service in services:
        for port in service.ports.values():
            binding = port.binding
            if isinstance(binding, Soap12Binding) != soap12 or not isinstance(binding, SoapBinding):
                continue
            ops = binding._operations
            if name in ops:
                proxy = client.bind(service.name, port.name)
                return proxy, ops[name]
    raise KeyError("operation %s is in no SOAP %s port zeep loaded" % (name, "1.2" if soap12 else "1.1"))


class LocalTransport(Transport):
    """Reads remote imports from the local copies a URL map names; never the network."""

    def __init__(self, urls):
        super().__init__()
        self.urls = urls

    def load(self, url):
        local = self.urls.get(url)
        if local is not None:
            with open(local, "rb") as f:
                return f.read()
        if "://" in url and not url.startswith("file://"):
            # No copy: an empty schema, so the rest of the WSDL loads; an operation that
            # needs its types fails in zeep and is not exercised.
            return b'<schema xmlns="http://www.w3.org/2001/XMLSchema"/>'

        return super().load(url)


def arguments(body, instance, types):
    """The values zeep reads from the instance, as arguments of the message."""
    node = etree.fromstring(instance.encode("utf-8"))
    value = body.parse(node, types)
    values = getattr(value, "__values__", None)
    if values is not None:
        return [], dict(values)
    return [value], {}


def run(job, urls, clients):
    wsdl = job["wsdl"]
    if wsdl not in clients:
        transport = LocalTransport(urls)
        clients[wsdl] = Client(wsdl, transport=transport, settings=Settings(strict=False, xml_huge_tree=True))
    client = clients[wsdl]
    proxy, op = find_operation(client, job["operation"], job.get("service"), job.get("soap12", False))
    if job["direction"] == "request":
        body = op.input.body
        args, kwargs = arguments(body, job["instance"], client.wsdl.types)
        envelope = client.create_message(proxy, job["operation"], *args, **kwargs)
    else:
        body = op.output.body
        args, kwargs = arguments(body, job["instance"], client.wsdl.types)
        envelope = op.output.serialize(*args, **kwargs).content
    return etree.tostring(envelope, encoding="unicode")


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        given = json.load(f)
    urls, jobs = given["urls"], given["jobs"]
    clients = {}
    results = []
    for job in jobs:
        try:
            results.append({"ok": run(job, urls, clients)})
        except Exception as e:  # every failure is a result of its job
            last = traceback.extract_tb(e.__traceback__)[-1]
            results.append({"error": "%s: %s (%s:%d)" % (type(e).__name__, e, last.filename.rsplit("/", 1)[-1], last.lineno)})
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main()
