"""Satisfaction surveys: residents' answers, the managers' wizard, export and list."""

from __future__ import annotations

from handlers.common.routes import PRIVATE
from handlers.surveys import admin as surveys_admin
from handlers.surveys import answering as surveys
from handlers.surveys import manage as surveys_manage

COMMANDS = [
    ("survey", surveys_admin.survey_command, PRIVATE),
    ("survey_results", surveys_admin.survey_results_command, PRIVATE),
    ("surveys", surveys_manage.surveys_command, PRIVATE),
]
CALLBACKS = [
    (surveys.survey_button, surveys.PATTERN),
    (surveys_admin.wizard_button, surveys_admin.WIZARD_PATTERN),
    (surveys_admin.export_button, surveys_admin.EXPORT_PATTERN),
    (surveys_manage.manage_button, surveys_manage.PATTERN),
]
