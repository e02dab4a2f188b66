"""Partner newsrooms' verdicts as readers and checkers see them, and /partners for editors."""

from __future__ import annotations

import pytest
from sqlalchemy import select

import handlers
from bot.db.models import AuditEntry, Partner, PostOrigin, Request, RisingClaim, Tip, Verdict, utcnow
from bot.i18n import Locales
from bot.services.desk.audit import Actor
from bot.services.partner_feeds import partner_key
from bot.services.verdict_records import write_record
from bot.telegram.app import create_dispatcher
from bot.telegram.callbacks import PartnerTrust
from knowledge.statuses import Trust
from knowledge.verdicts import ClaimText, VerdictRecord
from tests.handlers.test_checker import ADMIN, CHECKER, CHECKERS, EDITOR, STRANGER, alerts, staffed_desk, to

pytestmark = pytest.mark.asyncio

locales = Locales()
KAZAKH = "Бішкекте интернет он төрт күнге толық өшіріледі, барлық байланыс тоқтайды деп хабарлайды"
RISING = "Нарында бүгүн түнкүсүн бардык көпүрөлөр жабылат, жол кыймылы толугу менен токтойт деп айтылууда"
OTHER = "В Павлодаре с понедельника отменят все трамваи и заменят их дирижаблями, сообщил акимат города"
KYRGYZ = "Бишкекте интернет он төрт күнгө толугу менен өчүрүлөт, бардык байланыш токтойт деп кабарлашууда"
RECORD = VerdictRecord(
    "kg-7",
    "ky",
    [ClaimText("ky", KYRGYZ, "claim"), ClaimText("kk", KAZAKH, "phrasing")],
    rating="false",
    summary="Жалган: байланыш министрлиги мындай план жок экенин билдирди.",
    url="https://factcheck.example/kg/7",
    publisher="Factcheck <b>KG</b>",
)


@pytest.fixture
def dp(settings, services):
    return create_dispatcher(
        settings, services.kb, Locales(), routers=handlers.routers(), partners=services.partners
    )


async def partner_verdict(services, trust: Trust, country: str | None = "Kyrgyzstan") -> Verdict:
    """A verdict of partner 'Factcheck KG' as a sync stores it, in the matcher."""
    async with services.sessionmaker() as session:
        partner = Partner(name="Factcheck KG", trust=trust, feed_url="https://kg.example/partners/feed")
        session.add(partner)
        await session.flush()
        verdict = Verdict(external_id=partner_key(partner.id, RECORD.external_id), partner_id=partner.id)
        verdict.claims = []
        write_record(verdict, RECORD)
        verdict.country = country
        session.add(verdict)
        await session.commit()
        verdict_id = verdict.id
    await services.kb.reload([verdict_id])
    return verdict


async def test_a_trusted_partners_verdict_answers_a_kazakh_reader_credited_and_escaped(
    dp, bot, updates, services
):
    await partner_verdict(services, Trust.AUTO)
    await dp.feed_update(bot, updates.private_text(20, KAZAKH, language_code="kk"))
    [card] = bot.sent
    kk = locales["kk"]
    assert kk("rating-false") in card.text
    assert KAZAKH in card.text  # the claim as the partner wrote it in the reader's language
    assert "🤝 " + kk("card-checked-by", partner="Factcheck <b>KG</b>", country="Kyrgyzstan") in card.text
    assert "Factcheck &lt;b&gt;KG&lt;/b&gt;" in card.text and "<b>KG</b>" not in card.text
    [request] = await rows(services, Request)
    assert request.decision == "auto"


async def test_a_partner_verdict_without_the_readers_language_keeps_its_own(dp, bot, updates, services):
    await partner_verdict(services, Trust.AUTO, country=None)
    await dp.feed_update(bot, updates.private_text(21, KYRGYZ, language_code="ru"))
    [card] = bot.sent
    assert KYRGYZ in card.text
    assert locales["ru"]("card-checked-by-partner", partner="Factcheck <b>KG</b>") in card.text


async def test_a_suggested_partner_verdict_is_only_offered(dp, bot, updates, services):
    await partner_verdict(services, Trust.SUGGEST)
    await dp.feed_update(bot, updates.private_text(22, KAZAKH, language_code="kk"))
    [question] = bot.sent
    assert question.text == locales["kk"]("choose-intro")
    [request] = await rows(services, Request)
    assert request.decision != "auto"


async def test_an_untrusted_partner_verdict_is_for_search_only(dp, bot, updates, services):
    verdict = await partner_verdict(services, Trust.OFF)
    await dp.feed_update(bot, updates.private_text(23, KAZAKH, language_code="kk"))
    [tip] = await rows(services, Tip)
    assert to(bot, 23)[0].text == locales["kk"]("queued", id=str(tip.id))
    assert verdict.id in [m.verdict_id for m in services.kb.matcher.find_verdicts(KAZAKH)]


async def test_the_checkers_card_says_a_partner_checked_it(dp, bot, updates, services):
    await partner_verdict(services, Trust.OFF)
    await dp.feed_update(bot, updates.private_text(24, KAZAKH, language_code="kk"))
    [card] = to(bot, CHECKERS)
    assert "🤝 " + locales["en"]("desk-card-partner", partner="Factcheck <b>KG</b>") in card.text


