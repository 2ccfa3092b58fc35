"""The zeep side of `cargo xtask interop`.

Reads a JSON list of jobs from the file named by the first argument and writes one JSON
result per job to the file named by the second. Remote imports are read from the local copies the
input's URL map names. A job names a WSDL, an operation and an instance of the message: a
`<parts>` document whose children are the body parts in order (the rpc accessors, or the
document parts' elements), then the header parts, named in the job. zeep reads each part with
its own schema reader, as the element (or type) it gives the part, and passes the values as
the message's arguments (the body's, and `_soapheaders` by part name). A request is built as
`Client.create_message` builds it, with the job's address as the endpoint (so WS-Addressing's
`To` is the harness's); a response with the binding operation's output serialiser. A
request's result also gives the types zeep reads for the rpc accessors.
"""

import json
import sys
import traceback

from lxml import etree
from zeep import Client, Settings
from zeep.transports import Transport
from zeep.wsdl.bindings.soap import Soap12Binding, SoapBinding
from zeep.wsdl.messages.soap import RpcMessage
from zeep.xsd import ComplexType


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


# What zeep needs of the SOAP 1.1 encoding schema (the namespace zeep always imports), written
# from SOAP 1.1 section 5: the Array and Struct types with their attributes, the `root`,
# `arrayType`, `offset` and `position` attributes, and a type per XSD built-in whose values
# may carry `id`/`href`. Used when the URL map holds no copy, so zeep never reaches the network.
SOAP_ENC = "http://schemas.xmlsoap.org/soap/encoding/"
SOAP_ENC_BUILTINS = (
    "string boolean float double decimal duration dateTime time date gYearMonth gYear "
    "gMonthDay gDay gMonth hexBinary base64Binary anyURI QName NOTATION normalizedString "
    "token language Name NMTOKEN NCName NMTOKENS ID IDREF IDREFS ENTITY ENTITIES integer "
    "nonPositiveInteger negativeInteger long int short byte nonNegativeInteger unsignedLong "
    "unsignedInt unsignedShort unsignedByte positiveInteger"
).split()


def soap_encoding_schema():
    builtins = "".join(
        '<xs:complexType name="%s"><xs:simpleContent><xs:extension base="xs:%s">'
        '<xs:attributeGroup ref="e:commonAttributes"/></xs:extension></xs:simpleContent></xs:complexType>' % (t, t)
        for t in SOAP_ENC_BUILTINS
    )
    return (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:e="{0}" targetNamespace="{0}">'
        '<xs:attribute name="root" type="xs:boolean"/>'
        '<xs:attributeGroup name="commonAttributes"><xs:attribute name="id" type="xs:ID"/>'
        '<xs:attribute name="href" type="xs:anyURI"/><xs:anyAttribute namespace="##other" processContents="lax"/>'
        "</xs:attributeGroup>"
        '<xs:attribute name="arrayType" type="xs:string"/><xs:attribute name="offset" type="xs:string"/>'
        '<xs:attribute name="position" type="xs:string"/>'
        '<xs:attributeGroup name="arrayAttributes"><xs:attribute ref="e:arrayType"/><xs:attribute ref="e:offset"/>'
        "</xs:attributeGroup>"
        '<xs:complexType name="Array"><xs:sequence><xs:any namespace="##any" minOccurs="0" maxOccurs="unbounded" '
        'processContents="lax"/></xs:sequence><xs:attributeGroup ref="e:arrayAttributes"/>'
        '<xs:attributeGroup ref="e:commonAttributes"/></xs:complexType>'
        '<xs:complexType name="Struct"><xs:sequence><xs:any namespace="##any" minOccurs="0" maxOccurs="unbounded" '
        'processContents="lax"/></xs:sequence><xs:attributeGroup ref="e:commonAttributes"/></xs:complexType>'
        '<xs:complexType name="base64"><xs:simpleContent><xs:extension base="xs:base64Binary">'
        '<xs:attributeGroup ref="e:commonAttributes"/></xs:extension></xs:simpleContent></xs:complexType>'
        "%s</xs:schema>"
    ).format(SOAP_ENC) % builtins


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
        if url.rstrip("/") == SOAP_ENC.rstrip("/"):
            return soap_encoding_schema().encode("utf-8")
        if "://" in url and not url.startswith("file://"):
            # No copy: an empty schema, so the rest of the WSDL loads; an operation that
            # needs its types fails in zeep and is not exercised.
            return b'<schema xmlns="http://www.w3.org/2001/XMLSchema"/>'

        return super().load(url)


