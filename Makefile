# The two commands a new user runs: `make run` and `make test`.
# CARGO_TARGET_DIR may point at a build cache outside the clone.

.PHONY: run test lint bench build

# Build and start Tessera on http://localhost:8080 with SQLite and a seeded demo site.
run:
	bash scripts/web-build.sh
	cargo run --release -p tessera-server -- serve --demo

# Install what tests need, start PostgreSQL if it is down, run lints and every test on
# SQLite and PostgreSQL.
test:
	bash scripts/test.sh

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings

bench:
	bash bench/run.sh

build:
	bash scripts/web-build.sh
	cargo build --release -p tessera-server
