"""The web as the world sees it: scenario sites answer, other hosts do not resolve; all requests recorded."""

from __future__ import annotations

from pydantic import BaseModel

from boldly.world._forking import forked


class Request(BaseModel):
    seq: int
    method: str
    url: str
    host: str
    body_size: int
    status: int


class Web(BaseModel):
    requests: list[Request] = []

    def fork(self) -> Web:
        return forked(self, requests=list(self.requests))
