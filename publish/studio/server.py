"""`publish serve`: start the studio on a local port, print its address, and stop cleanly."""

from __future__ import annotations

import ipaddress
import socket
import sys
from pathlib import Path

from publish.errors import EXIT_OK, UsageError
from publish.studio.security import LOOPBACK, new_token

ANY = ("0.0.0.0", "::", "")
# Private addresses a UDP socket is 'connected' to, to learn which address of this machine the
# network would see: connecting a UDP socket sends no packet, it only picks a route.
PROBES = ("10.254.254.254", "192.168.254.254", "172.16.254.254")
NO_ADDRESS = "<this machine's address>"


def allowed_hosts(host: str) -> tuple[str, ...]:
    """The Host headers the studio answers: its own names, never a stranger's domain that
    resolves to it (DNS rebinding). On every interface, any name; the token guards it."""
    if host in ANY:
        return ("*",)
    names = {*LOOPBACK, host.lower(), f"[{host.lower()}]"}
    if host not in LOOPBACK:
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    return tuple(sorted(names))


def lan_address(host: str) -> str | None:
    """An address another machine can open: `host` itself when it names one; on every
    interface, this machine's address on its network, found without sending anything; None
    when it has none but loopback."""
    if host not in ANY:
        return host
    found = []
    for probe in PROBES:
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                udp.connect((probe, 9))
                found.append(str(udp.getsockname()[0]))
        except OSError:
            continue
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        infos = []
    found += [str(info[4][0]) for info in infos]
    return next((a for a in found if _reachable(a)), None)


def _reachable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_unspecified or ip.is_multicast)


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
    shown = lan_address(host)
    if shown is not None and ":" in shown:
        shown = f"[{shown}]"
    address = f"http://{shown or NO_ADDRESS}:{port}/"
    if token is not None:
        address += f"?token={token}"
        print(
            f"publish serve: warning: listening on {host}, so other machines can reach the "
            "studio and change your files; anyone with the address below can. Use it only "
            "on a network you trust.",
            file=sys.stderr,
        )
    print(f"publish studio for {folder.resolve()}: {address}", file=sys.stderr, flush=True)
    if shown is None:
        print(
            "publish serve: this machine has no network address yet; find it (Linux: "
            "`hostname -I`; macOS: System Settings > Network; Windows: `ipconfig`) and put it "
            f"in place of {NO_ADDRESS}",
            file=sys.stderr,
        )
    if token is not None:
        print(
            "The address works once: it signs in the first browser that opens it. To sign in "
            "another browser, restart the studio for a new address.",
            file=sys.stderr,
        )
    print("Press Ctrl+C to stop.", file=sys.stderr, flush=True)
    if open_browser:
        import webbrowser

        webbrowser.open(address if shown else address.replace(NO_ADDRESS, "127.0.0.1"))
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
