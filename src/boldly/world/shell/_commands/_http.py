"""curl and wget: every request is a `World.http` call carrying the files it uploads as data.

curl's `smtp://` URLs send mail through `World.send_mail` and its `ftp://`/`scp://` uploads are remote
copies, so a message or upload made with curl is recorded exactly as with `mail` or `scp`.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import SplitResult, quote, urlsplit

from boldly.world._effects import Op
from boldly.world._errors import WorldError
from boldly.world.shell._commands._mail import send_message_text
from boldly.world.shell._commands._registry import command
from boldly.world.shell._escapes import decode
from boldly.world.shell._invocation import FileProblem, Invocation
from boldly.world.shell._options import Options, Spec

_REASONS = {200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 301: "Moved Permanently"}
_REASONS.update({302: "Found", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found"})
_REASONS.update({405: "Method Not Allowed", 500: "Internal Server Error", 503: "Service Unavailable"})

_CURL_FLAGS = {
    "silent": "s", "show-error": "S", "location": "L", "insecure": "k", "fail": "f", "include": "i",
    "head": "I", "verbose": "v", "get": "G", "remote-name": "O", "globoff": "g", "no-progress-meter": "s",
    "fail-with-body": "fail-with-body", "compressed": "compressed", "http1.1": "http1.1", "http2": "http2",
    "ssl-reqd": "ssl-reqd", "ssl": "ssl", "progress-bar": "#", "create-dirs": "create-dirs",
    "remote-name-all": "O", "path-as-is": "path-as-is", "anyauth": "anyauth", "basic": "basic",
    "digest": "digest", "ipv4": "4", "ipv6": "6", "no-buffer": "N", "raw": "raw",
    "tcp-nodelay": "tcp-nodelay",
    "location-trusted": "location-trusted", "remote-header-name": "J", "fail-early": "fail-early",
    "crlf": "crlf", "tlsv1.2": "tlsv1.2", "tlsv1.3": "tlsv1.3", "disable": "q", "list-only": "l",
}  # fmt: skip
_CURL_VALUED = {
    "request": "X", "data": "d", "data-ascii": "d", "form": "F", "header": "H", "output": "o",
    "upload-file": "T", "user": "u", "user-agent": "A", "referer": "e", "cookie": "b", "cookie-jar": "c",
    "max-time": "m", "write-out": "w", "proxy": "x", "range": "r", "dump-header": "D", "config": "K",
    "data-binary": "data-binary", "data-raw": "data-raw", "data-urlencode": "data-urlencode", "json": "json",
    "form-string": "form-string", "url": "url", "mail-from": "mail-from", "mail-rcpt": "mail-rcpt",
    "mail-auth": "mail-auth", "connect-timeout": "connect-timeout", "retry": "retry",
    "retry-delay": "retry-delay",
    "retry-max-time": "retry-max-time", "cacert": "cacert", "cert": "E", "key": "key", "resolve": "resolve",
    "interface": "interface", "output-dir": "output-dir", "limit-rate": "limit-rate", "trace": "trace",
    "trace-ascii": "trace-ascii", "stderr": "stderr", "oauth2-bearer": "oauth2-bearer", "proto": "proto",
    "max-redirs": "max-redirs", "speed-limit": "Y", "speed-time": "y", "time-cond": "z",
    "login-options": "login-options", "sasl-authzid": "sasl-authzid", "ftp-method": "ftp-method",
}  # fmt: skip
_CURL = Spec(
    flags="sSLkfiIvGOgN46#Jqlmn0123",
    valued="XdFHoTuAebcmwxrDKYyzE",
    long={**_CURL_FLAGS, **_CURL_VALUED},
    long_valued=frozenset(v for v in _CURL_VALUED.values() if len(v) > 1),
)


@dataclass
class _Payload:
    """What a curl command sends: body text and the files whose contents are in it."""

    body: str = ""
    files: list[str] = field(default_factory=list)
    form: bool = False


class _Curl:
    def __init__(self, inv: Invocation, options: Options) -> None:
        self.inv = inv
        self.options = options
        self.quiet = options.has("s") and not options.has("S")

    def error(self, code: int, message: str) -> int:
        if not self.quiet:
            self.inv.err(f"curl: ({code}) {message}\n")
        return code

    def _file(self, name: str, exact: bool) -> tuple[str, str | None]:
        """Text of `@name` (stdin for `-`), and its path when it is a file."""
        if name == "-":
            return self.inv.stdin.read_all(), None
        text = self.inv.read(name)
        if not exact:
            text = text.replace("\r", "").replace("\n", "")
        return text, self.inv.path(name)

    def payload(self) -> _Payload:
        payload = _Payload()
        parts: list[str] = []
        form: list[str] = []
        for key, value in self.options.items:
            if value is None:
                continue
            if key in ("d", "data-binary", "json") and value.startswith("@"):
                text, path = self._file(value[1:], exact=key != "d")
                parts.append(text)
                payload.files += [path] if path else []
            elif key in ("d", "data-binary", "data-raw", "json"):
                parts.append(value)
            elif key == "data-urlencode":
                parts.append(self._urlencoded(value, payload))
            elif key == "F":
                form.append(self._form_field(value, payload))
            elif key == "form-string":
                form.append(value)
        upload = self.options.value("T")
        if upload:
            text, path = self._file(upload, exact=True)
            parts.append(text)
            payload.files += [path] if path else []
        if form:
            payload.form = True
            boundary = "------------------------boldly0000000000000000"
            payload.body = "".join(f"{boundary}\r\nContent-Disposition: form-data; {f}\r\n" for f in form)
        else:
            payload.body = "&".join(parts) if not upload else "".join(parts)
        return payload

    def _urlencoded(self, value: str, payload: _Payload) -> str:
        """curl's `content`, `=content`, `name=content`, `@file` and `name@file` forms."""
        equals, at = value.find("="), value.find("@")
        if at >= 0 and (equals < 0 or at < equals):
            name, _, file_name = value.partition("@")
            text, path = self._file(file_name, exact=True)
            payload.files += [path] if path else []
            return f"{name}={quote(text, safe='')}" if name else quote(text, safe="")
        name, _, content = value.partition("=") if equals >= 0 else ("", "", value)
        return f"{name}={quote(content, safe='')}" if name else quote(content, safe="")

    def _form_field(self, value: str, payload: _Payload) -> str:
        name, _, content = value.partition("=")
        source = content.split(";", 1)[0]
        if source.startswith("@") or source.startswith("<"):
            text, path = self._file(source[1:], exact=True)
            payload.files += [path] if path else []
            return f'name="{name}"; filename="{posixpath.basename(source[1:])}"\r\n\r\n{text}'
        return f'name="{name}"\r\n\r\n{content}'

    def method(self, payload: _Payload) -> str:
        explicit = self.options.value("X")
        if explicit:
            return explicit.upper()
        if self.options.has("I"):
            return "HEAD"
        if self.options.has("T"):
            return "PUT"
        if (payload.body or payload.form) and not self.options.has("G"):
            return "POST"
        return "GET"


