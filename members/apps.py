from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members and duty")

    def ready(self):
        from cppcc_portal.core.workflow import register_write_guard

        from .terms.guard import guard_object

        # 换届: every locked write to a record of a closed term is refused (one rule)
        register_write_guard(guard_object)
        from .defaults import ensure_default_catalogues

        post_migrate.connect(
            ensure_default_catalogues, sender=self, dispatch_uid="members.defaults"
        )
        from django.db.models.signals import post_delete, post_save

        from cppcc_portal.core.stamps import register

        from .points import clear_config_cache

        # the dashboards' stamp: when a kept duty total last changed (moved by bulk ledger
        # writes too: the totals trigger numbers each change, migration 0009; an index read)
        register("members", "SELECT MAX(changed) FROM members_dutytotal")

        for model in ("EvaluationBand", "YearlyMinimum"):
            for signal in (post_save, post_delete):
                signal.connect(
                    clear_config_cache,
                    sender=self.get_model(model),
                    dispatch_uid=f"members.config.{model}.{signal is post_save}",
                )
