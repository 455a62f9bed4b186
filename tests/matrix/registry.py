"""The permission matrix's registry: what each URL needs and whom it admits.

Each part declares, in `tests/<part>/matrix.py`:
- `EXPECT = {url_name: set_of_roles_admitted}` for URLs without parameters (optional; without
  an entry the generic rules still apply), and
- `PROVIDERS = {url_name: fn(users) -> list[Case]}` for every URL with parameters: each Case
  names the kwargs of one object and the roles admitted to it; everyone else must get 403/404
  (or the login redirect when anonymous). A URL with parameters and no provider fails the matrix,
  so a new view cannot escape it.
"""

from dataclasses import dataclass, field

ANONYMOUS = "anonymous"
STAFF = {"proposal_staff", "opinion_staff", "consultation_staff", "liaison_staff", "superuser"}
EVERY_ROLE = {
    "member",
    "proposal_staff",
    "opinion_staff",
    "consultation_staff",
    "liaison_staff",
    "unit_liaison",
    "station_manager",
    "leader",
    "security_admin",
    "security_auditor",
    "none",
    "superuser",
}
# 三员分立: the security duties, refused every business page (like an account with no role)
SECURITY = {"security_admin", "security_auditor"}
LOGGED_IN = set(EVERY_ROLE)


@dataclass
class Case:
    kwargs: dict
    admitted: set
    label: str = ""
    method: str = "get"
    ok: set = field(default_factory=lambda: {200})  # what an admitted role may get
