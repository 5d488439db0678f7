"""Which push endpoints the server may connect to: a browser's own push service, and nothing else.

A subscription's endpoint is a URL the browser hands over, so it is the user's choice: without these
checks anyone could make the server send requests to an address of theirs (or to the server's own
network). An endpoint must be an https URL on a known push service's host (WEB_PUSH_HOSTS, `*.` for
any subdomain), on the default port, with no user name; when a message is sent the host must still
resolve to public addresses only, and no redirect is followed. The same pattern is the endpoint's
`pattern` in the OpenAPI document.
"""

import ipaddress
import re
import socket
from functools import lru_cache
from urllib.parse import urlsplit

import requests
from flask import current_app

_LABELS = r"(?:[a-z0-9-]+\.)+"


@lru_cache(maxsize=8)
def endpoint_pattern(hosts: tuple[str, ...]) -> str:
    """An ECMA-262 and Python pattern of the whole URL: the host ends where a path, query or fragment starts."""
    names = [_LABELS + re.escape(h[2:]) if h.startswith("*.") else re.escape(h) for h in hosts]
    return rf"^https://(?:{'|'.join(names)})(?::443)?(?:[/?#][!-~]*)?$"


def is_allowed(url: str) -> bool:
    pattern = endpoint_pattern(tuple(current_app.config["WEB_PUSH_HOSTS"]))
    return re.fullmatch(pattern, url) is not None


def resolves_to_public(host: str) -> bool:
    """Every address the host resolves to is a public one: not loopback, private, link-local or reserved."""
    try:
        infos = socket.getaddrinfo(host, 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return False
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    return bool(addresses) and all(_public(address) for address in addresses)


def _public(address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_global


def may_send_to(url: str) -> bool:
    """Checked again at each send: the host list may have changed, and a name may now resolve elsewhere."""
    return is_allowed(url) and resolves_to_public(urlsplit(url).hostname)


class NoRedirectSession(requests.Session):
    """A push service answers a message itself: a redirect is an answer (a failure), never followed."""

    def request(self, method, url, *args, **kwargs):
        kwargs["allow_redirects"] = False
        return super().request(method, url, *args, **kwargs)
