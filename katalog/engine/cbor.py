"""CBOR (RFC 8949), only what Pagefind's index files hold: integers, byte and text strings,
arrays and maps, each of a definite length. Encoding uses the shortest head, as Pagefind's
encoder (minicbor) does, so decoding and encoding one of its files gives its bytes back."""
from __future__ import annotations

import struct


class FormatError(ValueError):
    """Bytes that are not the CBOR this codec knows (or, raised by its users, not the file they expect)."""


UNSIGNED, NEGATIVE, BYTES, TEXT, ARRAY, MAP = range(6)


def decode(data: bytes) -> object:
    """The one CBOR item that is the whole of ``data``: int, bytes, str, list or dict."""
    value, end = _decode_at(data, 0)
    if end != len(data):
        raise FormatError(f"{len(data) - end} bytes after the CBOR item")
    return value


def _decode_at(data: bytes, at: int) -> tuple[object, int]:
    if at >= len(data):
        raise FormatError("CBOR ends in the middle of an item")
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if info < 24:
        argument = info
    elif info <= 27:  # the argument follows in 1, 2, 4 or 8 bytes, big-endian
        size = 1 << (info - 24)
        if at + size > len(data):
            raise FormatError("CBOR ends in the middle of an item")
        argument = int.from_bytes(data[at:at + size], "big")
        at += size
    else:  # 28-30 are reserved, 31 is an indefinite length: Pagefind writes neither
        raise FormatError(f"CBOR item head {data[at - 1]:#04x} is not supported")
    if major == UNSIGNED:
        return argument, at
    if major == NEGATIVE:
        return -1 - argument, at
    if major in (BYTES, TEXT):
        if at + argument > len(data):
            raise FormatError("CBOR ends in the middle of a string")
        raw = data[at:at + argument]
        if major == BYTES:
            return raw, at + argument
        try:
            return raw.decode("utf-8"), at + argument
        except UnicodeDecodeError:
            raise FormatError("CBOR text string that is not UTF-8") from None
    if major == ARRAY:
        items = []
        for _ in range(argument):
            item, at = _decode_at(data, at)
            items.append(item)
        return items, at
    if major == MAP:
        mapping: dict = {}
        for _ in range(argument):
            key, at = _decode_at(data, at)
            if not isinstance(key, (int, str, bytes)) or key in mapping:
                raise FormatError("CBOR map key that is not a number or string, or repeated")
            mapping[key], at = _decode_at(data, at)
        return mapping, at
    raise FormatError(f"CBOR major type {major} (tag, float or simple value) is not supported")


def encode(value: object) -> bytes:
    """``value`` (int, bytes, str, list or dict of these) as CBOR, each head in its shortest form."""
    out = bytearray()
    _encode_into(value, out)
    return bytes(out)


def _encode_into(value: object, out: bytearray) -> None:
    if isinstance(value, bool):  # a bool is an int to Python, but not to CBOR
        raise FormatError("booleans are not supported")
    if isinstance(value, int):
        if value >= 0:
            _head(UNSIGNED, value, out)
        else:
            _head(NEGATIVE, -1 - value, out)
    elif isinstance(value, bytes):
        _head(BYTES, len(value), out)
        out += value
    elif isinstance(value, str):
        raw = value.encode("utf-8")
        _head(TEXT, len(raw), out)
        out += raw
    elif isinstance(value, list):
        _head(ARRAY, len(value), out)
        for item in value:
            _encode_into(item, out)
    elif isinstance(value, dict):
        _head(MAP, len(value), out)
        for key, item in value.items():
            _encode_into(key, out)
            _encode_into(item, out)
    else:
        raise FormatError(f"cannot encode {type(value).__name__} as CBOR")


def head(major: int, argument: int) -> bytes:
    """The head of an item of type ``major`` whose argument (a number or a length) is ``argument``."""
    if argument < 24:
        return bytes((major << 5 | argument,))
    out = bytearray()
    _head(major, argument, out)
    return bytes(out)


def _head(major: int, argument: int, out: bytearray) -> None:
    if argument < 24:
        out.append(major << 5 | argument)
    elif argument < 1 << 8:
        out += struct.pack(">BB", major << 5 | 24, argument)
    elif argument < 1 << 16:
        out += struct.pack(">BH", major << 5 | 25, argument)
    elif argument < 1 << 32:
        out += struct.pack(">BI", major << 5 | 26, argument)
    elif argument < 1 << 64:
        out += struct.pack(">BQ", major << 5 | 27, argument)
    else:
        raise FormatError("integer too large for CBOR")
