"""The text of an input file: UTF-8 (with or without BOM), UTF-16 with a BOM, GB18030/GBK when declared or asked
for; Chinese garbled through Latin-1 (mojibake) is refused."""

from __future__ import annotations

import re

from medpolicy.errors import InputError
from medpolicy.io.formats import line_of

__all__ = ["ENCODING_ENV", "decode", "refuse_mojibake", "xml_as_utf8"]

ENCODING_ENV = "MEDPOLICY_INPUT_ENCODING"


_XML_DECL = re.compile(r"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def xml_as_utf8(text: str) -> str:
    """The text with its XML declaration saying UTF-8 (the parsers are given UTF-8 bytes or a str)."""
    match = _XML_DECL.match(text)
    if not match:
        return text
    return text[: match.start(1)] + "UTF-8" + text[match.end(1) :]


_GB_NAMES = {"gb18030", "gbk", "gb2312", "cp936", "gb-2312", "x-gbk"}
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
# characters a byte 0x80-0xFF becomes when decoded as Latin-1 or Windows-1252
_MOJIBAKE_RUN = re.compile(
    "[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{4,}"
)


def _declared_xml_encoding(data: bytes) -> str | None:
    match = re.match(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""", data[:200])
    return match.group(1).decode("ascii").lower() if match else None


def decode(data: bytes, name: str, fmt: str, encoding: str | None) -> str:
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte-order mark settles it
        data, encoding = data[3:], "utf-8"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"starts with a UTF-16 byte-order mark but is not UTF-16 (byte {exc.start})", file=name
            ) from exc
    declared = _declared_xml_encoding(data) if fmt == "xml" else None
    if encoding is None and declared in _GB_NAMES:
        encoding = "gb18030"
    if encoding is not None and encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            return data.decode(encoding)
        except LookupError as exc:
            raise InputError(f"unknown encoding {encoding!r}", file=name, where=ENCODING_ENV) from exc
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not valid {encoding.upper()} (byte {exc.start}); save the file as UTF-8",
                file=name,
                where=line_of(data.decode("latin-1"), exc.start),
            ) from exc
    if declared and declared not in ("utf-8", "utf8", "us-ascii", "ascii"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"declares encoding {declared!r}, not read here (only UTF-8, GB18030/GBK): save the file as UTF-8",
                file=name,
                where="line 1",
            ) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = line_of(data.decode("latin-1"), exc.start)
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError(f"not UTF-8 (byte {exc.start}): save the file as UTF-8", file=name, where=where) from exc
        raise InputError(
            f"encoded as GB18030/GBK, not UTF-8 (byte {exc.start}): save the file as UTF-8, or read it as "
            f"GB18030 with {ENCODING_ENV}=gb18030",
            file=name,
            where=where,
        ) from exc


def refuse_mojibake(text: str, name: str) -> None:
    """Chinese text that went through Latin-1/Windows-1252 on its way to UTF-8 reads as ``æ±Ÿè‹`` or ``½­ËÕ``."""
    for count, match in enumerate(_MOJIBAKE_RUN.finditer(text)):
        if count > 100:
            return
        run = match.group()
        raw = b"".join(c.encode("latin-1") if ord(c) < 256 else c.encode("cp1252") for c in run)
        for enc in ("utf-8", "gb18030"):
            try:
                decoded = raw.decode(enc)
            except UnicodeDecodeError:
                continue
            if len(_CJK.findall(decoded)) >= 2 and len(_CJK.findall(decoded)) * 2 >= len(decoded):
                raise InputError(
                    f"garbled text {run[:16]!r} looks like Chinese ({decoded[:8]!r}) encoded as "
                    f"{'UTF-8' if enc == 'utf-8' else 'GB18030/GBK'} but decoded as Latin-1 before it was saved "
                    f"(mojibake): export the file again as UTF-8",
                    file=name,
                    where=line_of(text, match.start()),
                )
