"""Turn an abstract's LaTeX fragments into Markdown, and find its code links.

Only markup is rewritten: `\\textcolor{c}{x}` and friends become x, `\\texttt{x}` code,
`\\url{u}` and bare URLs links, `~` between words a space. Math (`$x^2$`, see
catalog/tex.py) is kept exactly as written, for render to turn into MathML; so are TeX's
text escapes (`\\%`, `\\&`), which render shows as the characters.
"""

from __future__ import annotations

import re

from ..tex import math_spans

TEXT_MACROS = {"textbf", "textit", "textsc", "textrm", "textsf", "textup", "textmd", "emph", "underline", "mbox", "text"}
ONE_ARG_DROP_FIRST = {"textcolor": 2, "colorbox": 2, "href": 2}  # macros with two arguments
URL = re.compile(r"https?://[^\s<>\"'`{}]+", re.IGNORECASE)
TRAILING_PUNCT = ".,;:!?'\""
CODE_HOSTS = re.compile(r"^https?://(www\.)?(github\.com|gitlab\.com|bitbucket\.org|huggingface\.co|codeberg\.org)/[^/\s]+/[^/\s]+", re.IGNORECASE)
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")
TEXT_ONLY_MATH = re.compile(r"\$\s*(\\(?:" + "|".join(sorted(TEXT_MACROS | {"texttt"})) + r")\{[^{}$]*\})\s*\$")


def clean_abstract(text: str) -> tuple[str, list[str]]:
    """(Markdown text, code URLs found) for one raw abstract."""
    if "$" in text:
        text = TEXT_ONLY_MATH.sub(r"\1", text)
    pieces = list(_pieces(text))
    markdown = "".join(_render(kind, value) for kind, value in pieces)
    code = []
    for kind, value in pieces:
        if kind == "url" and CODE_HOSTS.match(value):
            link = _code_link(value)
            if link not in code:
                code.append(link)
    return SPACE_RUN.sub(" ", markdown).strip(), code


SPACE_RUN = re.compile(r"[ \t]{2,}|\t")  # as [ \t]+ -> " ", without rewriting every single space


def _pieces(text: str):
    """_tokens for the text between formulas; each formula is one ("math", TeX) piece."""
    if "$" not in text and "\\(" not in text:  # most abstracts: no math to look for
        yield from _tokens(text)
        return
    position = 0
    for match in math_spans(text):
        yield from _tokens(text[position:match.start()])
        yield "math", match.group(0)
        position = match.end()
    yield from _tokens(text[position:])


INTERESTING = re.compile(r"\\[A-Za-z]+\s*\{|(?<![A-Za-z0-9])https?://", re.IGNORECASE)


def _tokens(text: str):
    """Yield ("text" | "code" | "url" | "href", value) pieces; markup is consumed here."""
    position, plain_from = 0, 0
    while (found := INTERESTING.search(text, position)) is not None:
        position = found.start()
        if text[position] == "\\":
            macro = re.match(r"\\([A-Za-z]+)\s*(?=\{)", text[position:])
            name = macro.group(1)
            args, end = _arguments(text, position + macro.end(), ONE_ARG_DROP_FIRST.get(name, 1))
            if args is not None and (name in TEXT_MACROS or name in ONE_ARG_DROP_FIRST or name in ("texttt", "url")):
                yield "text", text[plain_from:position]
                yield from _macro(name, args)
                position = plain_from = end
                continue
        else:
            url = URL.match(text, position)
            value, tail = _trim_url(url.group(0))
            yield "text", text[plain_from:position]
            yield "url", value
            position = plain_from = url.end() - len(tail)
            continue
        position += 1
    yield "text", text[plain_from:]


def _macro(name: str, args: list[str]):
    if name == "url":
        yield "url", args[0].strip()
    elif name == "href":
        yield "href", (args[0].strip(), args[1])
    elif name == "texttt":
        yield "code", args[0]
    elif name in ONE_ARG_DROP_FIRST:  # \textcolor{c}{x}: keep x, which may hold markup itself
        yield from _tokens(args[-1])
    else:
        yield from _tokens(args[0])


def _arguments(text: str, position: int, count: int) -> tuple[list[str] | None, int]:
    """Parse `count` balanced {…} groups starting at `position`."""
    args = []
    for _ in range(count):
        while position < len(text) and text[position] == " ":
            position += 1
        if position >= len(text) or text[position] != "{":
            return None, position
        depth, start = 0, position
        while position < len(text):
            if text[position] == "{":
                depth += 1
            elif text[position] == "}":
                depth -= 1
                if depth == 0:
                    break
            position += 1
        if depth != 0:
            return None, start
        args.append(text[start + 1:position])
        position += 1
    return args, position


def _trim_url(url: str) -> tuple[str, str]:
    """Split trailing sentence punctuation (and an unbalanced ')') off a bare URL."""
    end = len(url)
    while end and (url[end - 1] in TRAILING_PUNCT or (url[end - 1] == ")" and url[:end].count("(") < url[:end].count(")"))):
        end -= 1
    return url[:end], url[end:]


def _render(kind: str, value) -> str:
    if kind == "text":
        return _escape_markdown(_tie_to_space(value))
    if kind == "math":
        return value
    if kind == "code":
        fence = "``" if "`" in value else "`"
        return f"{fence}{value}{fence}"
    if kind == "url":
        return f"<{value}>"
    url, label = value
    return f"[{_escape_markdown(label)}]({url})"


def _tie_to_space(text: str) -> str:
    # "released at~\url{…}": a tie between words is a space; "a ~3B model" keeps its "~".
    return TIE.sub(" ", text) if "~" in text else text


TIE = re.compile(r"(?<=\S)~")


def _escape_markdown(text: str) -> str:
    """Characters Markdown would read as markup; a backslash stays (TeX escapes like \\%)."""
    return MARKDOWN_SPECIAL.sub(lambda m: m.group(1) if m.group(1) == "\\" else "\\" + m.group(1), text)


def _code_link(url: str) -> str:
    match = CODE_HOSTS.match(url)
    link = match.group(0) if match else url
    return link.removesuffix(".git")


def plain_text(markdown: str) -> str:
    """The abstract as plain text: Markdown escapes, code ticks and autolink brackets removed."""
    text = markdown
    for marker, pattern, replacement in PLAIN:
        if marker in text:  # most abstracts hold none of these: skip the scan
            text = pattern.sub(replacement, text)
    return text


PLAIN = [
    ("<", re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    ("[", re.compile(r"\[([^\]]*)\]\((https?://[^)\s]+)\)"), r"\1 (\2)"),
    ("`", re.compile(r"`+([^`]*)`+"), r"\1"),
    ("\\", re.compile(r"\\([\\`*_\[\]{}()#+\-.!<>&%$])"), r"\1"),
]