async def test_editors_see_partners_and_change_their_trust_audited(dp, bot, updates, services):
    desk = await staffed_desk(dp, bot, updates, services)
    verdict = await partner_verdict(services, Trust.SUGGEST)
    await desk.say("/partners", user_id=EDITOR, chat=EDITOR)
    [listing] = to(bot, EDITOR)
    en = locales["en"]
    assert en("partners-line", partner="Factcheck KG", trust=en("trust-suggest")) in listing.text
    assert en("partners-followed", verdicts=1, withdrawn=0, synced=en("partners-never")) in listing.text
    labels = [b.text for row in listing.reply_markup.inline_keyboard for b in row]
    assert labels == [
        f"Factcheck KG: {en('trust-auto')}",
        "✓ Factcheck KG: " + en("trust-suggest"),
        f"Factcheck KG: {en('trust-off')}",
    ]
    await desk.press(PartnerTrust(partner=verdict.partner_id, trust=Trust.AUTO), user_id=EDITOR, chat=EDITOR)
    assert alerts(bot)[-1].text == en(
        "partners-trust-changed", partner="Factcheck KG", trust=en("trust-auto")
    )
    assert en("trust-auto") in bot.edited[-1].text
    [partner] = await rows(services, Partner)
    assert partner.trust == Trust.AUTO
    [entry] = await rows(services, AuditEntry)
    assert (entry.action, entry.actor_id, entry.before["trust"], entry.after["trust"]) == (
        "trust",
        EDITOR,
        "suggest",
        "auto",
    )
    # the change reaches matching at once: the reader is now answered
    await dp.feed_update(bot, updates.private_text(25, KAZAKH, language_code="kk"))
    assert "🤝" in to(bot, 25)[0].text


async def test_only_editors_see_or_change_partners(dp, bot, updates, services):
    desk = await staffed_desk(dp, bot, updates, services)
    verdict = await partner_verdict(services, Trust.SUGGEST)
    en = locales["en"]
    await desk.say("/partners", user_id=CHECKER, chat=CHECKERS)
    assert to(bot, CHECKERS)[-1].text == en("desk-denied")
    await desk.say("/partners", user_id=STRANGER, chat=STRANGER)
    assert to(bot, STRANGER)[-1].text == en("unknown-command")
    crafted = PartnerTrust(partner=verdict.partner_id, trust=Trust.AUTO)
    await desk.press(crafted, user_id=CHECKER, chat=CHECKERS)
    await desk.press(crafted, user_id=STRANGER, chat=STRANGER)
    assert alerts(bot)[0].text == en("desk-denied")
    assert len(alerts(bot)) == 2
    [partner] = await rows(services, Partner)
    assert partner.trust == Trust.SUGGEST
    assert await rows(services, AuditEntry) == []
    # an admin outranks an editor
    await desk.say("/partners", user_id=ADMIN, chat=ADMIN)
    assert "Factcheck KG" in to(bot, ADMIN)[-1].text


async def test_no_partners_says_how_to_add_them(dp, bot, updates, services):
    desk = await staffed_desk(dp, bot, updates, services)
    await desk.say("/partners", user_id=EDITOR, chat=CHECKERS)
    assert to(bot, CHECKERS)[-1].text == locales["en"]("partners-none")


async def rows(services, model):
    async with services.sessionmaker() as session:
        return (await session.scalars(select(model).order_by(model.id))).all()


async def test_a_tip_rising_at_a_partner_says_so_on_its_card_and_in_the_queue(dp, bot, updates, services):
    desk = await staffed_desk(dp, bot, updates, services)
    async with services.sessionmaker() as session:
        partner = Partner(
            name="Factcheck KG", trust=Trust.SUGGEST, feed_url="https://kg.example/partners/feed"
        )
        session.add(partner)
        await session.flush()
        session.add(
            RisingClaim(partner_id=partner.id, key="tip-9", lang="ky", text=RISING, demand=14, channels=[])
        )
        await session.commit()
    await dp.feed_update(bot, updates.private_text(26, RISING, language_code="ky"))
    await dp.feed_update(bot, updates.private_text(27, OTHER, language_code="ru"))
    rising = "📈 " + locales["en"]("desk-card-rising", partner="Factcheck KG", demand=14)
    [card, other] = to(bot, CHECKERS)
    assert rising in card.text and rising not in other.text
    await desk.say("/queue", user_id=CHECKER, chat=CHECKERS)
    queue = to(bot, CHECKERS)[-1].text.split("\n")
    assert [line for line in queue if rising in line] == [line for line in queue if "Нарында" in line]
    assert len([line for line in queue if rising in line]) == 1
    # a partner set to `off` is not listened to
    await services.partners.set_trust("Factcheck KG", Trust.OFF, Actor(EDITOR, "editor"))
    await desk.say("/queue", user_id=CHECKER, chat=CHECKERS)
    assert rising not in to(bot, CHECKERS)[-1].text


@pytest.mark.parametrize("trust", [Trust.SUGGEST, Trust.OFF, "withdrawn"])
async def test_a_known_post_is_not_answered_with_a_partner_verdict_that_may_not_answer(
    dp, bot, updates, services, trust
):
    verdict = await partner_verdict(services, Trust.AUTO if trust == "withdrawn" else trust)
    async with services.sessionmaker() as session:
        session.add(PostOrigin(chat_id=-1001234, message_id=5, title="Channel", verdict_id=verdict.id))
        if trust == "withdrawn":
            (await session.get(Verdict, verdict.id)).withdrawn_at = utcnow()
        await session.commit()
    await services.kb.reload([verdict.id])
    channel = {"id": -1001234, "title": "Channel", "type": "channel"}
    await dp.feed_update(
        bot,
        updates.private_text(28, KAZAKH, language_code="kk", forward_from_chat=channel, forward_message_id=5),
    )
    [answer] = to(bot, 28)
    assert "🤝" not in answer.text
    [request] = await rows(services, Request)
    assert request.decision != "auto"
