"""Structured API errors: one exception type and the handlers that turn errors into `ErrorBody`.

Every refusal carries a machine code plus a Chinese and an English message, so a clerk sees
a readable reason and the client can branch on the code.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from client.wire import ErrorBody


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        zh: str,
        en: str,
        detail: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.zh = zh
        self.en = en
        self.detail = detail
        self.headers = headers


def error_response(
    status: int,
    code: str,
    zh: str,
    en: str,
    detail: Any = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorBody(error=code, message=zh, message_en=en, detail=detail)
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def forbidden(zh: str = "无权执行此操作", en: str = "not allowed") -> ApiError:
    return ApiError(403, "forbidden", zh, en)


def wrong_office() -> ApiError:
    return ApiError(403, "wrong_office", "不能访问其他窗口单位的办件", "record of another office")


def not_found(what: str = "record") -> ApiError:
    return ApiError(404, "not_found", "未找到对应数据", f"{what} not found")


_STATUS_TEXT = {
    400: ("请求格式错误", "bad request"),
    401: ("未登录或登录已失效", "not authenticated"),
    403: ("无权执行此操作", "forbidden"),
    404: ("未找到", "not found"),
    405: ("不支持的请求方法", "method not allowed"),
    413: ("请求内容过大", "request too large"),
    415: ("不支持的内容类型", "unsupported media type"),
}


def install(app: FastAPI) -> None:
    """Register the handlers that shape every error as `ErrorBody`."""

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.zh, exc.en, exc.detail, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        fields = [
            {
                "field": ".".join(str(p) for p in err.get("loc", ())),
                "code": err.get("type", "invalid"),
                "message": err.get("msg", ""),
            }
            for err in exc.errors()
        ]
        return error_response(
            422, "validation_failed", "提交的数据不符合要求", "request validation failed", fields
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        zh, en = _STATUS_TEXT.get(exc.status_code, ("请求失败", "request failed"))
        headers = dict(exc.headers) if exc.headers else None
        return error_response(exc.status_code, f"http_{exc.status_code}", zh, en, None, headers)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        return error_response(500, "server_error", "平台内部错误", "internal server error")
