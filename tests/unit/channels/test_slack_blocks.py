"""Reply → Block Kit, and Slack's text markup → plain text."""

from __future__ import annotations

from bot.channels.slack import inbound
from bot.channels.slack.blocks import ACTION_PREFIX, CHOICES_BLOCK, SECTION_LIMIT, decode_value, escape, render
from bot.channels.slack.commands import command_text
from core.outbound import Choice, Reply


def card() -> Reply:
    return Reply(
        text="📝 Log visit · Acme <Corp> & Sons\n  with: Li Wei",
        choices=[Choice(label="✅ Confirm", action="confirm:p1", fallback="yes"),
                 Choice(label="✏️ Edit", action="edit:p1", fallback="edit"),
                 Choice(label="✖️ Cancel", action="cancel:p1", fallback="no")],
        proposal_id="p1",
    )


def test_a_card_becomes_a_section_and_one_actions_block_with_unique_action_ids() -> None:
    rendered = render(card())
    section, actions = rendered.blocks
    assert section["type"] == "section"
    assert section["text"]["text"] == "📝 Log visit · Acme &lt;Corp&gt; &amp; Sons\n  with: Li Wei"
    assert actions["type"] == "actions" and actions["block_id"] == CHOICES_BLOCK
    ids = [b["action_id"] for b in actions["elements"]]
    assert len(set(ids)) == 3 and all(i.startswith(ACTION_PREFIX) for i in ids)
    assert actions["elements"][0]["style"] == "primary"
    pressed = decode_value(actions["elements"][2]["value"])
    assert pressed is not None and pressed.action == "cancel:p1" and pressed.fallback == "no"
    # The notification text names the buttons too (clients without blocks, screen readers).
    assert "[✅ Confirm]" in rendered.text


def test_a_decided_card_has_no_buttons() -> None:
    rendered = render(Reply(text=card().text))
    assert [b["type"] for b in rendered.blocks] == ["section"]


def test_markup_in_data_cannot_ping_a_channel() -> None:
    assert escape("<!channel> <@U1> a&b") == "&lt;!channel&gt; &lt;@U1&gt; a&amp;b"


def test_long_text_is_split_into_sections_within_slack_limits() -> None:
    text = "\n".join(f"line {n} " + "x" * 90 for n in range(200))
    rendered = render(Reply(text=text))
    assert len(rendered.blocks) > 1
    assert all(len(b["text"]["text"]) <= SECTION_LIMIT for b in rendered.blocks)
    assert "\n".join(b["text"]["text"] for b in rendered.blocks) == text


def test_foreign_button_values_are_ignored() -> None:
    assert decode_value(None) is None
    assert decode_value("not json") is None
    assert decode_value('{"x": 1}') is None


def test_slack_markup_becomes_what_the_user_typed() -> None:
    text = "<@U0BOT> visited Acme &amp; Co, mail <mailto:li@acme.com|li@acme.com> see <https://x.y|site> <#C1|sales>"
    assert inbound.plain_text(text, "U0BOT") == "visited Acme & Co, mail li@acme.com see site #sales"
    assert inbound.plain_text("<!here> hi <@U9>", "U0BOT") == "@here hi @U9"


def test_link_messages() -> None:
    assert inbound.link_code("link abc-123_X") == "abc-123_X"
    assert inbound.link_code("  LINK  abc ") == "abc"
    assert inbound.link_code("绑定 abc") == "abc"
    assert inbound.link_code("link abc def") is None
    assert inbound.link_code("linked to acme") is None
    assert inbound.is_bare_link("link")


def test_only_people_writing_count_as_messages() -> None:
    assert inbound.is_user_message({"user": "U1", "text": "hi"})
    assert inbound.is_user_message({"user": "U1", "subtype": "file_share"})
    assert not inbound.is_user_message({"user": "U1", "subtype": "message_changed"})
    assert not inbound.is_user_message({"bot_id": "B1", "user": "U2"})
    assert not inbound.is_user_message({"subtype": "message_deleted"})


def test_slash_subcommands_become_conversation_text() -> None:
    assert command_text("") == "help"
    assert command_text("  Pipeline ") == "my pipeline"
    assert command_text("tasks") == "what's on today"
    assert command_text("link ABC") == "link ABC"
    assert command_text("tell me about  Acme") == "tell me about Acme"
