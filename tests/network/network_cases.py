"""The seed case ([shidu-casework], section 4) as careplanner models: intake and closure maps.

A 68-year-old retired nurse whose only son died of illness at the end of 2019 lives with
her husband (hypertension, a past stroke, sometimes a wheelchair). At intake almost no one
but him hears her troubles (4.2.2); by closure she writes to her sister on WeChat, has met
her old friend again, dances with the community square-dance team, and community staff and
volunteers look in on her (4.4.3-4.5.2). Frequencies and closeness are illustrative: the
paper reports who is in the network, not how often they meet.
"""

from __future__ import annotations

import datetime as dt

from careplanner.models import (
    Assessment,
    Case,
    ChildLoss,
    Client,
    Contact,
    ContactLink,
    Spouse,
    SupportTie,
)

CONTACTS = (
    Contact(id="husband", relation="spouse", distance="household",
            label={"en": "husband", "zh-CN": "老伴"}),
    Contact(id="sister", relation="sibling", distance="far",
            label={"en": "sister", "zh-CN": "妹妹"}),
    Contact(id="old-friend", relation="friend", distance="nearby",
            label={"en": "old friend", "zh-CN": "老朋友"}),
    Contact(id="dance-team", relation="group", distance="nearby",
            label={"en": "square-dance team", "zh-CN": "社区广场舞队"}),
    Contact(id="community-staff", relation="community_staff", distance="nearby",
            label={"en": "community staff", "zh-CN": "社区专干"}),
    Contact(id="volunteers", relation="volunteer", distance="nearby",
            label={"en": "volunteers", "zh-CN": "社区志愿者"}),
)  # fmt: skip

HUSBAND = SupportTie(
    contact="husband",
    contacts_per_month=30,
    closeness=5,
    support_given=("emotional", "practical", "companionship"),
    support_received=("emotional", "practical", "companionship"),
)

INTAKE = Assessment(
    date=dt.date(2021, 3, 2),
    kind="intake",
    worker="sw1",
    ties=(
        HUSBAND,
        SupportTie(contact="sister", status="dormant", contacts_per_month=0.5, closeness=4,
                   support_given=("emotional",)),
        SupportTie(contact="old-friend", status="dormant", contacts_per_month=0, closeness=3,
                   support_given=("emotional", "companionship")),
        SupportTie(contact="dance-team", status="dormant", contacts_per_month=0, closeness=2,
                   support_given=("companionship",)),
        SupportTie(contact="community-staff", status="possible", contacts_per_month=0.5,
                   closeness=2, support_given=("practical", "informational")),
        SupportTie(contact="volunteers", status="possible", contacts_per_month=0, closeness=1,
                   support_given=("practical",)),
    ),
)  # fmt: skip

CLOSURE = Assessment(
    date=dt.date(2021, 6, 15),
    kind="closure",
    worker="sw1",
    ties=(
        HUSBAND,
        SupportTie(contact="sister", contacts_per_month=8, closeness=4,
                   support_given=("emotional",), support_received=("emotional",)),
        SupportTie(contact="old-friend", contacts_per_month=4, closeness=4,
                   support_given=("emotional", "companionship"),
                   support_received=("emotional", "companionship")),
        SupportTie(contact="dance-team", contacts_per_month=12, closeness=3,
                   support_given=("companionship",), support_received=("companionship",)),
        SupportTie(contact="community-staff", contacts_per_month=2, closeness=3,
                   support_given=("informational", "practical")),
        SupportTie(contact="volunteers", contacts_per_month=2, closeness=2,
                   support_given=("practical", "companionship")),
    ),
    links=(
        ContactLink(between=("husband", "sister"), closeness=3),
        ContactLink(between=("old-friend", "dance-team"), closeness=3),
        ContactLink(between=("community-staff", "volunteers"), closeness=4),
    ),
)  # fmt: skip

SEED_CASE = Case(
    title={"en": "Bereaved only-child mother (seed 003)", "zh-CN": "失独母亲个案 种子003"},
    client=Client(
        id="client-003",
        age=68,
        sex="female",
        living_arrangement="with_spouse",
        economic_situation="adequate",
        health_conditions=("hypertension",),
        former_occupation="nurse",
        spouse=Spouse(health="poor", conditions=("hypertension", "stroke")),
        child_loss=ChildLoss(only_child=True, year=2019, month=12, cause="illness"),
    ),
    contacts=CONTACTS,
    assessments=(INTAKE, CLOSURE),
)
