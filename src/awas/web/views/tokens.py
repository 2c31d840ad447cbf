"""API tokens: list, create (the secret is shown once) and revoke. Own tokens; admins see all."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from awas.access.permissions import Principal, can_access, register_object_policy
from awas.errors import NotFoundError
from awas.web.deps import CoreDep, CsrfDep, require
from awas.web.pages import add_page
from awas.web.rendering import render
from awas.web.tokens import TokenInfo, TokenService

router = APIRouter()
TokenId = Annotated[int, Path(ge=1, le=2**31 - 1)]
TokenPrincipal = Annotated[Principal, Depends(require("tokens.own"))]


def _token_policy(principal: Principal, token: TokenInfo) -> bool:
    """Owners manage their own tokens; admins (tokens.all) manage every token."""
    return token.user_id == principal.user.id or principal.can("tokens.all")


register_object_policy("api_token", _token_policy)


class TokenOut(BaseModel):
    id: int
    username: str
    org_id: str
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    active: bool


class TokensPage(BaseModel):
    tokens: list[TokenOut]
    all_users: bool


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=64, pattern=r"^[\w .:@-]+$")
    days: int | None = Field(default=None, ge=1, le=3650)


class TokenCreated(BaseModel):
    token: str = Field(description="the secret: shown once, never again")
    info: TokenOut


def _out(info: TokenInfo) -> TokenOut:
    return TokenOut(
        id=info.id,
        username=info.username,
        org_id=info.org_id,
        name=info.name,
        prefix=info.prefix,
        created_at=info.created_at,
        expires_at=info.expires_at,
        last_used_at=info.last_used_at,
        revoked_at=info.revoked_at,
        active=info.active,
    )


def list_tokens(principal: TokenPrincipal, core: CoreDep) -> TokensPage:
    everyone = principal.can("tokens.all")
    tokens = TokenService(core).list(user_id=None if everyone else principal.user.id)
    return TokensPage(tokens=[_out(t) for t in tokens], all_users=everyone)


def _visible_token(core: CoreDep, principal: Principal, token_id: int) -> TokenInfo:
    """The token if this principal may manage it; NotFoundError otherwise (no hint that it exists)."""
    info = TokenService(core).get(token_id)
    if not can_access(principal, "api_token", info):
        raise NotFoundError(f"unknown token {token_id}")
    return info


@router.post("/api/tokens", tags=["tokens"], status_code=201, dependencies=[CsrfDep])
def create_token_api(body: TokenCreate, principal: TokenPrincipal, core: CoreDep) -> TokenCreated:
    """Create a token acting as the caller. The secret is in this response only."""
    new = TokenService(core).create(
        principal.user.username, body.name, actor=principal.user.username, days=body.days
    )
    return TokenCreated(token=new.secret, info=_out(new.info))


@router.post("/tokens", include_in_schema=False, dependencies=[CsrfDep])
def create_token_form(
    request: Request,
    principal: TokenPrincipal,
    core: CoreDep,
    name: Annotated[str, Form(min_length=1, max_length=64, pattern=r"^[\w .:@-]+$")],
) -> HTMLResponse:
    new = TokenService(core).create(principal.user.username, name, actor=principal.user.username)
    created = TokenCreated(token=new.secret, info=_out(new.info))
    return render(request, "token_created.html", status_code=201, page=created)


@router.post("/api/tokens/{token_id}/revoke", tags=["tokens"], dependencies=[CsrfDep])
def revoke_token_api(token_id: TokenId, principal: TokenPrincipal, core: CoreDep) -> TokenOut:
    _visible_token(core, principal, token_id)
    return _out(TokenService(core).revoke(token_id, actor=principal.user.username))


@router.post("/tokens/{token_id}/revoke", include_in_schema=False, dependencies=[CsrfDep])
def revoke_token_form(token_id: TokenId, principal: TokenPrincipal, core: CoreDep) -> RedirectResponse:
    _visible_token(core, principal, token_id)
    TokenService(core).revoke(token_id, actor=principal.user.username)
    return RedirectResponse("/tokens", status_code=303)


add_page(router, "/tokens", list_tokens, template="tokens.html", permission="tokens.own", tag="tokens")
