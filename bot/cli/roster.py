"""`propdesk residents import FILE [--dry-run|--apply|--hold]`: the plan first, then apply.

Without a flag the plan is printed and applied only if it detaches nobody (new homes, new
lines, changed names); a plan that would detach people needs --apply (detach) or --hold
(keep them bound, flagged for staff review). --dry-run never changes anything."""

from __future__ import annotations

import argparse
import sys

from bot.domain.people.lifecycle import RosterPlan
from bot.domain.people.phones import mask_phone
from bot.i18n import Translator
from bot.services.people.roster import roster_text
from bot.services.registry import Services


def print_plan(plan: RosterPlan, text: Translator) -> None:
    for line, key in plan.errors:
        print(text.t(None, "roster.line", line=line, reason=text.t(None, key)), file=sys.stderr)
    print(
        text.t(
            None,
            "lifecycle.plan_summary",
            new_homes=len(plan.new_homes),
            new_owners=len(plan.new_owners),
            owner_changes=len(plan.owner_changes),
            detach=len(plan.to_detach),
            unchanged=plan.unchanged,
        )
    )
    for change in plan.owner_changes:
        removed = ", ".join(mask_phone(p) for p in change.removed_phones)
        added = ", ".join(mask_phone(p) for p in change.added_phones) or "—"
        print(text.t(None, "lifecycle.plan_owner", home=change.label, old=removed, new=added))
        for member in change.mismatched:
            print(text.t(None, "lifecycle.plan_detach", user=member.user_id, home=change.label))


async def run_import(services: Services, args: argparse.Namespace, text: Translator) -> int:
    content = roster_text(args.file.read_bytes(), args.file.name)
    plan = await services.lifecycle.plan_import(content)
    print_plan(plan, text)
    if args.dry_run:
        print(text.t(None, "lifecycle.plan_dry_run"))
        return 1 if plan.errors else 0
    if plan.to_detach and not (args.apply or args.hold):
        print(text.t(None, "lifecycle.plan_needs_apply", count=len(plan.to_detach)))
        return 3
    done = await services.lifecycle.apply_import(None, content, hold=args.hold)
    print(
        text.t(
            None,
            "roster.summary",
            added=done.added,
            updated=done.updated,
            errors=len(done.errors),
        )
    )
    return 1 if done.errors else 0
