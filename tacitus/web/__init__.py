"""The web app and HTTP API over the event database (`tacitus serve`).

    >>> from tacitus.web import create_app
    >>> app = create_app("tacitus.db")          # an ASGI app; uvicorn serves it

FastAPI, uvicorn and Jinja2 are the optional extra `tacitus[web]`; importing this package
without them raises `MissingExtra`, whose message says how to install them.
"""
from __future__ import annotations

from ..errors import TacitusError

EXTRA = "web"
NEEDS = ("fastapi", "uvicorn", "jinja2", "multipart")


class MissingExtra(TacitusError):
    """The web app's dependencies are not installed."""


def require_extra() -> None:
    """Raise `MissingExtra`, naming the extra, when a web dependency is missing."""
    import importlib.util
    missing = [name for name in NEEDS if importlib.util.find_spec(name) is None]
    if missing:
        raise MissingExtra(
            f"the web app needs the optional extra 'tacitus[{EXTRA}]' (missing: "
            f"{', '.join(missing)}); install it with: pip install 'tacitus[{EXTRA}]' "
            f"(or, in a clone, pip install -e '.[{EXTRA}]')")


def create_app(db, token: str | None = None):
    """The ASGI app over the database file `db` (see `tacitus.web.app.create_app`)."""
    require_extra()
    from .app import create_app as _create
    return _create(db, token=token)


__all__ = ["create_app", "require_extra", "MissingExtra"]