def parts_of(instance, body_parts):
    """The body part nodes and the header part nodes of a `<parts>` instance."""
    root = etree.fromstring(instance.encode("utf-8"))
    nodes = [n for n in root if isinstance(n.tag, str)]
    return nodes[:body_parts], nodes[body_parts:]


def parse(element, node, types):
    """The value of one part. zeep reads an element of a complex type without content (an
    empty `<sequence/>`) as None, which it then refuses for a required part: the value
    given is that type's empty value."""
    value = element.parse(node, types)
    if value is None and isinstance(element.type, ComplexType) and not element.type.elements:
        value = element.type()
    return value


def body_arguments(message, nodes, types):
    """The arguments of the message's body, read from the part nodes."""
    body = message.body
    if body is None:
        if nodes:
            raise ValueError("zeep reads no body parts; the job gives %d" % len(nodes))
        return [], {}
    if isinstance(message, RpcMessage) or message._is_body_wrapped:
        elements = body.type.elements
        if len(elements) != len(nodes):
            raise ValueError("zeep reads %d body parts; the job gives %d" % (len(elements), len(nodes)))
        return [], {name: parse(element, node, types) for (name, element), node in zip(elements, nodes)}
    if len(nodes) != 1:
        raise ValueError("zeep reads one body part; the job gives %d" % len(nodes))
    value = body.parse(nodes[0], types)
    if value is None:
        return [], {}
    values = getattr(value, "__values__", None)
    if values is not None:
        return [], dict(values)
    return [value], {}


def header_arguments(message, names, nodes, types):
    """`_soapheaders` by part name, read from the header part nodes."""
    if not names:
        return None
    known = dict(message.header.type.elements) if message.header is not None else {}
    values = {}
    for name, node in zip(names, nodes):
        if name not in known:
            raise KeyError("zeep reads no header part %s" % name)
        values[name] = parse(known[name], node, types)
    return values


def qname_text(obj):
    qname = getattr(obj, "qname", None)
    return qname.text if qname is not None else None


def accessor_types(message):
    """For each rpc accessor, the type zeep reads for its part and, for a SOAP-encoded array,
    the item type its `wsdl:arrayType` names (`{ns}local`; None for an anonymous type)."""
    if not isinstance(message, RpcMessage) or message.body is None:
        return []
    out = []
    for _, element in message.body.type.elements:
        array = getattr(element.type, "_array_type", None)
        item = qname_text(getattr(array, "array_type", None)) if array is not None else None
        out.append([qname_text(element.type), item])
    return out


def run(job, urls, clients):
    wsdl = job["wsdl"]
    if wsdl not in clients:
        transport = LocalTransport(urls)
        clients[wsdl] = Client(wsdl, transport=transport, settings=Settings(strict=False, xml_huge_tree=True))
    client = clients[wsdl]
    proxy, op = find_operation(client, job["operation"], job.get("service"), job.get("soap12", False))
    message = op.input if job["direction"] == "request" else op.output
    types = client.wsdl.types
    body_nodes, header_nodes = parts_of(job["instance"], job["body_parts"])
    args, kwargs = body_arguments(message, body_nodes, types)
    headers = header_arguments(message, job["header_parts"], header_nodes, types)
    if headers is not None:
        kwargs["_soapheaders"] = headers
    if job["direction"] == "request":
        # What `Client.create_message` does, with the endpoint given.
        envelope, _ = proxy._binding._create(
            job["operation"], args, kwargs, client=client, options={"address": job["address"]}
        )
        result = {"types": accessor_types(message)}
    else:
        envelope = message.serialize(*args, **kwargs).content
        result = {}
    result["ok"] = etree.tostring(envelope, encoding="unicode")
    return result


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        given = json.load(f)
    urls, jobs = given["urls"], given["jobs"]
    clients = {}
    results = []
    for job in jobs:
        try:
            results.append(run(job, urls, clients))
        except Exception as e:  # every failure is a result of its job
            last = traceback.extract_tb(e.__traceback__)[-1]
            results.append({"error": "%s: %s (%s:%d)" % (type(e).__name__, e, last.filename.rsplit("/", 1)[-1], last.lineno)})
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main()
