import xmlsec
from onelogin.saml2.constants import OneLogin_Saml2_Constants
from xmlsec import Transform


def signature_template(root):
    # ruleid: xml-signature-weak-algorithm
    return xmlsec.template.create(root, xmlsec.Transform.EXCL_C14N, xmlsec.Transform.RSA_SHA1)


def reference(signature):
    # ruleid: xml-signature-weak-algorithm
    return xmlsec.template.add_reference(signature, Transform.SHA1, uri="#assertion")


def encryption_template(root):
    # ruleid: xml-signature-weak-algorithm
    return xmlsec.template.encrypted_data_create(root, OneLogin_Saml2_Constants.TRIPLEDES_CBC)


def key_transport(root):
    # ruleid: xml-signature-weak-algorithm
    return xmlsec.template.encrypted_data_ensure_key_info(root, xmlsec.Transform.RSA_PKCS1)


def modern_template(root):
    # ok: xml-signature-weak-algorithm
    return xmlsec.template.create(root, xmlsec.Transform.EXCL_C14N, xmlsec.Transform.RSA_SHA256)


def modern_reference(signature):
    # ok: xml-signature-weak-algorithm
    return xmlsec.template.add_reference(signature, xmlsec.Transform.SHA256, uri="#assertion")


def refuse_weak(algorithm):
    # ok: xml-signature-weak-algorithm
    if algorithm in (xmlsec.Transform.RSA_SHA1, xmlsec.Transform.SHA1):
        raise ValueError(algorithm)
