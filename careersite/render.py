"""The Jinja environment of a build: templates compiled and checked, filters, the context every page
receives, and template mistakes reported as diagnostics at their file and line.

Links inside pages are relative to the page (``url('assets/site.css')`` from
``jobs/x/index.html`` is ``../../assets/site.css``); pages.py renders each kind of page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    pass_context,
)
from jinja2.bccache import Bucket
from jinja2.runtime import Context

from careersite import l10n, messages, overrides, structured
from careersite.colors import DARK_BACKGROUND, DEFAULT_ACCENT, lighten_for_contrast
from careersite.dates import State, local_date
from careersite.diagnostics import Diagnostics
from careersite.files import shown_path
from careersite.model import (
    EMPLOYMENT_LABELS,
    Content,
    DateValue,
    Posting,
    Salary,
    Site,
)

REQUIRED_TEMPLATES = (
    "404.html", "_macros.html", "department.html", "index.html", "job.html", "page.html", "redirect.html"
)  # fmt: skip
TEMPLATE_HINT = "docs/templates.md lists the variables and filters each template receives"
_MACROS = "_macros.html"  # its posting_row(posting, state, level) renders each listing row
NESTED_ROOT = "../../"  # from jobs/<slug>/, departments/<slug>/ and pages/<slug>/ back to the site root
_DEFAULT_LOGO_SIZE = (40, 40)


@dataclass(frozen=True)
class NavItem:
    """A free page linked from the header."""

    path: str
    title: str


@dataclass(frozen=True)
class Logo:
    """The organization's logo: a path under the site or an absolute URL, with its intrinsic size."""

    src: str
    width: int
    height: int


@pass_context
def _url(context: Context, path: str) -> str:
    """Return a link from the page being rendered to a path under the site root; absolute URLs pass."""
    if "://" in path or path.startswith("mailto:"):
        return path
    return (context["root"] + path) or "./"


