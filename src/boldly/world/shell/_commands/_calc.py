"""Calculators agents use from the shell: expr, bc (decimal arithmetic, bc's scale rules), factor, numfmt."""

from __future__ import annotations

import math
import re
from decimal import ROUND_DOWN, Context, Decimal, InvalidOperation, localcontext

from boldly.world.shell._commands._grep import translate
from boldly.world.shell._commands._registry import command
from boldly.world.shell._invocation import Invocation
from boldly.world.shell._options import Spec

# -- expr --------------------------------------------------------------------------------------------


class _ExprError(Exception):
    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def _integer(value: str) -> int | None:
    return int(value) if re.fullmatch(r"-?\d+", value) else None


class _Expr:
    """expr's grammar over its arguments, loosest first: `|`, `&`, comparisons, `+ -`, `* / %`, `:`."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.position = 0

    def _take(self, *operators: str) -> str | None:
        if self.position < len(self.words) and self.words[self.position] in operators:
            self.position += 1
            return self.words[self.position - 1]
        return None

    def evaluate(self) -> str:
        value = self._or()
        if self.position < len(self.words):
            raise _ExprError(f"syntax error: unexpected argument '{self.words[self.position]}'")
        return value

    def _or(self) -> str:
        left = self._and()
        while self._take("|"):
            right = self._and()
            left = left if not _null(left) else (right if not _null(right) else "0")
        return left

    def _and(self) -> str:
        left = self._comparison()
        while self._take("&"):
            right = self._comparison()
            left = left if not _null(left) and not _null(right) else "0"
        return left

    def _comparison(self) -> str:
        left = self._sum()
        while operator := self._take("<", "<=", "=", "==", "!=", ">=", ">"):
            right = self._sum()
            a, b = _integer(left), _integer(right)
            order = (a > b) - (a < b) if a is not None and b is not None else (left > right) - (left < right)
            holds = {
                "<": order < 0,
                "<=": order <= 0,
                "=": order == 0,
                "==": order == 0,
                "!=": order != 0,
                ">=": order >= 0,
                ">": order > 0,
            }[operator]
            left = "1" if holds else "0"
        return left

    def _arithmetic(self, operator: str, left: str, right: str) -> str:
        a, b = _integer(left), _integer(right)
        if a is None or b is None:
            raise _ExprError("non-integer argument")
        if operator in "/%" and b == 0:
            raise _ExprError("division by zero")
        if operator == "+":
            return str(a + b)
        if operator == "-":
            return str(a - b)
        if operator == "*":
            return str(a * b)
        quotient = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)
        return str(quotient if operator == "/" else a - b * quotient)

    def _sum(self) -> str:
        left = self._product()
        while operator := self._take("+", "-"):
            left = self._arithmetic(operator, left, self._product())
        return left

    def _product(self) -> str:
        left = self._match()
        while operator := self._take("*", "/", "%"):
            left = self._arithmetic(operator, left, self._match())
        return left

    def _match(self) -> str:
        left = self._primary()
        while self._take(":"):
            left = _expr_match(left, self._primary())
        return left

    def _word(self) -> str:
        if self.position >= len(self.words):
            raise _ExprError(
                "syntax error: missing argument after " + f"'{self.words[-1]}'" if self.words else ""
            )
        self.position += 1
        return self.words[self.position - 1]

    def _primary(self) -> str:
        word = self._word()
        if word == "(":
            value = self._or()
            if not self._take(")"):
                raise _ExprError("syntax error: expecting ')'")
            return value
        if word == "length":
            return str(len(self._primary()))
        if word == "match":
            return _expr_match(self._primary(), self._primary())
        if word == "substr":
            text, start, size = self._primary(), _integer(self._primary()), _integer(self._primary())
            if start is None or size is None or start < 1 or size < 1:
                return ""
            return text[start - 1 : start - 1 + size]
        if word == "index":
            text, characters = self._primary(), self._primary()
            return str(next((i + 1 for i, c in enumerate(text) if c in characters), 0))
        if word == "+":
            return self._word()
        return word


def _null(value: str) -> bool:
    return value == "" or _integer(value) == 0


def _expr_match(text: str, pattern: str) -> str:
    """`STRING : REGEX`: anchored BRE; the first group's text, else the length matched."""
    compiled = re.compile(translate(pattern, extended=False))
    found = compiled.match(text)
    if compiled.groups:
        return found.group(1) or "" if found else ""
    return str(len(found.group(0)) if found else 0)


@command("expr")
def expr(inv: Invocation) -> int:
    if not inv.args:
        return inv.fail("missing operand\nTry 'expr --help' for more information.", 2)
    try:
        value = _Expr(inv.args).evaluate()
    except _ExprError as error:
        return inv.fail(str(error), error.status)
    except re.error:
        return inv.fail("Invalid regular expression", 2)
    inv.out(value + "\n")
    return 1 if _null(value) else 0


