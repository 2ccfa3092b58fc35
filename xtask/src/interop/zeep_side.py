"""The zeep side of `cargo xtask interop`.

Reads a JSON list of jobs from the file named by the first argument and writes one JSON
result per job to the file named by the second. A job names a WSDL, an operation and an XML
instance of the message's body element. zeep reads the instance with its own schema reader
and builds the request with `Client.create_message`; for a response it builds the message
with the binding operation's output serialiser.
"""

import json
import sys
import traceback

from lxml import etree
from zeep import Client, Settings


def find_operation(client, name):
    """The binding operation `name` of the first port that has it, with its service proxy."""
    for service in client.wsdl.services.values():
        for port in service.ports.values():
            ops = port.binding._operations
            if name in ops:
                proxy = client.bind(service.name, port.name)
                return proxy, ops[name]
    raise KeyError("operation %s is in no port zeep loaded" % name)


def arguments(body, instance, types):
    """The values zeep reads from the instance, as arguments of the message."""
    node = etree.fromstring(instance.encode("utf-8"))
    value = body.parse(node, types)
    values = getattr(value, "__values__", None)
    if values is not None:
        return [], dict(values)
    return [value], {}


def run(job, clients):
    wsdl = job["wsdl"]
    if wsdl not in clients:
        clients[wsdl] = Client(wsdl, settings=Settings(strict=False, xml_huge_tree=True))
    client = clients[wsdl]
    proxy, op = find_operation(client, job["operation"])
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
        jobs = json.load(f)
    clients = {}
    results = []
    for job in jobs:
        try:
            results.append({"ok": run(job, clients)})
        except Exception as e:  # every failure is a result of its job
            last = traceback.extract_tb(e.__traceback__)[-1]
            results.append({"error": "%s: %s (%s:%d)" % (type(e).__name__, e, last.filename.rsplit("/", 1)[-1], last.lineno)})
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main()
