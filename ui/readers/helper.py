"""The card-reader helper process: loads a vendor DLL and answers over a pipe.

Vendor SDKs for ID card readers (``sdtapi.dll``, ``termb.dll``) are often 32-bit only,
and a 64-bit process cannot load a 32-bit DLL. So the DLL lives in this small helper
(in production a separately built 32-bit executable of this module; in development
``python -m ui.readers.helper``) and the app talks to it with
:class:`ui.readers.pipe.PipeReader`. A crash inside the vendor code kills the helper,
never the app.

Protocol, one JSON object per line, UTF-8, on stdin → stdout (stderr is for logs):

* ``{"id": 1, "op": "hello"}`` → ``{"id": 1, "ok": true, "protocol": 1, "backend": "sdtapi"}``
* ``{"id": 2, "op": "read"}`` → ``{"id": 2, "ok": true, "card": {name, sex, nation,
  birth_date, address, number, authority, valid_from, valid_to}}`` or
  ``{"id": 2, "ok": false, "error": {"code": "no_card", "zh": "…", "en": "…"}}``
* ``{"id": 3, "op": "quit"}`` → ``{"id": 3, "ok": true}`` and the helper exits.

Backends: ``simulated`` (the demo cards, passed through the chip byte layout),
``sdtapi`` and ``termb`` (ctypes, Windows only). See docs/peripherals.md.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from ui.readers.base import CardRecord, ReaderError
from ui.readers.card_codec import build_base_message, card_to_json, parse_base_message
from ui.readers.simulated import SimulatedReader

PROTOCOL = 1
SDT_OK, SDT_FOUND = 0x90, 0x9F  # sdtapi return codes: success / card found
Backend = Callable[[], CardRecord]


def _no_card() -> ReaderError:
    return ReaderError("no_card", "未检测到身份证，请放卡", "No card on the reader")


def _device_error(detail: str) -> ReaderError:
    return ReaderError("device_error", f"读卡器故障：{detail}", f"Card reader failure: {detail}")


def simulated_backend(no_card: bool = False) -> Backend:
    reader = SimulatedReader()
    reader.fail_next = no_card

    def read() -> CardRecord:
        if no_card:
            raise _no_card()
        return parse_base_message(build_base_message(reader.read()))

    return read


def _load(dll: str) -> Any:
    loader = getattr(ctypes, "WinDLL", None)  # the vendors' exports are __stdcall
    if loader is None:
        raise _device_error("vendor DLLs only load on Windows")
    try:
        return loader(dll)
    except OSError as exc:
        raise _device_error(f"cannot load {dll}: {exc}") from None


def sdtapi_backend(dll: str = "sdtapi.dll", port: int = 1001) -> Backend:
    """sdtapi: SDT_OpenPort → SDT_StartFindIDCard → SDT_SelectIDCard → SDT_ReadBaseMsg
    (256-byte text block, 1024-byte photo) → SDT_ClosePort. Port 1001–1016 is USB."""
    lib = _load(dll)

    def read() -> CardRecord:
        if lib.SDT_OpenPort(port) != SDT_OK:
            raise _device_error(f"SDT_OpenPort({port})")
        try:
            mana = ctypes.create_string_buffer(8)
            if lib.SDT_StartFindIDCard(port, mana, 0) != SDT_FOUND:
                raise _no_card()
            if lib.SDT_SelectIDCard(port, mana, 0) != SDT_OK:
                raise _no_card()
            text, photo = ctypes.create_string_buffer(256), ctypes.create_string_buffer(1024)
            text_len, photo_len = ctypes.c_uint(0), ctypes.c_uint(0)
            code = lib.SDT_ReadBaseMsg(
                port, text, ctypes.byref(text_len), photo, ctypes.byref(photo_len), 0
            )
            if code != SDT_OK:
                raise _device_error(f"SDT_ReadBaseMsg 0x{code:02x}")
            return parse_base_message(text.raw[: text_len.value or 256])
        finally:
            lib.SDT_ClosePort(port)

    return read


def termb_backend(dll: str = "termb.dll", port: int = 1001) -> Backend:
    """termb: InitComm → Authenticate → Read_Content(1), which writes the 256-byte text
    block to ``wz.txt`` beside the DLL → CloseComm. Each call returns 1 on success."""
    lib = _load(dll)
    text_file = Path(dll).resolve().parent / "wz.txt"

    def read() -> CardRecord:
        if lib.InitComm(port) != 1:
            raise _device_error(f"InitComm({port})")
        try:
            if lib.Authenticate() != 1:
                raise _no_card()
            if lib.Read_Content(1) != 1:
                raise _device_error("Read_Content")
            return parse_base_message(text_file.read_bytes())
        except OSError as exc:
            raise _device_error(str(exc)) from None
        finally:
            lib.CloseComm()

    return read


def _failing(error: ReaderError) -> Backend:
    def read() -> CardRecord:
        raise error

    return read


def answer(request: Any, backend: Backend, name: str) -> dict[str, Any]:
    """The reply to one request; never raises."""
    rid = request.get("id") if isinstance(request, dict) else None
    op = request.get("op") if isinstance(request, dict) else None
    if op == "hello":
        return {"id": rid, "ok": True, "protocol": PROTOCOL, "backend": name}
    if op == "quit":
        return {"id": rid, "ok": True}
    if op != "read":
        bad = {"code": "bad_request", "zh": "读卡程序收到无效请求", "en": "Bad request"}
        return {"id": rid, "ok": False, "error": bad}
    try:
        return {"id": rid, "ok": True, "card": card_to_json(backend())}
    except ReaderError as exc:
        return {"id": rid, "ok": False, "error": {"code": exc.code, "zh": exc.zh, "en": exc.en}}
    except Exception as exc:  # a vendor DLL misbehaving must not end the helper silently
        print(f"reader backend failed: {type(exc).__name__}", file=sys.stderr)
        error = _device_error(type(exc).__name__)
        return {
            "id": rid,
            "ok": False,
            "error": {"code": error.code, "zh": error.zh, "en": error.en},
        }


def serve(backend: Backend, name: str, stdin: IO[str], stdout: IO[str]) -> None:
    for line in stdin:
        try:
            request = json.loads(line)
        except ValueError:
            request = None
        reply = answer(request, backend, name)
        stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
        stdout.flush()
        if isinstance(request, dict) and request.get("op") == "quit":
            return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ID card reader helper (line-JSON on stdio)")
    parser.add_argument("--backend", choices=("simulated", "sdtapi", "termb"), default="simulated")
    parser.add_argument("--dll", help="path of the vendor DLL")
    parser.add_argument("--port", type=int, default=1001, help="reader port (1001 = USB)")
    parser.add_argument("--no-card", action="store_true", help="simulated: no card present")
    args = parser.parse_args(argv)
    sys.stdin.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    try:
        if args.backend == "simulated":
            backend = simulated_backend(args.no_card)
        elif args.backend == "sdtapi":
            backend = sdtapi_backend(args.dll or "sdtapi.dll", args.port)
        else:
            backend = termb_backend(args.dll or "termb.dll", args.port)
    except ReaderError as exc:  # answer every read with why, so the app can say it
        backend = _failing(exc)
    serve(backend, args.backend, sys.stdin, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
