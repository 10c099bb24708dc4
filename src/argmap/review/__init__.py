"""The review app (`argmap review`): a local web app to accept, reject and correct claims and links.

`create_app(store)` builds the WSGI application (app.py: routing, security headers, CSRF; handlers.py:
the endpoints; views.py: payloads and edits, pure); `serve(db)` runs it on 127.0.0.1 with a small
thread pool (server.py). The app reads and writes only through the store and never runs spaCy.
"""

from .app import ReviewApp, create_app
from .server import ReviewServer, serve

__all__ = ["ReviewApp", "ReviewServer", "create_app", "serve"]