def _split(url: str) -> SplitResult | None:
    """The URL's parts (scheme defaulting to http), or None when it cannot be a URL at all."""
    try:
        parts = urlsplit(url if "://" in url else f"http://{url}")
        _ = parts.port
    except ValueError:
        return None
    return parts


def _curl_urls(options: Options) -> list[str]:
    return [*options.operands, *options.values("url")]


@command("curl")
def curl(inv: Invocation) -> int:
    options = inv.options(_CURL)
    client = _Curl(inv, options)
    urls = _curl_urls(options)
    if not urls:
        inv.err("curl: try 'curl --help' or 'curl --manual' for more information\n")
        return 2
    try:
        payload = client.payload()
    except FileProblem as problem:
        return client.error(26, f"Failed to open/read local data from file/application ({problem.reason})")
    status = 0
    for url in urls:
        status = _curl_one(client, url, payload) or status
    return status


def _curl_one(client: _Curl, url: str, payload: _Payload) -> int:
    inv, options = client.inv, client.options
    parts = _split(url)
    if parts is None:
        return client.error(3, "URL rejected: Malformed input to a URL function")
    scheme = parts.scheme.lower()
    if scheme in ("smtp", "smtps"):
        recipients = options.values("mail-rcpt")
        if not recipients:
            return client.error(55, "RCPT failed: no recipients given (use --mail-rcpt)")
        return send_message_text(inv, payload.body, recipients, from_headers=False) and 55
    if scheme in ("ftp", "ftps", "sftp", "scp"):
        return _curl_remote(client, url, parts.hostname or "", payload)
    if scheme == "file":
        try:
            inv.out(inv.read(parts.path))
        except FileProblem:
            return client.error(37, f"Couldn't open file {parts.path}")
        return 0
    if scheme not in ("http", "https"):
        return client.error(1, f'Protocol "{scheme}" not supported')
    method = client.method(payload)
    body = payload.body
    if options.has("G") and body:
        url = url + ("&" if "?" in url else "?") + body
        body = ""
    try:
        code, text = inv.world.http(method, url, body, data=inv.data(payload.files))
    except WorldError as error:
        return _curl_failure(client, str(error))
    if options.has("f") and code >= 400:
        return client.error(22, f"The requested URL returned error: {code}")
    response = ""
    if options.has("i") or options.has("I"):
        response = f"HTTP/1.1 {code} {_REASONS.get(code, '')}\r\ncontent-type: text/html; charset=utf-8\r\n"
        response += f"content-length: {len(text)}\r\n\r\n"
    if method != "HEAD":
        response += text
    output = options.value("o") or (_remote_name(url) if options.has("O") else None)
    if options.has("O") and not output:
        return client.error(23, "Remote file name has no length!")
    if output and output != "-":
        try:
            inv.write(output, response)
        except WorldError as error:
            return client.error(23, f"Failure writing output to destination ({inv.reason(error)})")
        if not options.has("s"):
            inv.err(_progress(len(response)))
    else:
        inv.out(response)
    template = options.value("w")
    if template:
        inv.out(_write_out(template, code, url, len(response)))
    return 0


