"""信息公示: /documents to browse, /publish_doc to publish."""

from __future__ import annotations

from handlers.common.routes import PRIVATE
from handlers.documents import browse as documents
from handlers.documents import publish as publish_doc

COMMANDS = [
    ("documents", documents.documents_command, PRIVATE),
    ("publish_doc", publish_doc.publish_command, PRIVATE),
]
CALLBACKS = [
    (documents.browse_button, documents.PATTERN),
    (publish_doc.publish_button, publish_doc.PATTERN),
]


def inputs(app, translator, labels):
    """/publish_doc's title, file and date."""
    return [publish_doc.input_handler(app, labels)]
