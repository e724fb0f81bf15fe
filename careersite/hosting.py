"""Files that static hosts read: `_headers` (Netlify, Cloudflare Pages), with the cache headers of
assets/ and the security headers of every page (docs/deploy.md)."""

from __future__ import annotations

# Assets keep their names across builds (no content hash in them), so a day: a new stylesheet
# reaches every reader by the next day, and a day of visits is served from their cache.
ASSET_CACHE = "public, max-age=86400, stale-while-revalidate=604800"


def headers_file(base_path: str) -> bytes:
    """`_headers`: rules by URL path (`base_path`: base_url's path, "/" or "/careers/"). Pages keep
    the host's own caching, which revalidates HTML: they change with the daily build."""
    rules = {
        f"{base_path}assets/*": {"Cache-Control": ASSET_CACHE},
        f"{base_path}*": {
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin",
        },
    }
    lines = []
    for path, headers in rules.items():
        lines.append(path)
        lines += [f"  {name}: {value}" for name, value in headers.items()]
    return ("\n".join(lines) + "\n").encode()
