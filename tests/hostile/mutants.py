"""Seeded mutants of valid files: byte-level (flips, cuts, insertions, repeats) and
structure-level (an XML part edited element by element, a zip's members renamed, dropped,
doubled or repacked). ``mutants(base, count, seed)`` gives the same list on every run."""

from __future__ import annotations

import io
import random
import re
import warnings
import zipfile
from collections.abc import Callable

from .samples import FIXED_TIME

NUMBER = re.compile(rb"\d+(?:\.\d+)?")
ELEMENT = re.compile(rb"<([^\s/>!?]+)[^>]*>[^<]*</\1>")
REFERENCE = re.compile(rb'r="([A-Z]+)(\d+)"')
ODD_VALUES = [
    b"-1",
    b"0",
    b"1e309",
    b"99999999999999999999999999",
    b"NaN",
    b"-0.000001",
    b"",
    b"\xd0",
    b"=cmd|' /C calc'!A0",
    b"&amp;&lt;&gt;",
    "Ж".encode() * 5000,
    b"1,5",
    b"\xef\xbb\xbf7",
    b"2025-13-45",
    b"0x1F",
    b"  ",
    b"\t\n",
    b"&#0;",
    b"&#x10FFFF;",
]
PROLOGS = [
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">',
    b"<!-- comment -->",
    b"<?php echo 1; ?>",
]


def _flip(data: bytes, rng: random.Random) -> bytes:
    mutated = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if mutated:
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
    return bytes(mutated)


def _cut(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _insert(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]


def _repeat(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(max(len(data), 1))
    end = min(len(data), start + rng.randint(1, 4096))
    return data[:end] + data[start:end] * rng.randint(2, 50) + data[end:]


def _erase(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(max(len(data), 1))
    end = min(len(data), start + rng.randint(1, 512))
    return data[:start] + b"\0" * (end - start) + data[end:]


BYTE_MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    _flip, _cut, _insert, _repeat, _erase,
]  # fmt: skip


# ------------------------------------------------------------------ XML structure


def _spans(data: bytes) -> list[tuple[int, int]]:
    return [match.span() for match in ELEMENT.finditer(data)]


def _drop_element(data: bytes, rng: random.Random) -> bytes:
    spans = _spans(data)
    if not spans:
        return _flip(data, rng)
    start, end = rng.choice(spans)
    return data[:start] + data[end:]


def _double_element(data: bytes, rng: random.Random) -> bytes:
    spans = _spans(data)
    if not spans:
        return _repeat(data, rng)
    start, end = rng.choice(spans)
    return data[:end] + data[start:end] * rng.randint(2, 200) + data[end:]


def _odd_value(data: bytes, rng: random.Random) -> bytes:
    matches = list(NUMBER.finditer(data)) or list(ELEMENT.finditer(data))
    if not matches:
        return _insert(data, rng)
    start, end = rng.choice(matches).span()
    return data[:start] + rng.choice(ODD_VALUES) + data[end:]


def _odd_text(data: bytes, rng: random.Random) -> bytes:
    matches = list(re.finditer(rb">([^<]+)<", data))
    if not matches:
        return _insert(data, rng)
    start, end = rng.choice(matches).span(1)
    return data[:start] + rng.choice(ODD_VALUES) + data[end:]


def _prolog(data: bytes, rng: random.Random) -> bytes:
    end = data.find(b"?>") + 2 if data.startswith(b"<?xml") else 0
    return data[:end] + rng.choice(PROLOGS) + data[end:]


def _encoding(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(3)
    if choice == 0:
        return data.replace(b'encoding="UTF-8"', b'encoding="windows-1251"', 1)
    if choice == 1:
        try:
            return data.decode("utf-8").encode("cp1251", errors="replace")
        except UnicodeDecodeError:
            return _flip(data, rng)
    return data.replace(b'encoding="UTF-8"', b'encoding="KOI8-R"', 1)


def _far_reference(data: bytes, rng: random.Random) -> bytes:
    matches = list(REFERENCE.finditer(data))
    if not matches:
        return _odd_value(data, rng)
    start, end = rng.choice(matches).span()
    column = rng.choice([b"A", b"CV", b"CW", b"XFD", b"ZZZZ", b""])
    row = rng.choice([b"1", b"10200", b"10201", b"1048576", b"99999999999", b"0", b""])
    return data[:start] + b'r="' + column + row + b'"' + data[end:]


XML_MUTATIONS = [
    _drop_element, _double_element, _odd_value, _odd_text, _prolog, _encoding, _far_reference,
]  # fmt: skip


def mutate_xml(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.3:
        return rng.choice(BYTE_MUTATIONS)(data, rng)
    for _ in range(rng.randint(1, 3)):
        data = rng.choice(XML_MUTATIONS)(data, rng)
    return data


# ------------------------------------------------------------------ zip structure


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _pack(members: list[tuple[str, bytes]], rng: random.Random) -> bytes:
    method = rng.choice([zipfile.ZIP_DEFLATED, zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in members:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = method
            archive.writestr(info, content)
    return buffer.getvalue()


def mutate_zip(data: bytes, rng: random.Random, *, prefer: str) -> bytes:
    """Edit the members (the XML ones first of all, ``prefer`` most), then repack; or break
    the archive's own bytes."""
    if rng.random() < 0.3:
        return rng.choice(BYTE_MUTATIONS)(data, rng)
    members = _members(data)
    choice = rng.randrange(10)
    index = rng.randrange(len(members))
    if choice < 6:
        xml = [i for i, (name, _) in enumerate(members) if name.endswith(".xml")]
        preferred = [i for i in xml if members[i][0] == prefer]
        index = rng.choice(preferred if preferred and rng.random() < 0.6 else xml or [index])
        name, content = members[index]
        members[index] = (name, mutate_xml(content, rng))
    elif choice == 6:
        del members[index]
    elif choice == 7:
        members.append(members[index])
    elif choice == 8:
        name, content = members[index]
        renamed = rng.choice(["../" + name, "/" + name, name.upper(), name + "/", "a\\..\\" + name])
        members[index] = (renamed, content)
    else:
        name, content = members[index]
        members[index] = (name, content + b" " * rng.randint(10_000, 2_000_000))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are one of the mutations
        return _pack(members, rng)


def mutants(
    base: bytes, count: int, *, seed: int, mutate: Callable[[bytes, random.Random], bytes]
) -> list[bytes]:
    rng = random.Random(seed)
    return [mutate(base, rng) for _ in range(count)]
