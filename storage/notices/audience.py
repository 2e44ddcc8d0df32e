"""The domain's audience specs (bot/domain/notices/audience.py) as SQL over `users u`.

Storage decides nothing here: it only says in SQL what a `Recipients` or `ReaderScope`
already says in plain values, so fan-out stays one INSERT … SELECT."""

from __future__ import annotations

import json

from bot.domain.notices.audience import ReaderScope, Recipients


def recipients_where(spec: Recipients) -> tuple[str, list]:
    """A WHERE clause over `users u` selecting exactly the people `spec.includes`."""
    clauses, args = [], []
    if spec.reachable_only:
        clauses.append("u.unreachable = 0")
    if spec.anyone_registered:
        clauses.append("u.role IS NOT NULL")
    else:
        clauses.append("u.role IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(sorted(role.value for role in spec.roles)))
    if spec.with_home:
        clauses.append("u.home_id IS NOT NULL")
    if spec.buildings is not None:
        clauses.append(
            "u.home_id IN (SELECT h.id FROM homes h"
            " WHERE h.building IN (SELECT value FROM json_each(?)))"
        )
        args.append(json.dumps(list(spec.buildings), ensure_ascii=False))
    return " AND ".join(clauses), args


def readable_where(scope: ReaderScope) -> tuple[str, list]:
    """A WHERE clause over `notices n` selecting the released notices `scope` may list."""
    where = (
        "n.status IN ('sending', 'done') AND ("
        " n.audience IN (SELECT value FROM json_each(?))"
        " OR (n.audience = 'buildings' AND ? IN (SELECT value FROM json_each(n.buildings)))"
        " OR EXISTS (SELECT 1 FROM outbox o WHERE o.notice_id = n.id AND o.user_id = ?))"
    )
    audiences = json.dumps(sorted(a.value for a in scope.audiences))
    return where, [audiences, scope.building, scope.user_id]
