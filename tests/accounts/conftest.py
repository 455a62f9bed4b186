import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_for(device, offset: int = 0) -> str:
    """The device's current code (offset in steps: -1 the previous one)."""
    device.refresh_from_db()
    value = totp(device.bin_key, step=device.step, t0=device.t0 - offset * device.step)
    return f"{value:0{device.digits}d}"


@pytest.fixture
def two_factor_on(settings):
    settings.REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code does not delay the next in tests
    return settings


@pytest.fixture
def enrolled(db):
    """enrolled(user) -> a confirmed TOTP device for the user."""

    def make(user):
        return TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)

    return make


@pytest.fixture
def verified_client(client, enrolled):
    """Log a user in and pass the second factor through the real code page."""

    def login(user):
        device = enrolled(user)
        client.force_login(user)
        response = client.post("/accounts/two-factor/", {"token": code_for(device)})
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return login
