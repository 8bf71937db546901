from onelogin.saml2 import constants
from onelogin.saml2.constants import OneLogin_Saml2_Constants
from onelogin.saml2.utils import OneLogin_Saml2_Utils

SECURITY = {
    "authnRequestsSigned": True,
    # ruleid: saml-sha1-signature
    "signatureAlgorithm": OneLogin_Saml2_Constants.RSA_SHA1,
}


def sign_request(xml, key, cert):
    # ruleid: saml-sha1-signature
    return OneLogin_Saml2_Utils.add_sign(xml, key, cert, sign_algorithm=constants.OneLogin_Saml2_Constants.RSA_SHA1)


def modern_security():
    # ok: saml-sha1-signature
    return {"signatureAlgorithm": OneLogin_Saml2_Constants.RSA_SHA256}


def reject_sha1(algorithm):
    # ok: saml-sha1-signature
    if algorithm == OneLogin_Saml2_Constants.RSA_SHA1:
        raise ValueError("SHA-1 signatures are not accepted")
