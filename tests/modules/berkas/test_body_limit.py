"""A body too large is refused with 413 before anything reads it: nothing reaches /tmp."""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django_tenants.utils import tenant_context

from modules.layanan.models import ServiceRequest
from tests.conftest import host_of
from tests.processes import ROOT, free_port, process_env, stop

FORM_URL = "/layanan/surat-keterangan-domisili/ajukan/"
API_URL = "/api/layanan/surat-keterangan-domisili/permohonan/"
SIX_HUNDRED_MB = str(600 * 2**20)


def test_a_600_mb_form_post_is_refused_with_a_page_before_it_is_read(village_a, client_a):
    response = client_a.post(
        FORM_URL,
        data=b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=SIX_HUNDRED_MB,
    )

    assert response.status_code == 413
    assert "Kiriman ini lebih dari 50 MB." in response.content.decode()
    with tenant_context(village_a.tenant):
        assert ServiceRequest.objects.count() == 0


def test_a_600_mb_api_post_is_refused_with_json(client_a):
    response = client_a.post(
        API_URL,
        data=b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=SIX_HUNDRED_MB,
    )

    assert response.status_code == 413
    assert response.json() == {
        "detail": "Kiriman ini lebih dari 50 MB. Kirim berkas yang lebih kecil, atau lebih sedikit sekaligus."
    }


def test_the_answer_is_english_when_asked(client_a):
    response = client_a.post(
        API_URL,
        data=b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=SIX_HUNDRED_MB,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.json() == {"detail": "This upload is over 50 MB. Send smaller files, or fewer at a time."}


def test_a_route_that_takes_no_files_is_capped_at_the_form_limit(client_a):
    response = client_a.post(
        "/antrian/",
        data=b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(3 * 2**20),
    )

    assert response.status_code == 413
    assert "Kiriman ini lebih dari 2 MB." in response.content.decode()


def test_a_chunked_upload_without_a_length_is_refused(client_a):
    response = client_a.post(
        FORM_URL,
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
    )

    assert response.status_code == 411


def _wait_for(port: int) -> None:
    """Until the worker answers /healthz (the master accepts connections before the app is loaded)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not start")


@pytest.fixture
def gunicorn(db, tmp_path):
    """gunicorn on this test database, spooling uploads to a folder of its own; yields (port, folder)."""
    port, spool = free_port(), tmp_path / "spool"
    spool.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "balai.wsgi:application", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT / "platform",
        env=process_env(FILE_UPLOAD_TEMP_DIR=str(spool)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_for(port)
    yield port, spool
    stop(process)


def test_a_real_client_declaring_600_mb_gets_413_and_nothing_is_spooled(village_a, gunicorn):
    port, spool = gunicorn
    head = (
        f"POST {FORM_URL} HTTP/1.1\r\nHost: {host_of(village_a)}\r\n"
        f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {SIX_HUNDRED_MB}\r\n\r\n"
    ).encode()
    # 64 KiB of the body fits the socket buffers: the client is never blocked by a server that
    # rightly reads none of it.
    part = b'--x\r\nContent-Disposition: form-data; name="file_0"; filename="a.jpg"\r\n\r\n' + b"\xff" * 2**16

    with socket.create_connection(("127.0.0.1", port), timeout=120) as connection:
        connection.sendall(head + part)
        answer = connection.recv(65536).decode("latin-1")

    assert answer.startswith("HTTP/1.1 413 ")
    assert list(Path(spool).iterdir()) == []
