# Shorthands for the two README commands (make is optional: tasks.py needs only Python).
.PHONY: run test demo lint bench
run:
	python3 tasks.py run
test:
	python3 tasks.py test
demo:
	python3 tasks.py run demo
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
