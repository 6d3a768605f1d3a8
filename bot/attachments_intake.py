"""A photo or PDF sent in chat becomes an attachment: of the visit just logged, of the contract out for signature
(the signed PDF), or of the customer talked about last — and the user is told which, in their language. A file
too big, of another type, or with no customer to go to is answered plainly and nothing is stored."""

from __future__ import annotations

import logging

from bot.error_text import render_error
from bot.messages import IncomingMessage
from core.context import CoreGateway
from core.errors import DomainError
from core.i18n import t
from core.outbound import Reply
from core.services import attachments, contracts, customers
from core.services import conversation as conversations

log = logging.getLogger(__name__)


class AttachmentIntake:
    def __init__(self, core: CoreGateway, *, max_bytes: int = attachments.DEFAULT_MAX_BYTES) -> None:
        self.core = core
        self.max_bytes = max_bytes

    def accept(self, message: IncomingMessage, user_id: int, language: str) -> list[Reply]:
        sent = message.file
        assert sent is not None
        chat = message.conversation_id or message.chat_id
        try:
            with self.core.unit(user_id) as ctx:
                media_type = attachments.check(sent.data, self.max_bytes)
                _, memory = conversations.peek(ctx, message.channel, chat)
                target = attachments.target_for(ctx, memory.customer_id, media_type)
                stored = attachments.store(ctx, sent.data, sent.file_name, customer_id=target.customer_id,
                                           interaction_id=target.interaction_id, contract_id=target.contract_id,
                                           max_bytes=self.max_bytes)
                customer = customers.name_of(ctx, target.customer_id) or ""
                if target.contract_id is not None:
                    number = contracts.get(ctx, target.contract_id).number
                    text = t(language, "attachment.kept_contract", name=stored.filename, number=number,
                             customer=customer)
                elif target.interaction_id is not None:
                    text = t(language, "attachment.kept_visit", name=stored.filename, customer=customer)
                else:
                    text = t(language, "attachment.kept_customer", name=stored.filename, customer=customer)
        except DomainError as error:
            return [Reply(text=render_error(language, error), private=False)]
        return [Reply(text=text)]
