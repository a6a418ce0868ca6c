"""The HTTP API and the editors' web page (``diemtin serve``; needs the ``[web]`` extra).

:func:`diemtin.web.app.create_app` builds the FastAPI app from a
:class:`~diemtin.web.settings.Settings`; the routers live in :mod:`diemtin.web.routes`; the
page in ``static/`` uses only the JSON endpoints the API documents at ``/docs``.
"""
