"""schemathesis drives the published schema against a live server: no 500 on any input, and
every answer (status, content type, body) is one the schema describes. A few examples per
route (fuzzing phase, positive and negative data) keep it under a minute; under CI the
examples are derandomized (tests/profiles.py). `make fuzz` adds schemathesis' coverage phase
(every boundary of every parameter, minutes on the shared machine) and FUZZ_FACTOR times
the examples."""

import pytest
import schemathesis
from hypothesis import Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import tokens
from proposals import services
from tests.factories import SessionFactory
from tests.profiles import PROFILE, examples

pytestmark = pytest.mark.django_db(transaction=True)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(live_server):
    return schemathesis.openapi.from_url(f"{live_server.url}/api/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def bearer(member_user, settings):
    """A member with a draft (so ids in the schema's range sometimes exist) and a token."""
    settings.RATE_LIMITS = {"api": (100_000, 60)}
    session = SessionFactory()
    services.create_draft(actor=member_user, session=session, title="模糊测试草稿")
    return {"Authorization": f"Bearer {tokens.create_token(actor=member_user, name='st')[1]}"}


PHASES = [Phase.explicit, Phase.generate] if PROFILE == "fuzz" else [Phase.generate]


@schema.parametrize()
@hypothesis_settings(max_examples=examples(8), phases=PHASES)
def test_the_api_keeps_to_its_schema(case, live_server, bearer):
    response = case.call(base_url=live_server.url, headers=bearer)
    case.validate_response(response, checks=CHECKS)  # raises on any failed check
    assert response.status_code < 500
