"""/publish_doc and /documents (信息公示)."""
