from datetime import date

import factory
from django.contrib.contenttypes.models import ContentType

from cppcc_portal.notifications.models import Deadline, Delivery, Notification
from tests.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "test.event"
    title = factory.Sequence(lambda n: f"通知{n}")
    body = "正文"
    url = "/"


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    notification = factory.SubFactory(NotificationFactory)
    channel = Delivery.Channel.EMAIL


class DeadlineFactory(factory.django.DjangoModelFactory):
    """A deadline on an arbitrary object (a user stands in for a proposal)."""

    class Meta:
        model = Deadline
        skip_postgeneration_save = True

    target_type = factory.LazyFunction(lambda: ContentType.objects.get(model="user"))
    target_id = factory.Sequence(lambda n: 10_000 + n)
    duty = "proposal.lead_reply"
    title = factory.Sequence(lambda n: f"关于第{n}件事的建议")
    url = "/"
    due_on = date(2025, 10, 20)

    @factory.post_generation
    def responsible(self, create, extracted, **kwargs):
        if create and extracted:
            self.responsible.set(extracted)
