"""Tracking codes of records that residents follow (requests, complaints): eight characters in two
groups, from an alphabet without look-alikes (no 0/O, 1/I/L, 8/B), read aloud over the phone."""

import secrets

TRACKING_ALPHABET = "2345679ACDEFGHJKMNPQRTUVWXYZ"


def new_tracking_code() -> str:
    body = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))
    return f"{body[:4]}-{body[4:]}"
