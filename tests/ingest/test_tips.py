"""Public tips: the service and the FastAPI router (TestClient), attachments and sealed contacts."""

from __future__ import annotations

import io
import zipfile

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from awas.app import App
from awas.errors import InputError
from awas.ingest.attachments import AttachmentStore
from awas.ingest.tables import tips
from awas.ingest.tips import TipService, TipSubmission, Upload
from awas.ingest.tips_api import router
from awas.store.tables import posts


@pytest.fixture
def client(app: App) -> TestClient:
    web = FastAPI()
    web.state.awas = app
    web.include_router(router, prefix="/api")
    return TestClient(web)


def test_a_tip_with_links_attachment_and_contact(client: TestClient, app: App) -> None:
    photo = b"\xff\xd8\xff\xe0" + b"foto amplop" * 100
    response = client.post(
        "/api/tips",
        data={
            "text": "Ada bagi-bagi amplop di Desa Pematang Pulai untuk nomor 2",
            "links": "https://s.id/bukti?utm_source=wa",
            "contact": "0812-0000-9999",
            "region": "15.05",
        },
        files=[("files", ("amplop.jpg", photo, "image/jpeg"))],
    )
    assert response.status_code == 201, response.text
    receipt = response.json()
    import hashlib

    sha = hashlib.sha256(photo).hexdigest()
    assert receipt["attachments"][0]["sha256"] == sha
    assert AttachmentStore(app.db, app.settings.resolved_data_dir).path_of(sha).read_bytes() == photo
    with app.db.read() as conn:
        tip = conn.execute(sa.select(tips)).one()
        post = conn.execute(sa.select(posts).where(posts.c.platform == "tip")).one()
    assert "0812" not in tip.contact_sealed and app.sealer.open(tip.contact_sealed) == "0812-0000-9999"
    assert (
        post.post_id == receipt["id"] and post.urls == ["https://s.id/bukti"] and post.region_code == "15.05"
    )
    assert post.author_id.startswith("pelapor-") and "0812" not in post.author_id
    assert post.media[0]["sha256"] == sha


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "x", "links": "javascript:alert(1)"}, "links"),
        ({"text": "x", "region": "99.99"}, "region"),
        ({"text": "x" * 20_001}, "text"),
    ],
)
def test_refused_tips_name_the_field_and_store_nothing(
    client: TestClient, app: App, data: dict[str, str], field: str
) -> None:
    response = client.post("/api/tips", data=data)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field
    with app.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(tips)).scalar_one() == 0


def test_a_zip_bomb_attachment_is_refused(client: TestClient) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("isi.txt", b"0" * (250 * 1024 * 1024))
    response = client.post(
        "/api/tips",
        data={"text": "bukti"},
        files=[("files", ("bukti.zip", buffer.getvalue(), "application/zip"))],
    )
    assert response.status_code == 422 and "zip" in response.json()["detail"][0]["reason"]


def test_an_oversized_attachment_is_refused(app: App) -> None:
    service = TipService(app)
    service.store.max_bytes = 1024
    with pytest.raises(InputError, match="lebih dari"):
        service.submit(
            TipSubmission("bukti", uploads=[Upload("video.mp4", "video/mp4", io.BytesIO(b"v" * 5000))])
        )
    assert not list((app.settings.resolved_data_dir / "attachments").glob("*/*"))


def test_the_same_reporter_is_recognisable_without_revealing_who(app: App) -> None:
    service = TipService(app)
    one = service.submit(TipSubmission("laporan satu", contact="ani@example.org"))
    two = service.submit(TipSubmission("laporan dua", contact="ANI@example.org "))
    with app.db.read() as conn:
        authors = dict(
            conn.execute(sa.select(posts.c.post_id, posts.c.author_id).where(posts.c.platform == "tip")).all()
        )
    assert authors[one.id] == authors[two.id] and "ani" not in authors[one.id]
