"""The API documentation works offline: Swagger UI and ReDoc come from Charte itself (the files of the
``fastapi-offline`` package), no request leaves localhost, and no inline script runs (the CSP holds)."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import screenshot


def test_swagger_ui_renders_offline(page: Any) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto("/docs")
    assert "unsafe-inline" not in response.headers["content-security-policy"].split("style-src")[0]
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Charte" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any(p.replace("\u200b", "") == "/v1/check" for p in paths)
    assert requests and all(r.startswith(page.url.split("/docs")[0]) for r in requests)
    assert any(r.endswith("/static/vendor/swagger-ui-bundle.js") for r in requests)
    screenshot(page, "docs.en")
    # The new_page fixture also fails this test if any request was sent beyond localhost or a script was
    # refused by the content security policy.


def test_redoc_renders_offline(new_page: Any) -> None:
    page = new_page()
    page.goto("/redoc")
    page.wait_for_selector("h1")
    assert "Charte" in page.inner_text("h1")
    # ReDoc's footer links its logo from its CDN: the content security policy refuses it, so nothing is
    # requested (the route guard would fail the test otherwise). That refusal is the only one allowed.
    violations = new_page.watch.csp
    assert all("cdn.redoc.ly" in v for v in violations)
    violations.clear()
