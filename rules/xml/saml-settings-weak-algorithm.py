import signxml

SAML_SETTINGS = {
    "strict": True,
    "security": {
        # ruleid: saml-settings-weak-algorithm
        "signatureAlgorithm": "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
        # ruleid: saml-settings-weak-algorithm
        "digestAlgorithm": "http://www.w3.org/2000/09/xmldsig#sha1",
    },
}

MODERN_SETTINGS = {
    "security": {
        # ok: saml-settings-weak-algorithm
        "signatureAlgorithm": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        # ok: saml-settings-weak-algorithm
        "digestAlgorithm": "http://www.w3.org/2001/04/xmlenc#sha256",
    },
}


def sign(root, key):
    # ruleid: saml-settings-weak-algorithm
    return signxml.XMLSigner(signature_algorithm="rsa-sha1").sign(root, key=key)


def sign_modern(root, key):
    # ok: saml-settings-weak-algorithm
    return signxml.XMLSigner(signature_algorithm="rsa-sha256", digest_algorithm="sha256").sign(root, key=key)
