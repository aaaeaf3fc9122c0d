"""``channels add|list|remove|test`` (../shared/CONTRACT.md, Extensions): the same core as the settings page."""

from __future__ import annotations

from app import text
from app.channels.kinds import KINDS
from app.channels.service import ChannelError


def add_parsers(sub, common) -> None:
    sp = sub.add_parser("channels", help="group robots and e-mail that alerts also go to")
    verbs = sp.add_subparsers(dest="verb", required=True)
    a = verbs.add_parser("add", help="add or change a channel")
    a.add_argument("name")
    a.add_argument("--kind", required=True, choices=KINDS)
    a.add_argument("--url", required=True)
    a.add_argument("--secret")
    a.add_argument("--min-severity", type=int, default=1, choices=[1, 2, 3])
    common(a)
    common(verbs.add_parser("list", help="the channels (keys and passwords never shown)"))
    for verb, helptext in (("remove", "remove a channel"), ("test", "send one test message")):
        v = verbs.add_parser(verb, help=helptext)
        v.add_argument("name")
        common(v)
    common(sp)


def run(svc, args, emit, fail) -> int:
    try:
        if args.verb == "add":
            svc.channel_add(args.name, args.kind, args.url, args.secret, args.min_severity)
            emit(args, {"channel": args.name, "kind": args.kind},
                 [text.t("Channel {name} added", name=args.name)])
            return 0
        if args.verb == "list":
            rows = svc.channels()
            emit(args, {"channels": rows, "secrets": svc.secrets_backend()},
                 [f"{r['name']:<16} {r['kind']:<9} ≥{r['min_severity']} {r['url']}"
                  + (f"  ({r['paused']})" if r["paused"] else "") for r in rows] or [text.t("No channels yet")])
            return 0
        if args.verb == "remove":
            svc.channel_remove(args.name)
            emit(args, {"removed": args.name}, [text.t("Channel {name} removed", name=args.name)])
            return 0
        reply = svc.channel_test(args.name)
        if not reply.ok:
            return fail(args, text.t("{name}: {answer}", name=args.name, answer=reply.text), 1)
        emit(args, {"channel": args.name, "status": "sent", "answer": reply.text},
             [text.t("{name}: {answer}", name=args.name, answer=reply.text)])
        return 0
    except ChannelError as exc:
        return fail(args, str(exc), 2)
