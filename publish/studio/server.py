"""`publish serve`: start the studio on a local port, print its address, and stop cleanly."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

from publish.errors import EXIT_OK, UsageError
from publish.studio.security import LOOPBACK, new_token

ANY = ("0.0.0.0", "::", "")


def allowed_hosts(host: str) -> tuple[str, ...]:
    """The Host headers the studio answers: its own names, never a stranger's domain that
    resolves to it (DNS rebinding). On every interface, any name; the token guards it."""
    if host in ANY:
        return ("*",)
    names = {*LOOPBACK, host.lower(), f"[{host.lower()}]"}
    if host not in LOOPBACK:
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    return tuple(sorted(names))


def _free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UsageError(
                f"publish serve: cannot listen on {host}:{port} ({exc.strerror}); "
                "choose another port with --port"
            ) from None


def serve(folder: Path, *, host: str, port: int, open_browser: bool = False) -> int:
    import uvicorn

    from publish.studio.app import create_app

    if not folder.is_dir():
        raise UsageError(f"publish serve: {folder} is not a folder; name the project folder")
    if not 0 < port < 65536:
        raise UsageError("publish serve: --port takes a number from 1 to 65535")
    _free(host, port)
    token = None if host in LOOPBACK else new_token()
    app = create_app(folder, hosts=allowed_hosts(host), token=token)
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}/"
    if token is not None:
        address += f"?token={token}"
        print(
            f"publish serve: warning: listening on {host}, so other machines can reach the "
            "studio and change your files; anyone with the address below can. Use it only "
            "on a network you trust.",
            file=sys.stderr,
        )
    print(f"publish studio for {folder.resolve()}: {address}", file=sys.stderr, flush=True)
    print("Press Ctrl+C to stop.", file=sys.stderr, flush=True)
    if open_browser:
        import webbrowser

        webbrowser.open(address)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=2,
        server_header=False,
    )
    uvicorn.Server(config).run()
    return EXIT_OK
