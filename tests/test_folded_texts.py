"""Texts folded into templates when they compile are the bytes the i18n extension would render.

messages.FoldedTexts translates `{{ _("literal") }}` once per compile instead of on every page;
these tests hold it to a stock i18n environment with the same Texts, on the cases where folding
could differ: markup in a translation, `%` signs, whitespace control, texts with variables.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from careersite import messages
from careersite.render import _BytecodeCache
from tests.conftest import REPO

TEMPLATES = REPO / "templates"
CASES = {
    "plain": '<a>{{ _("Copy link") }}</a>',
    "gettext": '{{ gettext("Open roles") }}|{{ _("Open roles") }}',
    "markup": '<b>{{ _("Tom & Jerry <3") }}</b>',
    "percent": '{{ _("100%% remote") }}',
    "stray percent": '{{ _("50% off") }}',
    "variables": '{{ _("Remote from %(countries)s", countries="India & <b>") }}',
    "whitespace": '<p>\n  {{- _("Posted") -}}\n</p>',
    "plural": '{{ ngettext("%(num)d open role", "%(num)d open roles", 3) }}',
    "computed": '{% set word = "Salary" %}{{ _(word) }}',
    "filtered": '{{ _("Salary") | upper }}',
    "block": "{% trans %}Apply by{% endtrans %}",
}


def environment(texts: messages.Texts, *, folded: bool, bytecode_dir: Path | None = None) -> Environment:
    env = Environment(
        loader=DictLoader(CASES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n", messages.FoldedTexts] if folded else ["jinja2.ext.i18n"],
        bytecode_cache=_BytecodeCache(bytecode_dir, texts.fingerprint) if bytecode_dir else None,
    )
    if folded:
        env.folded_texts = texts  # type: ignore[attr-defined]
    env.install_gettext_callables(texts.gettext, texts.ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env


STRINGS = {"Copy link": "Link & <copy>", "Posted": "50 %", "Open roles": "Jobs"}


@pytest.mark.parametrize("language", ["en", "de", "hi"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_folded_template_renders_what_the_i18n_extension_renders(language: str, name: str) -> None:
    texts = messages.Texts(TEMPLATES, language, STRINGS)
    stock = environment(texts, folded=False).get_template(name)
    folded = environment(texts, folded=True).get_template(name)
    try:
        expected = stock.render()
    except (TypeError, ValueError) as error:  # the stray "%": the same error, at render time
        with pytest.raises(type(error)):
            folded.render()
        return
    assert folded.render() == expected


def test_a_literal_text_is_compiled_in_and_others_stay_calls() -> None:
    texts = messages.Texts(TEMPLATES, "de", {})
    env = environment(texts, folded=True)
    plain = env.compile(env.loader.get_source(env, "plain")[0], raw=True)
    assert "Link kopieren" in plain and "Copy link" not in plain
    with_variables = env.compile(env.loader.get_source(env, "variables")[0], raw=True)
    assert "'Remote from %(countries)s'" in with_variables  # looked up on each render


def test_the_bytecode_cache_keeps_each_sites_texts_apart(tmp_path: Path) -> None:
    def copy_link(text: str) -> str:
        texts = messages.Texts(TEMPLATES, "en", {"Copy link": text})
        return environment(texts, folded=True, bytecode_dir=tmp_path).get_template("plain").render()

    assert copy_link("Share") == "<a>Share</a>"
    assert list(tmp_path.iterdir()), "the compiled template was cached"
    assert copy_link("Copy") == "<a>Copy</a>"
    assert copy_link("Share") == "<a>Share</a>"
