import itsdangerous
from itsdangerous import NoneAlgorithm, Signer, TimestampSigner, URLSafeSerializer
from itsdangerous.signer import HMACAlgorithm


def cookie_signer(secret_key):
    # ruleid: itsdangerous-none-algorithm
    return Signer(secret_key, algorithm=NoneAlgorithm())


def link_signer(secret_key):
    # ruleid: itsdangerous-none-algorithm
    return TimestampSigner(secret_key, algorithm=itsdangerous.signer.NoneAlgorithm(), salt="reset")


def token_serializer(secret_key):
    # ruleid: itsdangerous-none-algorithm
    return URLSafeSerializer(secret_key, signer_kwargs={"algorithm": NoneAlgorithm()})


def cookie_signer_safely(secret_key):
    # ok: itsdangerous-none-algorithm
    return Signer(secret_key)


def sha256_signer(secret_key):
    # ok: itsdangerous-none-algorithm
    return Signer(secret_key, algorithm=HMACAlgorithm(digest_method="sha256"))