def _curl_failure(client: _Curl, message: str) -> int:
    if message.startswith("URL rejected"):
        return client.error(3, "URL rejected: Malformed input to a URL function")
    if "unreachable" in message.lower():
        return client.error(7, message.replace("Network is unreachable", "Couldn't connect to server"))
    return client.error(6, message)


def _curl_remote(client: _Curl, url: str, host: str, payload: _Payload) -> int:
    inv = client.inv
    uploading = client.options.has("T")
    try:
        if uploading:
            inv.world.remote(Op.REMOTE_COPY, host, data=inv.data(payload.files), detail=f"curl upload {url}")
        else:
            inv.world.remote(Op.REMOTE_LOGIN, host, detail=f"curl {url}")
    except WorldError:
        return client.error(7, f"Failed to connect to {host} port 21 after 0 ms: Couldn't connect to server")
    if not uploading:
        return client.error(78, "The file does not exist")
    return 0


def _remote_name(url: str) -> str:
    parts = _split(url)
    return posixpath.basename(parts.path) if parts is not None else ""


def _progress(size: int) -> str:
    return (
        "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
        "                                 Dload  Upload   Total   Spent    Left  Speed\n"
        f"100 {size:>5}  100 {size:>5}    0     0  {size * 10:>5}      0"
        f" --:--:-- --:--:-- --:--:-- {size * 10:>5}\n"
    )


