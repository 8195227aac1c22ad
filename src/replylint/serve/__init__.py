"""`replylint serve`: the pre-send HTTP service for chat tools, and the page an operator types into.

Imported only by the ``serve`` command (and tests): ``replylint check`` never loads Starlette or
uvicorn. :func:`replylint.serve.app.create_app` builds the ASGI app around one warm
:class:`replylint.engine.Linter`.
"""
