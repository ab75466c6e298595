"""E-mail delivery to a real local SMTP server (aiosmtpd), incl. STARTTLS."""

import email
import email.policy
import shutil
import ssl
import subprocess

import pytest
from aiosmtpd.controller import Controller
from pydantic import SecretStr

from alerts.channels.base import build_channel
from alerts.channels.email import EmailConfig
from alerts.delivery import DeliveryPolicy, deliver
from alerts.routing import Delivery
from alerts.subscriptions import Subscription
from alerts.testing import sample_alert
from newsalert.testing import free_port

FAST = DeliveryPolicy(initial=0.05, exp_base=2, jitter=0, max_attempts=3, max_elapsed=30, attempt_timeout=10)


class Collect:
    def __init__(self, rcpt_reply=None):
        self.rcpt_reply = rcpt_reply
        self.messages = []
        self.envelopes = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(request):
    handler = Collect(getattr(request, "param", None))
    ctl = Controller(handler, hostname="127.0.0.1", port=free_port())
    ctl.start()
    yield handler, ctl.port
    ctl.stop()


def email_sub(port, **kw):
    ch = EmailConfig.model_validate(
        {
            "host": "127.0.0.1",
            "port": port,
            "starttls": False,
            "from": "newsalert@example.org",
            "to": ["desk@example.org", "duty@example.org"],
            "timeout": 5,
            **kw,
        }
    )
    return Subscription(name="mail", channel=ch)


async def test_email_both_parts_html_escaped(smtp_server):
    handler, port = smtp_server
    sub = email_sub(port)
    alert = sample_alert(title="Blast at <b>market</b> & station")
    d = Delivery.for_alert(alert, sub)
    async with build_channel(sub) as ch:
        out = await deliver(ch, d, FAST)
    assert out.ok and out.attempts == 1
    assert handler.envelopes == [("newsalert@example.org", ["desk@example.org", "duty@example.org"])]
    msg = handler.messages[0]
    assert msg.get_content_type() == "multipart/alternative"
    assert str(msg["Subject"]).startswith(
        "[FLASH] assassination_attempt · Iraq (Baghdad) · 0 dead · 3 sources"
    )
    assert msg["X-Newsalert-Idempotency-Key"] == d.idempotency_key
    plain = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "Blast at <b>market</b> & station" in plain and "story st-1 v1" in plain
    assert "<b>market</b>" not in html and "&lt;b&gt;market&lt;/b&gt; &amp; station" in html
    assert 'href="https://reuters.example.com/story/st-1"' in html


async def test_same_message_id_across_retries(smtp_server):
    handler, port = smtp_server
    sub = email_sub(port)
    d = Delivery.for_alert(sample_alert(), sub)
    async with build_channel(sub) as ch:
        await deliver(ch, d, FAST)
        await deliver(ch, d, FAST)
    assert len({m["Message-ID"] for m in handler.messages}) == 1


@pytest.mark.parametrize("smtp_server", ["550 5.1.1 no such user"], indirect=True)
async def test_5xx_is_permanent(smtp_server):
    handler, port = smtp_server
    sub = email_sub(port)
    async with build_channel(sub) as ch:
        out = await deliver(ch, Delivery.for_alert(sample_alert(), sub), FAST)
    assert out.status == "dead_lettered" and out.attempts == 1 and "550" in out.reason


@pytest.mark.parametrize("smtp_server", ["451 4.3.0 try later"], indirect=True)
async def test_4xx_is_transient(smtp_server):
    handler, port = smtp_server
    sub = email_sub(port)
    async with build_channel(sub) as ch:
        out = await deliver(ch, Delivery.for_alert(sample_alert(), sub), FAST)
    assert out.status == "dead_lettered" and out.attempts == 3 and "451" in out.reason


async def test_connection_refused_is_transient():
    sub = email_sub(free_port())
    async with build_channel(sub) as ch:
        out = await deliver(
            ch, Delivery.for_alert(sample_alert(), sub), FAST.model_copy(update={"max_attempts": 2})
        )
    assert out.status == "dead_lettered" and out.attempts == 2 and out.kind == "connection"


@pytest.fixture
def tls_files(tmp_path):
    if not shutil.which("openssl"):
        pytest.skip("openssl CLI not available")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return key, cert


async def test_starttls_and_login(tls_files):
    key, cert = tls_files
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    handler = Collect()
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        logins.append(auth_data.login)
        return AuthResult(success=auth_data.password == b"s3cret-pass")

    ctl = Controller(
        handler,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=server_ctx,
        require_starttls=True,
        authenticator=authenticator,
        auth_require_tls=True,
    )
    ctl.start()
    try:
        ch_cfg = email_sub(ctl.port).channel.model_copy(
            update={"starttls": True, "username": SecretStr("robot"), "password": SecretStr("s3cret-pass")}
        )
        sub = Subscription(name="mail", channel=ch_cfg)
        client_ctx = ssl.create_default_context(cafile=str(cert))
        async with build_channel(sub, ssl_context=client_ctx) as ch:
            out = await deliver(ch, Delivery.for_alert(sample_alert(), sub), FAST)
        assert out.ok, out.reason
        assert logins == [b"robot"] and len(handler.messages) == 1
        # without trusting the self-signed certificate: permanent failure, no retries
        async with build_channel(sub) as ch:
            out = await deliver(ch, Delivery.for_alert(sample_alert(version=2), sub), FAST)
        assert out.status == "dead_lettered" and out.attempts == 1 and "certificate" in out.reason
        assert "s3cret" not in repr(sub) and "s3cret" not in out.model_dump_json()
    finally:
        ctl.stop()