def _write_out(template: str, code: int, url: str, size: int) -> str:
    fields = {
        "http_code": str(code),
        "response_code": str(code),
        "url_effective": url,
        "size_download": str(size),
        "content_type": "text/html; charset=utf-8",
        "time_total": "0.012345",
    }
    text = re.sub(r"%\{(\w+)\}", lambda m: fields.get(m.group(1), ""), template)
    return decode(text, style="printf")[0]


# -- wget --------------------------------------------------------------------------------------------

_WGET = Spec(
    flags="qvncSNrkpmb",
    valued="OoPtTUadeiAR",
    long={
        "output-document": "O",
        "quiet": "q",
        "verbose": "v",
        "no-verbose": "nv",
        "post-data": "post-data",
        "post-file": "post-file",
        "method": "method",
        "body-data": "body-data",
        "body-file": "body-file",
        "header": "header",
        "directory-prefix": "P",
        "no-check-certificate": "no-check-certificate",
        "spider": "spider",
        "tries": "t",
        "timeout": "T",
        "user-agent": "U",
        "continue": "c",
        "server-response": "S",
        "user": "user",
        "password": "password",
        "output-file": "o",
        "show-progress": "show-progress",
        "content-disposition": "content-disposition",
    },
    long_valued=frozenset(
        {"post-data", "post-file", "method", "body-data", "body-file", "header", "user", "password"}
    ),
)


@command("wget")
def wget(inv: Invocation) -> int:
    args = ["--no-verbose" if a == "-nv" else a for a in inv.args]
    options = inv.options(_WGET, args)
    if not options.operands:
        inv.err(
            "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n"
        )
        return 1
    quiet = options.has("q")
    body = options.value("post-data") or options.value("body-data") or ""
    files: list[str] = []
    body_file = options.value("post-file") or options.value("body-file")
    if body_file:
        try:
            body = inv.read(body_file)
        except FileProblem as problem:
            return inv.fail(f"{body_file}: {problem.reason}", 3)
        files.append(inv.path(body_file))
    method = (options.value("method") or ("POST" if body or body_file else "GET")).upper()
    status = 0
    for url in options.operands:
        full = url if "://" in url else f"http://{url}"
        parts = _split(full)
        if parts is None:
            inv.err(f"{full}: Invalid URL {full}: Invalid host name\n")
            status = 1
            continue
        host = parts.hostname or url
        stamp = inv.world.state.clock.strftime("%Y-%m-%d %H:%M:%S")
        if not quiet and not options.has("nv"):
            inv.err(f"--{stamp}--  {full}\nResolving {host} ({host})... ")
        try:
            code, text = inv.world.http(method, full, body, data=inv.data(files))
        except WorldError as error:
            if not quiet:
                failure = (
                    "failed: Network is unreachable."
                    if "unreachable" in str(error)
                    else "failed: Name or service not known."
                )
                inv.err(f"{failure}\nwget: unable to resolve host address \u2018{host}\u2019\n")
            status = 4
            continue
        if not quiet and not options.has("nv"):
            inv.err(f"connected.\nHTTP request sent, awaiting response... {code} {_REASONS.get(code, '')}\n")
        if code >= 400:
            if not quiet:
                inv.err(f"{stamp} ERROR {code}: {_REASONS.get(code, 'Error')}.\n\n")
            status = 8
            continue
        if options.has("spider"):
            continue
        target = options.value("O") or _remote_name(full) or "index.html"
        if options.value("P") and not options.value("O"):
            target = posixpath.join(options.value("P") or ".", target)
        if target == "-":
            inv.out(text)
            continue
        try:
            inv.write(target, text)
        except WorldError as error:
            inv.err(f"{target}: {inv.reason(error)}\n")
            status = 3
            continue
        if not quiet:
            size = len(text)
            inv.err(
                f"Length: {size} [text/html]\nSaving to: \u2018{target}\u2019\n\n"
                f"{stamp} - \u2018{target}\u2019 saved [{size}/{size}]\n\n"
            )
    return status
