"""Hypothesis profiles: CI is deterministic, developers explore.

- `ci` (what `make test` uses; CI=true): derandomized, so the same commit draws the same
  examples every run; a fixed number of examples; no deadline (the machine is shared);
  no example database (nothing carried between runs). A failure prints the
  `@reproduce_failure` blob, and the same derandomized run reproduces it.
- `dev` (plain pytest on a developer machine): random, with the example database in
  `.hypothesis/` so a failure found once is replayed first next time.
- `fuzz` (`make fuzz`): random and `FUZZ_FACTOR` times the examples of each call. A failure
  prints its seed (`--hypothesis-seed=N` reproduces it); pin what it found with `@example`.
"""

import os

from hypothesis import HealthCheck, Phase, settings

FUZZ_FACTOR = 20

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=25,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)
settings.register_profile(
    "dev", deadline=None, print_blob=True, suppress_health_check=list(HealthCheck)
)
settings.register_profile(
    "fuzz",
    max_examples=25 * FUZZ_FACTOR,
    deadline=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
    phases=list(Phase),
)

PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or (
    "ci" if os.environ.get("CI", "").lower() in {"1", "true", "yes"} else "dev"
)
settings.load_profile(PROFILE)


def examples(n: int) -> int:
    """The number of examples a call asks for, scaled up under `make fuzz`."""
    return n * FUZZ_FACTOR if PROFILE == "fuzz" else n
