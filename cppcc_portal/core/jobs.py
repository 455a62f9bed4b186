"""Background jobs (a compilation, an archive, a recompute): queued → running → done | failed.
The pages ask these properties instead of comparing state strings."""


class JobState:
    """Mixed into a model whose `state` field takes queued / running / done / failed."""

    @property
    def in_progress(self) -> bool:
        return self.state in ("queued", "running")

    @property
    def is_done(self) -> bool:
        return self.state == "done"

    @property
    def has_failed(self) -> bool:
        return self.state == "failed"
