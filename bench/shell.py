"""Arena's request overhead (boundary, access policy, metrics, envelope) against bare Flask."""

from bench.common import arena_env, measure, report, serve, upgrade


def main(requests: int = 2000) -> None:
    env = arena_env()
    upgrade(env)
    with serve("bench.bare:app") as bare:
        baseline = measure(bare + "/status", requests)
    print(report("bare Flask GET /status", baseline, baseline))
    with serve("arena.wsgi:app", env) as arena:
        for path in ("/status", "/", "/api/v1/openapi.json"):
            print(report(f"Arena GET {path}", measure(arena + path, requests), baseline))


if __name__ == "__main__":
    main()