class Renderer:
    """Render every kind of page from the theme in templates_dir."""

    def __init__(
        self,
        templates_dir: Path,
        content: Content,
        today: dt.date,
        include_drafts: bool,
        diags: Diagnostics,
        display_root: Path | None = None,
        bytecode_dir: Path | None = None,
    ) -> None:
        """`bytecode_dir` keeps the compiled templates between builds (the build cache's)."""
        self._templates_dir = templates_dir
        self._site = content.site
        del today  # each posting's State already says what today means for it
        self._diags = diags
        self._display_root = display_root
        self._nav = tuple(
            NavItem(f"pages/{page.slug}/", page.title)
            for page in sorted(content.pages, key=lambda p: (p.order or 0, p.title.casefold(), p.slug))
            if page.order is not None and (include_drafts or not page.draft)
        )
        self._accent = (self._site.accent_color or DEFAULT_ACCENT).lower()
        self._accent_dark = lighten_for_contrast(self._accent, DARK_BACKGROUND)
        self._logo = self._find_logo()
        self.texts = messages.Texts(templates_dir, self._site.language, dict(self._site.strings))
        self._env = Environment(
            loader=FileSystemLoader([str(folder) for folder in overrides.layers(templates_dir)]),
            autoescape=True,
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=_BytecodeCache(bytecode_dir, self.texts.fingerprint) if bytecode_dir else None,
            auto_reload=False,  # a Renderer serves one build: no stat of base.html for each page
            extensions=["jinja2.ext.i18n", messages.FoldedTexts],
        )
        self._env.folded_texts = self.texts  # type: ignore[attr-defined]  # added by FoldedTexts
        self._env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
            self.texts.gettext, self.texts.ngettext, newstyle=True
        )
        self._env.globals["url"] = _url
        self._env.filters.update(
            salary=self._salary,
            salary_compact=self.salary_compact,
            date_text=self._date_text,
            iso_date=self._iso_date,
            employment=self._employment,
            country=self._country,
            location_text=self.location_text,
            search_text=self._search_text,
        )
        self._templates: dict[str, Template] = {}
        self._macros: dict[str, Any] = {}  # _macros.html made into a module, by `root`
        self.ok = True
        self._compile_all()

    @property
    def site(self) -> Site:
        """The site whose pages this renders."""
        return self._site

    def report_to(self, diags: Diagnostics) -> None:
        """Send the diagnostics of the pages rendered from now on to another collector."""
        self._diags = diags

    # -- loading ---------------------------------------------------------------------------------

    def _display(self, name: str) -> str:
        """Return a template's path as the user would type it: "templates/job.html" for the project's
        own (or missing) file, the theme's file for one the project does not override."""
        path = overrides.find(self._templates_dir, name) or self._templates_dir / name
        if not path.is_relative_to(self._templates_dir):
            return shown_path(path).as_posix()  # the theme's
        if self._display_root is not None:
            try:
                return path.resolve().relative_to(self._display_root.resolve()).as_posix()
            except ValueError:
                return path.as_posix()
        return f"{self._templates_dir.name}/{name}"

    def _compile_all(self) -> None:
        """Compile every template up front, so that each syntax error is reported, not only the first."""
        names = sorted(
            name for name in self._env.list_templates(extensions=["html"]) if not name.startswith("assets/")
        )
        for name in names:
            try:
                self._templates[name] = self._env.get_template(name)
            except TemplateSyntaxError as exc:
                self.ok = False
                self._diags.error(self._display(name), exc.lineno, exc.message or str(exc), TEMPLATE_HINT)
            except UnicodeDecodeError as exc:
                self.ok = False
                self._diags.error(self._display(name), 1, f"not UTF-8 text: {exc.reason}", "save it as UTF-8")
        for name in REQUIRED_TEMPLATES:
            if name not in names:
                self.ok = False
                self._diags.error(
                    self._display(name), 1, f"missing template {name}", "copy it from the default theme"
                )

    def _find_logo(self) -> Logo | None:
        """Return the logo and its size, read from the file when it is one of the theme's assets."""
        logo = self._site.organization.logo
        if not logo:
            return None
        if "://" in logo:
            return Logo(logo, *_DEFAULT_LOGO_SIZE)
        path = overrides.find(self._templates_dir, logo.lstrip("/"))
        size = _image_size(path.read_bytes()) if path is not None else None
        return Logo(logo.lstrip("/"), *(size or _DEFAULT_LOGO_SIZE))

    @functools.cached_property
    def logo_image(self) -> bytes | None:
        """The logo's bytes when it is a PNG or JPEG among the theme's assets (what Pillow can draw)."""
        logo = self._site.organization.logo
        if not logo or "://" in logo or not logo.lower().endswith((".png", ".jpg", ".jpeg")):
            return None
        path = overrides.find(self._templates_dir, logo.lstrip("/"))
        return path.read_bytes() if path is not None else None

    # -- rendering -------------------------------------------------------------------------------

    def render(self, name: str, context: dict[str, Any]) -> bytes | None:
        """Render one template; a mistake in it becomes a diagnostic at its line and None."""
        template = self._templates.get(name)
        if template is None:
            return None
        try:
            return template.render(context).encode("utf-8")
        except Exception as exc:  # any mistake in a template must become a diagnostic, never a crash
            self._report(name, exc)
            return None

    def stream(self, name: str, context: dict[str, Any]) -> Iterator[bytes]:
        """Render one template chunk by chunk; a mistake in it becomes a diagnostic and ends it."""
        template = self._templates.get(name)
        if template is None:
            return
        try:
            for chunk in template.generate(context):
                yield chunk.encode("utf-8")
        except Exception as exc:  # any mistake in a template must become a diagnostic, never a crash
            self._report(name, exc)

    def _report(self, name: str, exc: Exception) -> None:
        """Report a runtime template error at the innermost frame that is in a template file."""
        where, line = name, 1
        if isinstance(exc, TemplateSyntaxError) and exc.name:
            where, line = exc.name, exc.lineno
        else:
            roots = [folder.resolve() for folder in overrides.layers(self._templates_dir)]
            traceback = exc.__traceback__
            while traceback is not None:
                filename = Path(traceback.tb_frame.f_code.co_filename).resolve()
                for root in roots:
                    if filename.is_relative_to(root):
                        where, line = filename.relative_to(root).as_posix(), traceback.tb_lineno
                        break
                traceback = traceback.tb_next
        if isinstance(exc, TemplateNotFound):
            message = f"template {exc.name!r} not found"
        elif isinstance(exc, TemplateError):
            message = str(exc)
        else:
            message = f"{type(exc).__name__}: {exc}"
        self._diags.error(self._display(where), line, message, TEMPLATE_HINT)

    def context(self, root: str, title: str, description: str, **extra: Any) -> dict[str, Any]:
        """Return the variables every page template receives, plus the page's own."""
        organization = self._site.organization
        share_image = organization.share_image
        context: dict[str, Any] = {
            "site": self._site,
            "root": root,
            "title": title,
            "og_title": title,
            "description": description,
            "canonical": None,
            "noindex": False,
            "og_type": "website",
            "share_image": structured.absolute_url(share_image, self._site) if share_image else None,
            "share_image_width": None,  # known for a posting's own share image (and its height, its alt)
            "share_image_height": None,
            "share_image_alt": None,
            "jsonld": [],
            "current": None,
            "nav_pages": self._nav,
            "logo": self._logo,
            "accent": self._accent,
            "accent_dark": self._accent_dark,
            "organization_host": urlsplit(organization.url).netloc or organization.url,
        }
        context.update(extra)
        return context

    def row(self, posting: Posting, state: State, root: str, level: int) -> bytes | None:
        """Render the posting's row of a listing page with `posting_row` from _macros.html."""
        template = self._templates.get(_MACROS)
        if template is None:
            return None  # reported when the templates were compiled
        try:
            module = self._macros.get(root)
            if module is None:
                module = self._macros[root] = template.make_module(self.context(root, "", ""))
            macro = getattr(module, "posting_row", None)
            if macro is None:
                self._diags.error(
                    self._display(_MACROS), 1, "no macro posting_row(posting, state, level)",
                    "the listing's rows come from it; copy it from the default theme",
                )  # fmt: skip
                return None
            try:
                return str(macro(posting, state.value, level)).encode("utf-8")
            except Exception:
                self._env.handle_exception()  # re-raises it with the template's own line numbers
                raise
        except Exception as exc:  # any mistake in a template must become a diagnostic, never a crash
            self._report(_MACROS, exc)
            return None

    def assets(self) -> list[tuple[str, bytes]]:
        """Return every file under the theme's assets/ (the project's overriding) as "assets/<relpath>"."""
        return [
            (name, path.read_bytes())
            for name, path in overrides.theme_files(self._templates_dir)
            if name.startswith("assets/")
        ]

    # -- filters ---------------------------------------------------------------------------------

    def _salary(self, salary: Salary) -> str:
        return l10n.format_salary(salary, self._site.language, self._period(salary))

    def salary_compact(self, salary: Salary) -> str:
        """A salary in few characters, in the site's language ("₹35–55 LPA")."""
        return l10n.format_salary_compact(salary, self._site.language, self._period(salary))

    def _period(self, salary: Salary) -> str:
        """The words for a salary's period in the site's language ("a year", "pro Jahr")."""
        return self.texts.gettext(l10n.PERIOD_PHRASES[salary.period])

    def _date_text(self, value: DateValue) -> str:
        return l10n.format_date(local_date(value, self._site.timezone), self._site.language)

    def _iso_date(self, value: DateValue) -> str:
        return local_date(value, self._site.timezone).isoformat()

    def _country(self, code: str) -> str:
        return l10n.babel_locale(self._site.language).territories.get(code, code)

    def location_text(self, posting: Posting) -> str:
        """Return where a posting is, for people: its offices, else where remote applicants may live."""
        if posting.locations:
            return " · ".join(location.label for location in posting.locations)
        if posting.applicant_locations:
            countries = ", ".join(self._country(code) for code in posting.applicant_locations)
            return self.texts.gettext("Remote from %(countries)s") % {"countries": countries}
        return self.texts.gettext("Remote")

    def _employment(self, kinds: Sequence[str]) -> str:
        """Employment type keys as labels ("Full-time, Contract") in the site's language."""
        return ", ".join(self.texts.gettext(EMPLOYMENT_LABELS[kind]) for kind in kinds)

    def _search_text(self, posting: Posting) -> str:
        """Return the lower-case text the listing's search box matches a posting against."""
        words = [
            posting.title,
            posting.department or "",
            self.location_text(posting),
            self.texts.gettext(posting.workplace.label),
        ]
        words.append(self._employment(posting.employment_types))
        return " ".join(words).casefold()


class _BytecodeCache(FileSystemBytecodeCache):
    """Compiled templates, keyed by their source and the site's texts (folded into them when they
    are compiled: messages.FoldedTexts); a cache that cannot be written is only slower."""

    def __init__(self, directory: Path, texts: str) -> None:
        with contextlib.suppress(OSError):
            directory.mkdir(parents=True, exist_ok=True)
        super().__init__(os.fspath(directory))
        self._texts = texts

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self._texts}/{name}", filename)

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


_SVG_SIZE = re.compile(rb"<svg\b[^>]*?\bwidth=\"([\d.]+)(?:px)?\"[^>]*?\bheight=\"([\d.]+)(?:px)?\"", re.S)
_SVG_VIEWBOX = re.compile(rb"<svg\b[^>]*?\bviewBox=\"[\d.\-]+[ ,]+[\d.\-]+[ ,]+([\d.]+)[ ,]+([\d.]+)\"", re.S)


def _image_size(data: bytes) -> tuple[int, int] | None:
    """Return the intrinsic (width, height) of a PNG or SVG, or None when it cannot be read cheaply."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    match = _SVG_SIZE.search(data) or _SVG_VIEWBOX.search(data)
    if match:
        return round(float(match.group(1))), round(float(match.group(2)))
    return None
