"""Bad input, reusable by every part: post random, oversized, malformed and hostile values
into a form and require a form error or a refusal — never a 500, never markup echoed
unescaped.

    from tests.badinput import assert_survives_bad_input
    assert_survives_bad_input(client, url, ["title", "body"], extra={"kind": "a"})
    assert_survives_bad_input(client, url, ["q", "page"], method="get")
    assert_survives_bad_input(client, url, [], file_fields=["file"], extra={...})

Each call first sends every value of HOSTILE in every field (deterministic), then
`max_examples` hypothesis-generated combinations, some as raw bodies with invalid UTF-8.
"""

from urllib.parse import quote_from_bytes

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from .profiles import examples

SCRIPT = "<script>alert('xss')</script>"
HOSTILE = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "'; DROP TABLE auth_user; --",
    "1 OR 1=1",
    "' UNION SELECT password FROM auth_user --",
    "{{ 7*7 }}{% debug %}",
    "%s%s%s%n",
    "😀🇨🇳👨‍👩‍👧‍👦",
    "\u202eevil\u200b\ufeff",
    "\x00nul",
    "\r\nSet-Cookie: x=1",
    "../../../../etc/passwd",
    "A" * 100_000,
    "中" * 5_000,
    "-1",
    "-99999999999999999999",
    "99999999999999999999999999999999",
    "1e308",
    "NaN",
    "0x1F",
    "2026-02-30",
    "9999-99-99",
    "0000-00-00",
    "1900-01-01T25:61",
    "",
    " ",
    "[]",
    '{"a": 1}',
]
# markers of markup that got through unescaped (base.html itself only has <script src=…>)
UNESCAPED = ("<script>", "<img src=x")

_values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(str),
    st.builds(lambda a, b: a + SCRIPT + b, st.text(max_size=20), st.text(max_size=20)),
)
_raw_bytes = st.binary(min_size=1, max_size=200).map(lambda b: b + b"\xff\xfe\xc3\x28")
_file_names = st.one_of(
    st.sampled_from(["a.xlsx", "a.pdf", "a.exe", "a.xlsx.exe", "../../x.xlsx", SCRIPT + ".xlsx"]),
    st.text(min_size=1, max_size=60).map(lambda t: t.replace("/", "_") + ".xlsx"),
)
_file_contents = st.one_of(
    st.binary(max_size=2000),
    st.just(b"PK\x03\x04" + b"\x00" * 100),  # a zip header and nothing else
    st.just(b"%PDF-1.4\n" + b"x" * 100),
    st.just(b"<html><script>alert(1)</script></html>"),
    st.just(b"MZ" + b"\x90" * 200),  # a Windows executable
)


def assert_safe(response):
    """No server error; no hostile markup echoed back unescaped."""
    assert response.status_code < 500, response.status_code
    content_type = response.get("Content-Type", "")
    if "html" in content_type or "json" in content_type or "text" in content_type:
        body = response.content.decode("utf-8", errors="replace").lower()
        for marker in UNESCAPED:
            assert marker not in body, f"unescaped {marker!r} in the response"


def follow_redirect(client):
    """An `after` check: the page a redirect leads to (with its messages) must be safe too."""

    def after(response):
        if response.status_code == 302 and response["Location"].startswith("/"):
            assert_safe(client.get(response["Location"]))

    return after


def then(*checks):
    """Several `after` checks in turn."""

    def after(response):
        for check in checks:
            check(response)

    return after


def pages_are_safe(client, *urls):
    """Pages that show what was stored render (200) and echo nothing unescaped."""
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_safe(response)


def _send(client, url, method, data, files=None):
    if method == "get":
        return client.get(url, data)
    payload = dict(data)
    for name, upload in (files or {}).items():
        payload[name] = upload
    return client.post(url, payload)


def _send_raw(client, url, method, fields, raw, extra):
    """A body (or query string) with bytes that are not UTF-8, and a bogus charset."""
    parts = [f"{k}={quote_from_bytes(str(v).encode())}" for k, v in (extra or {}).items()]
    parts += [f"{name}={quote_from_bytes(raw)}" for name in fields]
    encoded = "&".join(parts)
    if method == "get":
        return client.get(f"{url}?{encoded}")
    return client.generic(
        "POST",
        url,
        encoded.encode("ascii"),
        content_type="application/x-www-form-urlencoded; charset=no-such-charset",
    )


def assert_survives_bad_input(
    client,
    url,
    fields,
    *,
    method="post",
    extra=None,
    file_fields=(),
    max_examples=25,
    after=None,
):
    """Post hostile values into `fields` of the form at `url` (see module docstring).

    extra: fixed values sent along (e.g. a valid token or required choice);
    file_fields: names of file inputs, filled with hostile names and contents;
    after: optional callable(response) for the caller's own check after each request.
    """
    method = method.lower()
    extra = dict(extra or {})

    def check(response):
        assert_safe(response)
        if after is not None:
            after(response)

    for value in HOSTILE:
        check(_send(client, url, method, {**extra, **dict.fromkeys(fields, value)}))

    # the loaded profile (tests/profiles.py) decides randomness, deadline and database
    @settings(max_examples=examples(max_examples))
    @given(
        values=st.fixed_dictionaries(dict.fromkeys(fields, _values)),
        raw=st.one_of(st.none(), _raw_bytes),
        uploads=st.fixed_dictionaries(
            {name: st.tuples(_file_names, _file_contents) for name in file_fields}
        ),
    )
    def run(values, raw, uploads):
        if raw is not None and fields:
            check(_send_raw(client, url, method, fields, raw, extra))
            return
        files = {
            name: SimpleUploadedFile(filename[:200], content)
            for name, (filename, content) in uploads.items()
        }
        check(_send(client, url, method, {**extra, **values}, files))

    run()
