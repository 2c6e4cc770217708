"""Hostile requests over every operation of an OpenAPI document: the sweep both contract tests run
(test_daemon_openapi, test_referential_openapi), each with its own server, credentials and extra bodies."""
import re

# Path parameters a malicious client sends: NUL, traversal, 4 KiB, non-ASCII, negative, SQL.
PARAMETERS = ["%00", "..%2F..%2Fetc%2Fpasswd", "x" * 4096, "%F0%9F%98%80", "-1", "%27%20OR%201%3D1%20--"]
# Bodies any JSON route must refuse with a typed error: empty, truncated, wrong top-level types, not UTF-8, and
# nesting deeper than any parser's stack.
BODIES = [b"", b"{", b"null", b"[]", b"42", b'"x"', b"{}", b"\xff\xfe\xfd", b'{"a":' + b"[" * 100_000]


def sweep(spec, send, bodies, parameters_for=lambda template: PARAMETERS, skip=(), server_error=None):
    """Sends every hostile request of `spec`'s operations through `send(method, path, template, body,
    content_type) -> (status, parsed)`, which checks the answer against the document (an AssertionError when
    the status or body is not declared). Writes (post/put/patch) get each of `bodies`, as JSON and as text/plain.
    Returns the problems: each undeclared answer once, and every answer `server_error(status, parsed)` calls a
    server failure (default: any 5xx)."""
    server_error = server_error or (lambda status, parsed: status >= 500)
    problems, seen = [], set()
    for template, operations in spec["paths"].items():
        if template in skip:
            continue
        for method in operations:
            if method == "parameters":
                continue
            for value in parameters_for(template):
                path = re.sub(r"\{[a-z]+\}", value, template)
                for body in bodies if method in ("post", "put", "patch") else [None]:
                    for content_type in ("application/json", "text/plain") if body is not None else ("application/json",):
                        shown = body[:40] if body else body
                        try:
                            status, parsed = send(method.upper(), path, template, body, content_type)
                        except AssertionError as error:
                            problem = str(error).splitlines()[0]
                            if problem not in seen:
                                seen.add(problem)
                                problems.append(f"{problem} (body {shown!r}, {content_type})")
                            continue
                        if server_error(status, parsed):
                            problems.append(f"{method.upper()} {path[:80]} {shown!r}: {status}")
    return problems
