"""Where an import reads from: a file, standard input (`-`), or a feed's http(s) URL.

Bytes become text here, once, for every format: a byte-order mark decides; else the pattern of
NULs in the first four bytes (UTF-16 and UTF-32 without a mark, as XML and JSON detect them);
else the charset the server sent or the XML declaration names (feeds in ISO-8859-1, EUC-KR,
windows-1251, GB2312, Big5... read with the WHATWG superset browsers and feedparser use); else
UTF-8. A URL is read within one deadline however slowly it trickles in, and only over http(s),
redirects included.
"""

from __future__ import annotations

import codecs
import re
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from generator.source.limits import TimeLimit, time_limit

TIMEOUT = 20  # seconds for the whole download, however the server paces it
MAX_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5

BOMS = [  # longest first: the UTF-32 LE mark starts like the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
]  # fmt: skip
# WHATWG Encoding: labels that name a smaller encoding than the one text in the wild is written in
SUPERSETS = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
             "ascii": "cp1252", "iso-8859-9": "cp1254", "gb2312": "gb18030", "gbk": "gb18030",
             "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "big5": "big5hkscs", "shift_jis": "cp932",
             "tis-620": "cp874", "iso-8859-11": "cp874"}  # fmt: skip
# Names Windows and old Macs wrote that Python's codecs do not know (feedparser reads them too)
ALIASES = {"ms-ansi": "cp1252", "ms-arab": "cp1256", "ms-cyrl": "cp1251", "ms-ee": "cp1250", "ms-greek": "cp1253",
           "ms-hebr": "cp1255", "ms-turk": "cp1254", "winbaltrim": "cp1257", "mac": "mac_roman",
           "macintosh": "mac_roman", "csmacintosh": "mac_roman"}  # fmt: skip
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")


class SourceError(Exception):
    """The source cannot be read; the message is for the user."""


@dataclass(frozen=True)
class Source:
    label: str
    text: str
    is_url: bool = False


def encoding_of(data: bytes, declared: str | None = None) -> tuple[str, int]:
    """(codec, bytes of byte-order mark to skip) for `data`; `declared` is an HTTP charset."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    head = data[:4]
    if len(head) == 4:
        nuls = tuple(b == 0 for b in head)
        by_nuls = {(True, True, True, False): "utf-32-be", (False, True, True, True): "utf-32-le",
                   (True, False, True, False): "utf-16-be", (False, True, False, True): "utf-16-le"}  # fmt: skip
        if nuls in by_nuls:
            return by_nuls[nuls], 0
    head = data[:1024]
    if head.startswith(b"\x4c\x6f\xa7\x94"):  # "<?xm" in EBCDIC: the declaration names the code page
        head = head.decode("cp037").encode("ascii", "replace")
    named = declared or (match.group(1).decode("ascii") if (match := _XML_ENCODING.match(head)) else None)
    if named:
        try:
            codec = codecs.lookup(ALIASES.get(named.lower(), named)).name
        except LookupError:
            raise SourceError(f"the encoding '{named}' it declares is not one Python knows") from None
        if codec in ("utf-16", "utf-32"):  # declared but without a mark: XML says big-endian
            codec += "-be"
        return SUPERSETS.get(codec, SUPERSETS.get(named.lower(), codec)), 0
    return "utf-8", 0


def decode(data: bytes, label: str, declared: str | None = None) -> str:
    """The text of a source, line endings made LF; SourceError naming the line that is not text."""
    try:
        codec, skip = encoding_of(data, declared)
    except SourceError as exc:
        raise SourceError(f"{label}:1: {exc}") from None
    try:
        text = data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, skip + exc.start) + 1
        if codec == "utf-8" and data.lstrip().startswith(b"<"):
            message = (
                f"not UTF-8 text (byte 0x{data[skip + exc.start]:02x}) and it names no other encoding; save it "
                'as UTF-8, or name its encoding in its first line: <?xml version="1.0" encoding="..."?>'
            )
        elif codec == "utf-8":
            message = f"not UTF-8 text (byte 0x{data[skip + exc.start]:02x}); save it as UTF-8"
        else:
            message = f"not {codec} text as it says (byte 0x{data[skip + exc.start]:02x})"
        raise SourceError(f"{label}:{line}: {message}") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise SourceError(f"{label}:{line}: a NUL character: this is not a text file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_source(value: str, timeout: float = TIMEOUT) -> Source:
    if value == "-":
        return Source("<stdin>", decode(sys.stdin.buffer.read(), "<stdin>"))
    if value.lower().startswith(("http://", "https://")):
        data, charset = fetch(value, timeout)
        return Source(value, decode(data, value, charset), is_url=True)
    path = Path(value)
    if not path.is_file():
        raise SourceError(f"{value}: no such file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{value}: cannot read the file: {exc.strerror}") from None
    return Source(value, decode(data, value))


class _WebOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a few redirects, and only to http(s): never ftp:, file: or anything else."""

    max_redirections = MAX_REDIRECTS

    def http_error_302(self, req, fp, code, msg, headers):  # type: ignore[no-untyped-def]
        target = urljoin(req.full_url, headers.get("location") or headers.get("uri") or "")
        if urlsplit(target).scheme.lower() not in ("http", "https"):
            raise SourceError(f"{req.full_url}: the server redirects to {target}, which is not an http(s) address")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def fetch(url: str, timeout: float = TIMEOUT) -> tuple[bytes, str | None]:
    """The body of a feed URL and the charset the server named; SourceError with the reason.

    One deadline for connecting, redirects and every read: a server that sends a byte every
    second cannot hold the import for longer than `timeout`."""
    request = urllib.request.Request(url, headers={"User-Agent": "timeline-generator import"})
    opener = urllib.request.build_opener(_WebOnlyRedirects)
    try:
        with time_limit(timeout, wall=True), opener.open(request, timeout=timeout) as response:
            charset = response.headers.get_content_charset()
            data = response.read(MAX_BYTES + 1)
    except TimeLimit:
        raise SourceError(
            f"{url}: no complete answer within {timeout:.0f} seconds; save the file and import that"
        ) from None
    except urllib.error.HTTPError as exc:
        raise SourceError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise SourceError(f"{url}: cannot reach it: {exc.reason}") from None
    except (TimeoutError, OSError) as exc:
        raise SourceError(f"{url}: cannot reach it: {exc}") from None
    if len(data) > MAX_BYTES:
        raise SourceError(f"{url}: more than {MAX_BYTES // 1_048_576} MB; download it and import the file")
    return data, charset
