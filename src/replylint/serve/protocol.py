"""uvicorn's HTTP/1.1 protocol with a timeout for a request's headers.

uvicorn closes a connection that idles between requests (``timeout_keep_alive``), but waits forever
for a client that opens a connection and sends nothing, or half a request line and some headers:
a few hundred such connections hold the service's sockets. Here a connection that has not sent a
whole request head within ``READ_TIMEOUT`` seconds is closed. (A body that stops half-way is the
app's to time out: ``read_body`` answers 408.)
"""
from __future__ import annotations

from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from .app import READ_TIMEOUT


class TimedH11Protocol(H11Protocol):
    head_timeout = READ_TIMEOUT
    _head_timer: Any = None

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._wait_for_head()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not None and not self.cycle.response_complete:
            self._stop_waiting()  # the head is in: the request is being handled
        else:
            self._wait_for_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)

    def _wait_for_head(self) -> None:
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.head_timeout, self._head_late)

    def _stop_waiting(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_late(self) -> None:
        self._head_timer = None
        if (self.cycle is None or self.cycle.response_complete) and not self.transport.is_closing():
            self.transport.close()
