from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ec import SECT163K1, generate_private_key

LEGACY_CURVES = [ec.SECP192R1, ec.SECT163K1]


def device_key():
    # ruleid: weak-ec-curve
    return ec.generate_private_key(ec.SECP192R1())


def sensor_key():
    # ruleid: weak-ec-curve
    return generate_private_key(curve=SECT163K1())


def deterministic_key(secret):
    # ruleid: weak-ec-curve
    return ec.derive_private_key(secret, ec.SECT163R2())


def server_key():
    # ok: weak-ec-curve
    return ec.generate_private_key(ec.SECP256R1())


def strong_key():
    # ok: weak-ec-curve
    return ec.generate_private_key(ec.SECP384R1())


def is_legacy(curve):
    # ok: weak-ec-curve
    return isinstance(curve, ec.SECP192R1)
