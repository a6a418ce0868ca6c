"""One router per resource; :data:`ROUTERS` is what :func:`diemtin.web.app.create_app` mounts."""

from __future__ import annotations

from diemtin.web.routes import articles, folder, health, page, stories, summarize

ROUTERS = (health.router, summarize.router, articles.router, stories.router, folder.router,
           page.router)
