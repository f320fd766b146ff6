# shell_common.sh: what the integration tests (tests/integration/lib.sh)
# and the benchmarks (tests/bench/bench_lib.sh) share. Sourced.

# free_port: a TCP port nobody listens on now.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
