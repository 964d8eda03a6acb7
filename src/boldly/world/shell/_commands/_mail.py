"""Mail commands: mail/mailx and mutt send a body from stdin, sendmail reads a whole message; all via
`World.send_mail`. `mail` with no recipient reads the inbox.

The files a body was read from (`mail x@y < report.csv`) go with the message's effect as data.
"""

from __future__ import annotations

import re
from email.utils import getaddresses

from boldly.world._errors import WorldError
from boldly.world._mail import Message
from boldly.world.shell._commands._registry import command
from boldly.world.shell._invocation import Invocation
from boldly.world.shell._options import Options, Spec

_HEADER = re.compile(r"^([A-Za-z][A-Za-z0-9-]*):[ \t]?(.*)$")


def _addresses(values: list[str]) -> list[str]:
    """Recipients as given on a command line or in headers: comma-separated, with display names."""
    return [address for _, address in getaddresses(values) if address]


def _send(
    inv: Invocation,
    to: list[str],
    subject: str,
    body: str,
    *,
    cc: list[str] | None = None,
    bcc: list[str] | None = None,
    attachments: list[str] | None = None,
) -> int:
    try:
        inv.world.send_mail(
            to,
            subject,
            body,
            cc=cc or [],
            bcc=bcc or [],
            attachments=[inv.path(a) for a in attachments or []],
            user=inv.user,
            data=inv.data(),
        )
    except WorldError as error:
        text = str(error)
        if text.endswith("No such file or directory") or text.endswith("Permission denied"):
            return inv.fail(f"{text.rsplit(': ', 1)[0]}: {inv.reason(error)}")
        inv.err(f"send-mail: {text}\nCan't send mail: sendmail process failed with error code 1\n")
        return 1
    return 0


# -- reading the inbox -------------------------------------------------------------------------------


def _header_line(number: int, message: Message, current: bool) -> str:
    sender = message.sender
    match = re.match(r"\s*\"?([^\"<]*?)\"?\s*<", sender)
    name = (match.group(1) if match and match.group(1) else sender)[:18]
    lines = message.body.count("\n") + 8
    flag = " " if message.read else "N"
    stamp = message.date.strftime("%a %b %d %H:%M")
    marker = ">" if current else " "
    size = len(message.body) + 400
    return f"{marker}{flag} {number:>2} {name:<18} {stamp}  {lines}/{size}   {message.subject}\n"


def _print_message(inv: Invocation, number: int, message: Message) -> None:
    opened = inv.world.open_message(message.id)
    lines = [f"Message {number}:", f"From: {opened.sender}", f"To: {', '.join(opened.to)}"]
    if opened.cc:
        lines.append(f"Cc: {', '.join(opened.cc)}")
    lines += [f"Subject: {opened.subject}", f"Date: {opened.date.strftime('%a, %d %b %Y %H:%M:%S %z')}"]
    lines += [f"Attachment: {path}" for path in opened.attachments]
    inv.out("\n".join(lines) + "\n\n" + opened.body + ("" if opened.body.endswith("\n") else "\n") + "\n")


def _inbox(inv: Invocation, headers_only: bool) -> int:
    messages = inv.world.inbox()
    if not messages:
        inv.err(f"No mail for {inv.user}\n")
        return 1
    unread = sum(not m.read for m in messages)
    if not headers_only:
        inv.out("Mail version 8.1.2 01/15/2001.  Type ? for help.\n")
        plural = "s" if len(messages) != 1 else ""
        inv.out(f'"/var/mail/{inv.user}": {len(messages)} message{plural} {unread} new\n')
    first_new = next((i for i, m in enumerate(messages) if not m.read), 0)
    inv.out("".join(_header_line(i + 1, m, i == first_new) for i, m in enumerate(messages)))
    if headers_only:
        return 0
    for line in inv.stdin.read_all().splitlines():
        words = line.split()
        if not words:
            continue
        if words[0] in ("q", "quit", "x", "exit"):
            break
        if words[0] in ("h", "headers"):
            inv.out("".join(_header_line(i + 1, m, False) for i, m in enumerate(messages)))
            continue
        numbers = [w for w in words if w.isdigit()]
        if words[0].isdigit() or words[0] in ("p", "print", "t", "type", "P", "T"):
            for number_text in numbers:
                number = int(number_text)
                if 1 <= number <= len(messages):
                    _print_message(inv, number, messages[number - 1])
                else:
                    inv.out(f"{number}: Invalid message number\n")
            continue
        inv.out(f'Unknown command: "{words[0]}"\n')
    return 0


# -- sending ---------------------------------------------------------------------------------------

_MAILX = Spec(
    flags="nNvEdiIt~HeF",
    valued="scbaArfuSq",
    long={
        "subject": "s",
        "cc": "c",
        "bcc": "b",
        "attach": "A",
        "append": "a",
        "return-address": "r",
        "file": "f",
        "user": "u",
    },
)


