"""Google's view of a posting before it is published: what the Rich Results Test would report for
the JobPosting JSON-LD the build emits, in its words, at the front-matter field that fixes it.

The properties and what Google needs of each are structured.JOB_POSTING_PROPERTIES: the table the
generator fills the JSON-LD from, so the two cannot drift (SPEC "Google's view, before publishing").
"""

from __future__ import annotations

from typing import Any, NamedTuple

from careersite import structured
from careersite.diagnostics import Diagnostics
from careersite.model import Posting, Site


class Finding(NamedTuple):
    field: str  # the front-matter field that fixes it ("" for the body or site.yaml)
    message: str  # in the Rich Results Test's words
    fix: str
    required: bool  # a missing required field: Google shows no job card


def findings(data: dict[str, Any], posting: Posting) -> list[Finding]:
    """What the Rich Results Test reports for a posting's JobPosting data."""
    found = []
    for prop in structured.JOB_POSTING_PROPERTIES:
        if prop.need == structured.WHEN_GIVEN or not prop.expected(posting):
            continue
        if data.get(prop.name) in (None, "", []):
            required = prop.need == structured.REQUIRED
            message = f'Missing field "{prop.name}"' + ("" if required else " (optional)")
            found.append(Finding(prop.field, message, prop.fix, required))
    return found


def check_posting(posting: Posting, site: Site, description_html: str, diags: Diagnostics) -> None:
    """Report, as warnings at the fixing field's line, what Google would say of the posting's JSON-LD."""
    data = structured.job_posting(posting, site, description_html)
    for finding in findings(data, posting):
        line = posting.line(finding.field) if finding.field else posting.body_line
        fix = f"{finding.fix} (Google shows no job card without it)" if finding.required else finding.fix
        diags.warning(posting.source, line, finding.message, fix)