# -- bc ----------------------------------------------------------------------------------------------

_BC_TOKEN = re.compile(r"\s*(?:(\d+\.?\d*|\.\d+)|([a-z][a-z0-9_]*)|(==|<=|>=|!=|&&|\|\||[-+*/%^()=<>!;,\n]))")


class _BcError(Exception):
    pass


def _scale_of(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _truncate(number: Decimal, scale: int) -> Decimal:
    return number.quantize(Decimal(1).scaleb(-scale), rounding=ROUND_DOWN)


class _Bc:
    """bc's arithmetic: every result keeps the digits bc's scale rules give it, truncated, never rounded."""

    def __init__(self, scale: int) -> None:
        self.variables: dict[str, Decimal] = {"scale": Decimal(scale)}
        self.tokens: list[str] = []
        self.position = 0

    @property
    def scale(self) -> int:
        return int(self.variables["scale"])

    def run(self, text: str) -> list[str]:
        """Each statement's printed value; raises `_BcError` for bc's runtime errors."""
        self.tokens = [m.group(0).strip() or "\n" for m in _BC_TOKEN.finditer(text)]
        self.position = 0
        printed: list[str] = []
        while self.position < len(self.tokens):
            if self._peek() in (";", "\n"):
                self.position += 1
                continue
            if self._peek() == "quit":
                break
            is_assignment = self._peek(1) == "=" and re.fullmatch(r"[a-z][a-z0-9_]*", self._peek() or "")
            if is_assignment:
                name = self.tokens[self.position]
                self.position += 2
                self.variables[name] = self._comparison()
            else:
                printed.append(_bc_text(self._comparison()))
        return printed

    def _peek(self, ahead: int = 0) -> str | None:
        index = self.position + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def _take(self, *operators: str) -> str | None:
        if self._peek() in operators:
            self.position += 1
            return self.tokens[self.position - 1]
        return None

    def _comparison(self) -> Decimal:
        left = self._sum()
        while operator := self._take("==", "!=", "<", "<=", ">", ">="):
            right = self._sum()
            holds = {
                "==": left == right,
                "!=": left != right,
                "<": left < right,
                "<=": left <= right,
                ">": left > right,
                ">=": left >= right,
            }[operator]
            left = Decimal(int(holds))
        return left

    def _sum(self) -> Decimal:
        left = self._product()
        while operator := self._take("+", "-"):
            right = self._product()
            left = left + right if operator == "+" else left - right
        return left

    def _product(self) -> Decimal:
        left = self._power()
        while operator := self._take("*", "/", "%"):
            right = self._power()
            left = self._multiply(left, right) if operator == "*" else self._divide(operator, left, right)
        return left

    def _multiply(self, left: Decimal, right: Decimal) -> Decimal:
        a, b = _scale_of(left), _scale_of(right)
        return _truncate(left * right, min(a + b, max(self.scale, a, b)))

    def _divide(self, operator: str, left: Decimal, right: Decimal) -> Decimal:
        if right == 0:
            raise _BcError("Divide by zero" if operator == "/" else "Modulo by zero")
        quotient = _truncate(left / right, self.scale)
        if operator == "/":
            return quotient
        remainder = left - quotient * right
        return _truncate(remainder, max(self.scale + _scale_of(right), _scale_of(left)))

    def _power(self) -> Decimal:
        base = self._unary()
        if self._take("^"):
            exponent = self._power()
            if exponent != exponent.to_integral_value():
                raise _BcError("non-zero scale in exponent")
            power = int(exponent)
            if power < 0:
                return _truncate(1 / (base**-power), self.scale) if base else Decimal(0)
            return _truncate(base**power, min(_scale_of(base) * power, max(self.scale, _scale_of(base))))
        return base

    def _unary(self) -> Decimal:
        if self._take("-"):
            return -self._unary()
        if self._take("!"):
            return Decimal(int(self._unary() == 0))
        return self._primary()

    def _primary(self) -> Decimal:
        token = self._peek()
        if token is None:
            raise _BcError("syntax error")
        self.position += 1
        if token == "(":
            value = self._comparison()
            if not self._take(")"):
                raise _BcError("syntax error")
            return value
        if re.fullmatch(r"\d+\.?\d*|\.\d+", token):
            return Decimal(token)
        if token in ("sqrt", "length", "scale") and self._take("("):
            argument = self._comparison()
            if not self._take(")"):
                raise _BcError("syntax error")
            if token == "sqrt":
                if argument < 0:
                    raise _BcError("Square root of a negative number")
                return _truncate(argument.sqrt(), max(self.scale, _scale_of(argument)))
            return Decimal(_scale_of(argument) if token == "scale" else len(argument.as_tuple().digits))
        if re.fullmatch(r"[a-z][a-z0-9_]*", token):
            return self.variables.get(token, Decimal(0))
        raise _BcError("syntax error")


def _bc_text(number: Decimal) -> str:
    """bc's output: no leading zero before the point, lines cut at 70 characters with a backslash."""
    text = format(number, "f")
    if text.startswith("0.") or text.startswith("-0."):
        text = text.replace("0.", ".", 1)
    if text in ("-0", ""):
        text = "0"
    lines = [text[i : i + 69] for i in range(0, len(text), 69)]
    return "\\\n".join(lines)


@command("bc")
def bc(inv: Invocation) -> int:
    options = inv.options(Spec(flags="lqsw", long={"mathlib": "l", "quiet": "q"}))
    texts = []
    for _operand, text in inv.inputs(options.operands):
        if text is None:
            return 1
        texts.append(text)
    if options.operands:
        texts.append(inv.stdin.read_all())
    calculator = _Bc(20 if options.has("l") else 0)
    with localcontext(Context(prec=2000)):
        for number, line in enumerate("".join(texts).splitlines(), 1):
            try:
                printed = calculator.run(line)
            except _BcError as error:
                if str(error) == "syntax error":  # bc notices a statement cut short on the next line
                    at_end = calculator.position >= len(calculator.tokens)
                    inv.err(f"(standard_in) {number + at_end}: syntax error\n")
                else:
                    inv.err(f"Runtime error (func=(main), adr={len(calculator.tokens)}): {error}\n")
                continue
            except InvalidOperation:
                inv.err(f"(standard_in) {number}: syntax error\n")
                continue
            inv.out("".join(value + "\n" for value in printed))
    return 0


# -- factor and numfmt -------------------------------------------------------------------------------


def _prime_factors(number: int) -> list[int]:
    factors: list[int] = []
    divisor = 2
    while divisor * divisor <= number:
        while number % divisor == 0:
            factors.append(divisor)
            number //= divisor
        divisor += 1 if divisor == 2 else 2
    if number > 1:
        factors.append(number)
    return factors


@command("factor")
def factor(inv: Invocation) -> int:
    words = inv.args or inv.stdin.read_all().split()
    status = 0
    for word in words:
        if not word.isdigit() or len(word) > 18:
            inv.fail(f"'{word}' is not a valid positive integer")
            status = 1
            continue
        inv.out(f"{int(word)}:" + "".join(f" {p}" for p in _prime_factors(int(word))) + "\n")
    return status


_UNITS = "KMGTPEZY"


@command("numfmt")
def numfmt(inv: Invocation) -> int:
    options = inv.options(
        Spec(
            long={"to": "to", "from": "from", "suffix": "suffix"},
            long_valued=frozenset({"to", "from", "suffix"}),
        )
    )
    words = options.operands or inv.stdin.read_all().split()
    status = 0
    for word in words:
        try:
            value = _from_units(word, options.value("from"))
        except ValueError:
            inv.fail(f"invalid number: '{word}'", 2)
            status = 2
            continue
        inv.out(_to_units(value, options.value("to")) + (options.value("suffix") or "") + "\n")
    return status


def _from_units(word: str, style: str | None) -> float:
    match = re.fullmatch(r"(-?\d+(?:\.\d+)?)([KMGTPEZY]?)(i?)", word)
    if match is None or (match.group(2) and style not in ("si", "iec", "iec-i", "auto")):
        raise ValueError(word)
    base = 1024 if style in ("iec", "iec-i") or match.group(3) else 1000
    power = _UNITS.index(match.group(2)) + 1 if match.group(2) else 0
    return float(match.group(1)) * base**power


def _to_units(value: float, style: str | None) -> str:
    """numfmt's rounding (away from zero) and precision (one decimal below 10)."""
    if style not in ("si", "iec", "iec-i"):
        return str(math.ceil(value)) if value == int(value) or value > 0 else str(math.floor(value))
    base = 1000 if style == "si" else 1024
    power = 0
    while abs(value) >= base and power < len(_UNITS):
        value /= base
        power += 1
    if power == 0:
        return str(math.ceil(value))
    scaled = math.ceil(value * 10) / 10 if abs(value) < 10 else math.ceil(value)
    if scaled >= base:
        scaled, power = scaled / base, power + 1
    suffix = _UNITS[power - 1] + ("i" if style == "iec-i" else "")
    shown = f"{scaled:.1f}" if abs(value) < 10 else str(int(scaled))
    return shown + suffix
