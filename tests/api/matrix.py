"""The pages' permission matrix for the device-token page (the API's routes have their own
matrix: tests/api/routes.py and test_matrix.py)."""

from api import tokens
from tests.factories import UserFactory
from tests.matrix.registry import LOGGED_IN, Case

EXPECT = {"api_tokens:list": LOGGED_IN}  # everyone manages their own devices' tokens


def _revoke(users):
    own, _raw = tokens.create_token(actor=users["member"], name="手机")
    others, _raw = tokens.create_token(actor=UserFactory(), name="别人的手机")
    return [
        Case({"pk": others.pk}, set(), "someone else's token", "post", {302}),
        Case({"pk": own.pk}, {"member"}, "own token", "post", {302}),
    ]


PROVIDERS = {"api_tokens:revoke": _revoke}