@command("mail", "mailx", "Mail", "s-nail", "bsd-mailx")
def mail(inv: Invocation) -> int:
    options = inv.options(_MAILX)
    recipients = _addresses(options.operands)
    if options.has("e"):
        return 0 if inv.world.inbox() else 1
    if not recipients and (options.has("f") or options.has("H") or options.has("u") or not options.items):
        return _inbox(inv, options.has("H"))
    if not recipients:
        inv.err(f"{inv.name}: no recipients specified\n")
        return 1
    attachments = list(options.values("A"))
    for value in options.values("a"):
        if not _HEADER.match(value) or "/" in value.split(":", 1)[0]:
            attachments.append(value)
    body = inv.stdin.read_all()
    if not body:
        inv.err("Null message body; hope that's ok\n")
    return _send_as_options_say(inv, recipients, options, body, attachments)


def _send_as_options_say(
    inv: Invocation, recipients: list[str], options: Options, body: str, attachments: list[str]
) -> int:
    """Send with the subject (-s), copies (-c) and blind copies (-b) that mail, mailx and mutt share."""
    return _send(
        inv,
        recipients,
        options.value("s", "") or "",
        body,
        cc=_addresses(options.values("c")),
        bcc=_addresses(options.values("b")),
        attachments=attachments,
    )


@command("mutt", "neomutt")
def mutt(inv: Invocation) -> int:
    args = list(inv.args)
    attachments: list[str] = []
    rest: list[str] = []
    while args:
        arg = args.pop(0)
        if arg == "-a":
            while args and args[0] != "--":
                attachments.append(args.pop(0))
            if args:
                args.pop(0)
        else:
            rest.append(arg)
    options = inv.options(Spec(flags="nNRyzZ", valued="scbiFeH"), rest)
    recipients = _addresses(options.operands)
    if not recipients:
        inv.err("No recipients were specified.\n")
        return 1
    body = inv.stdin.read_all()
    included = options.value("i")
    if included:
        body = inv.read(included) + body
    return _send_as_options_say(inv, recipients, options, body, attachments)


def parse_message(text: str) -> tuple[dict[str, list[str]], str]:
    """Headers (lower-cased names, values in order) and body of an RFC 822 message; no headers, all body."""
    lines = text.split("\n")
    if not lines or not _HEADER.match(lines[0]):
        return {}, text
    headers: dict[str, list[str]] = {}
    last = ""
    for index, line in enumerate(lines):
        if line.strip() == "":
            return headers, "\n".join(lines[index + 1 :])
        match = _HEADER.match(line)
        if match:
            last = match.group(1).lower()
            headers.setdefault(last, []).append(match.group(2).strip())
        elif line[:1] in (" ", "\t") and last:
            headers[last][-1] += " " + line.strip()
        else:
            return headers, "\n".join(lines[index:])
    return headers, ""


def send_message_text(inv: Invocation, text: str, recipients: list[str], from_headers: bool) -> int:
    """Send a whole message (headers and body) to `recipients`, plus its header recipients if asked."""
    headers, body = parse_message(text)
    to = [*recipients]
    cc: list[str] = []
    bcc: list[str] = []
    if from_headers:
        to += _addresses(headers.get("to", []))
        cc = _addresses(headers.get("cc", []))
        bcc = _addresses(headers.get("bcc", []))
    if not (to or cc or bcc):
        inv.err(f"{inv.name}: No recipient addresses found in header\n")
        return 1
    return _send(inv, to, (headers.get("subject") or [""])[0], body, cc=cc, bcc=bcc)


@command("sendmail", "ssmtp", "msmtp", "exim", "postfix-sendmail", directory="/usr/sbin")
def sendmail(inv: Invocation) -> int:
    args = list(inv.args)
    read_headers = False
    dot_ends = True
    recipients: list[str] = []
    while args:
        arg = args.pop(0)
        if arg == "--":
            recipients.extend(args)
            break
        if arg in ("-t", "--read-envelope-from"):
            read_headers = True
        elif arg in ("-i", "-oi"):
            dot_ends = False
        elif arg in ("-f", "-F", "-r", "-N", "-R", "-V", "-X", "-B", "-a", "--account", "-C") and args:
            args.pop(0)
        elif arg.startswith("-"):
            read_headers = read_headers or arg in ("-ti", "-it")
            dot_ends = dot_ends and arg not in ("-ti", "-it")
            continue
        else:
            recipients.append(arg)
    text = inv.stdin.read_all()
    if dot_ends:
        lines = text.split("\n")
        if "." in lines:
            text = "\n".join(lines[: lines.index(".")]) + "\n"
    return send_message_text(inv, text, _addresses(recipients), from_headers=read_headers)
