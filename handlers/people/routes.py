"""People: onboarding, profile, roles, the staff group, homes' members, privacy."""

from __future__ import annotations

from handlers.common.callbacks import pattern
from handlers.common.routes import PRIVATE
from handlers.people import lifecycle, onboarding, privacy, profile, reassign, roles
from handlers.people import roster_file as roster_upload
from handlers.people import staff_group as staff

COMMANDS = [
    ("start", onboarding.start_command, PRIVATE),
    ("help", profile.help_command, None),
    ("profile", profile.profile_command, PRIVATE),
    ("language", profile.language_command, PRIVATE),
    ("grant", roles.grant_command, None),
    ("revoke", roles.revoke_command, None),
    ("invite", roles.invite_command, PRIVATE),
    ("invite_home", roles.invite_home_command, PRIVATE),
    ("bind_staff_group", staff.bind_staff_group, None),
    ("moveout", lifecycle.moveout_command, PRIVATE),
    ("invite_family", lifecycle.invite_member_command, PRIVATE),
    ("invite_tenant", lifecycle.invite_member_command, PRIVATE),
    ("home", lifecycle.home_command, PRIVATE),
    ("vacate", lifecycle.vacate_command, PRIVATE),
    ("roster_check", lifecycle.roster_check_command, PRIVATE),
    ("mydata", privacy.mydata_command, PRIVATE),
    ("deleteme", privacy.deleteme_command, PRIVATE),
    ("erasures", privacy.erasures_command, PRIVATE),
    ("roster_export", privacy.roster_export_command, PRIVATE),
]
CALLBACKS = [
    (staff.decide_registration, pattern("reg", "ok|no")),
    (onboarding.pick_home, pattern("home", "pick")),
    (profile.set_language, r"^lang:set:(zh|en)$"),
    (profile.profile_button, pattern("prof", "lang|home")),
    (reassign.reassign_button, reassign.PATTERN),
    (lifecycle.lifecycle_button, lifecycle.PATTERN),
    (privacy.erasure_button, privacy.PATTERN),
    (roster_upload.roster_button, roster_upload.PATTERN),
]
