"""Renderers at the edge: services hand out plain result objects (bot/domain), these turn
them into text, HTML, JSON, CSV, XLSX or PNG for a translator and a language. They never
reach storage, services or Telegram; handlers and the CLI call them."""
