"""A rule's documentation as plain text and Markdown, in the order of ruff's rule pages.

One renderer for `redline explain`, SARIF help and the editor hover, so they cannot drift.
"""

from __future__ import annotations

import textwrap

from redline.engine.model import RuleInfo


def rule_help(rule: RuleInfo) -> tuple[str, str]:
    """The rule's docs as plain text and as Markdown, in the order of ruff's rule pages."""
    docs = rule.docs
    sections = [
        ("What it does", (docs.what_it_does or rule.message).strip(), False),
        ("Why is this bad?", docs.why_is_this_bad.strip(), False),
        ("Example", docs.example.rstrip().lstrip("\n"), True),
        ("Use instead", docs.use_instead.rstrip().lstrip("\n"), True),
    ]
    text: list[str] = []
    markdown: list[str] = []
    for title, body, is_code in sections:
        if body:
            text.append(f"{title}\n{textwrap.indent(body, '    ') if is_code else body}")
            markdown.append(f"## {title}\n" + (f"```python\n{body}\n```" if is_code else body))
    links = [(url, url) for url in docs.references]
    if rule.help_uri:
        cwe = f"CWE-{rule.cwe}: {rule.cwe_title}" if rule.cwe_title else f"CWE-{rule.cwe}"
        links.insert(0, (cwe, rule.help_uri))
    if links:
        text.append("References\n" + "\n".join(f"- {_text_link(*link)}" for link in links))
        markdown.append(
            "## References\n" + "\n".join(f"- {_markdown_link(*link)}" for link in links)
        )
    return "\n\n".join(text), "\n\n".join(markdown)


def _text_link(label: str, url: str) -> str:
    return url if label == url else f"{label} <{url}>"


def _markdown_link(label: str, url: str) -> str:
    return url if label == url else f"[{label}]({url})"
