"""The `tinynet` command: train from the shell, list the data sets."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from tinynet import __version__, datasets, model
from tinynet.explorer.classroom.store import KEEP_DAYS

MAX_EPOCHS = 100_000


def _bounded(kind, low, high, name):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{name} must be a {'whole number' if kind is int else 'number'}, got {text!r}"
            ) from None
        if kind is float and not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{name} must be finite, got {text!r}")
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{name} must be from {low:g} to {high:g}, got {text}")
        return value

    return parse


def _class_db(parser) -> None:
    parser.add_argument(
        "--class-db",
        metavar="PATH|URL",
        default=os.environ.get("TINYNET_CLASS_DB") or None,
        help="the class database: a SQLite file, or postgresql://user@host/db when several "
        "processes or machines serve one class (default: TINYNET_CLASS_DB, else "
        f"{_default_db()})",
    )


def _default_db() -> str:
    from tinynet.explorer.classroom.database import default_path

    return str(default_path())


class _Defaults(argparse.ArgumentDefaultsHelpFormatter):
    """Every option's default in --help, except where there is none to tell (a flag, an
    option that is off unless given) or the help says it in words."""

    def _get_help_string(self, action):
        text = action.help or ""
        if action.default is None or action.default is False or "default" in text:
            return text
        return super()._get_help_string(action)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tinynet", description="See how a tiny 2-2-1 neural network separates data."
    )
    parser.add_argument("--version", action="version", version=f"tinynet {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_parser(name: str, **kwargs) -> argparse.ArgumentParser:
        # --help shows every option's default.
        return sub.add_parser(name, formatter_class=_Defaults, **kwargs)

    train = add_parser("train", help="train the network and print its weights")
    data = train.add_argument_group("data")
    data.add_argument(
        "--dataset", default="parabola", choices=list(datasets.DATASETS), help="a built-in data set"
    )
    data.add_argument("--csv", metavar="PATH", help="train on your own x1,x2,label file instead")
    data.add_argument(
        "--samples",
        type=_bounded(int, datasets.MIN_SAMPLES, datasets.MAX_SAMPLES, "--samples"),
        help="how many points (default: the data set's own)",
    )
    data.add_argument(
        "--noise",
        type=_bounded(float, 0.0, datasets.MAX_NOISE, "--noise"),
        help="how noisy (default: the data set's own)",
    )
    data.add_argument(
        "--data-seed",
        type=_bounded(int, 0, 2**32 - 1, "--data-seed"),
        help="the seed that makes the data (default: the data set's own)",
    )
    data.add_argument(
        "--test-fraction",
        type=_bounded(float, 0.0, 0.9, "--test-fraction"),
        default=0.0,
        help="hold out this share of the points as a test set",
    )
    net = train.add_argument_group("network and training")
    net.add_argument(
        "--hidden",
        type=_architecture,
        default=model.architecture.DEFAULT,
        metavar="UNITS",
        help="hidden layers' sizes: 2 (the 2-2-1 network), 3 (2-3-1), 2,2 (2-2-2-1); "
        f"{model.architecture.RANGE}",
    )
    net.add_argument(
        "--activation", default="tanh", choices=list(model.ACTIVATIONS), help="hidden units' f"
    )
    net.add_argument(
        "--activation-param",
        type=_bounded(float, 0.0, 3.0, "--activation-param"),
        help="the leaky ReLU slope or the ELU alpha",
    )
    net.add_argument(
        "--epochs",
        type=_bounded(int, 1, MAX_EPOCHS, "--epochs"),
        default=150,
        help="passes over the data",
    )
    net.add_argument(
        "--batch-size",
        type=_bounded(int, 1, datasets.MAX_SAMPLES, "--batch-size"),
        default=16,
        help="points per update",
    )
    net.add_argument(
        "--lr", type=_bounded(float, 1e-6, 100.0, "--lr"), default=0.05, help="learning rate"
    )
    net.add_argument(
        "--optimizer", default="sgd", choices=list(model.OPTIMIZERS), help="how steps are taken"
    )
    net.add_argument(
        "--init", default="glorot_normal", choices=list(model.INITS), help="the starting weights"
    )
    net.add_argument(
        "--loss", default="bce", choices=list(model.LOSSES), help="cross-entropy or squared error"
    )
    net.add_argument(
        "--l2", type=_bounded(float, 0.0, 10.0, "--l2"), default=0.0, help="weight penalty"
    )
    net.add_argument(
        "--seed",
        type=_bounded(int, 0, 2**32 - 1, "--seed"),
        default=42,
        help="the run's seed (starting weights and each epoch's shuffle)",
    )
    train.add_argument("--json", action="store_true", help="print JSON for scripts")

    add_parser("datasets", help="list the built-in data sets")

    serve = add_parser("serve", help="start the explorer in the browser")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind; 0.0.0.0 for a class")
    serve.add_argument(
        "--port", type=_bounded(int, 1, 65535, "--port"), default=8050, help="port to listen on"
    )
    serve.add_argument("--no-browser", action="store_true", help="do not open a browser")
    serve.add_argument("--debug", action="store_true", help="Dash debug mode (loopback only)")
    serve.add_argument("--lessons", metavar="DIR", help="add the lesson files (*.toml) in DIR")
    serve.add_argument(
        "--workers",
        type=_bounded(int, 1, 64, "--workers"),
        default=1,
        help="worker processes (gunicorn; about one per CPU core for a class)",
    )
    _class_db(serve)
    serve.add_argument(
        "--teacher-key",
        metavar="KEY",
        help="the secret in the teacher's address (default: TINYNET_TEACHER_KEY, else the one "
        "kept in the class database, else a new one)",
    )

    classes = add_parser("class", help="the class data: the teacher's address, list, delete")
    what = classes.add_subparsers(dest="action", required=True, metavar="ACTION")
    link = what.add_parser("link", help="print the teacher's address", formatter_class=_Defaults)
    link.add_argument("--url", default="http://127.0.0.1:8050", help="where the server is")
    _class_db(link)
    new_key = what.add_parser(
        "new-key", help="make a new teacher key (the old address stops working)"
    )
    _class_db(new_key)
    _class_db(what.add_parser("list", help="the classes, with their codes and students"))
    delete = what.add_parser("delete", help="delete classes and all their students' data")
    delete.add_argument("codes", nargs="*", metavar="CODE", help="the classes' join codes")
    delete.add_argument("--all", action="store_true", help="every class")
    _class_db(delete)
    keep = what.add_parser("keep", help=f"keep a class past the {KEEP_DAYS} days")
    keep.add_argument("codes", nargs="+", metavar="CODE")
    keep.add_argument("--no", action="store_true", help="let it go after all")
    _class_db(keep)

    docs = add_parser("docs", help="print a guide that comes with the package")
    docs.add_argument("guide", nargs="?", default="deploy", choices=["deploy"], help="which guide")

    lessons = add_parser(
        "lessons", help="list the lessons and try every check (fails at the start, passes solved)"
    )
    lessons.add_argument("--lessons", metavar="DIR", help="also your lesson files (*.toml) in DIR")
    return parser


def _lessons(directory: str | None) -> int:
    from tinynet.explorer.lessons.files import with_teacher_lessons
    from tinynet.explorer.lessons.trial import trial

    lessons, notes = with_teacher_lessons(directory)
    failed = any(n.startswith("lesson not loaded") for n in notes)
    for note in notes:  # a file that could not be used is an error: stderr
        print(note, file=sys.stderr if note.startswith("lesson not loaded") else sys.stdout)
    for lesson in lessons.values():
        print(f"{lesson.name:22s} {len(lesson.steps):2d} steps  {lesson.title}")
        for t in trial(lesson):
            if t.ok:
                continue
            failed = True
            if t.at_start.passed:
                print(f"  step {t.step}: the check already passes at the step's start")
            elif t.solved is None:
                print(f"  step {t.step}: no solution to try the check with")
            else:
                print(f"  step {t.step}: the solution does not pass: {'; '.join(t.solved.reasons)}")
    return 1 if failed else 0


def _load(args) -> tuple:
    if args.csv:
        try:
            data = datasets.read_csv(args.csv)
        except OSError as exc:
            raise ValueError(f"cannot read {args.csv}: {exc.strerror}") from None
        return data.X, data.y
    return datasets.load(args.dataset, args.samples, args.noise, args.data_seed)


def _train(args) -> int:
    X, y = _load(args)
    X_train, X_test, y_train, y_test = datasets.split(X, y, args.test_fraction, seed=0)
    activation = model.resolve(args.activation, args.activation_param)
    result = model.train(
        X_train,
        y_train,
        activation=activation,
        epochs=args.epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        optimizer=args.optimizer,
        seed=args.seed,
        init=args.init,
        l2=args.l2,
        loss=args.loss,
        X_test=X_test if len(X_test) else None,
        y_test=y_test if len(y_test) else None,
        hidden=args.hidden,
    )
    h = result.history
    summary = {
        "dataset": "csv:" + args.csv if args.csv else args.dataset,
        "activation": args.activation,
        "architecture": model.architecture.label(result.params.hidden),
        "epochs_run": result.epochs_run,
        "loss": float(h.loss[-1]),
        "accuracy": float(h.accuracy[-1]),
        "test_loss": None if h.test_loss is None else float(h.test_loss[-1]),
        "test_accuracy": None if h.test_accuracy is None else float(h.test_accuracy[-1]),
        "diverged": result.diverged,
        "message": result.message,
        "weights": result.params.to_dict(),
        "layers": [{"W": W.tolist(), "b": b.tolist()} for W, b in result.params.layers],
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(_table(summary))
    return 1 if result.diverged else 0


def _table(s: dict) -> str:
    lines = [
        f"data set   {s['dataset']}   network {s['architecture']}   "
        f"activation {s['activation']}   epochs {s['epochs_run']}",
        f"loss       {s['loss']:.4f}   accuracy {s['accuracy']:.1%}",
    ]
    if s["test_loss"] is not None:
        lines.append(f"test loss  {s['test_loss']:.4f}   test accuracy {s['test_accuracy']:.1%}")
    lines += _weights_table(s["layers"])
    if s["diverged"]:
        lines += ["", s["message"]]
    return "\n".join(lines)


def _weights_table(layers: list[dict]) -> list[str]:
    """Each layer as rows of units against its inputs and bias (x1 x2 bias, then h1 h2 bias,
    ...); a second hidden layer's units are g1, g2, ..., the output is out."""
    rows = []
    inputs = ["x1", "x2"]
    for index, layer in enumerate(layers):
        last = index == len(layers) - 1
        unit = "h" if index == 0 else "g"
        names = ["out"] if last else [f"{unit}{u + 1}" for u in range(len(layer["b"]))]
        rows += ["", "     " + "".join(f"{name:>10}" for name in [*inputs, "bias"])]
        for name, W_row, bias in zip(names, layer["W"], layer["b"]):
            rows.append(f"{name:<5}" + "".join(f"{v:10.4f}" for v in [*W_row, bias]))
        inputs = names
    return rows


def _architecture(text: str) -> tuple[int, ...]:
    try:
        return model.architecture.check(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _datasets() -> int:
    for ds in datasets.DATASETS.values():
        print(f"{ds.name:10s} {ds.default_samples:5d} points  {ds.description}")
    return 0


def _docs(guide: str) -> int:
    """The guide's Markdown, as shipped in the package (the README's links to docs/ do not
    reach it from a package index's page)."""
    # docs/ sits beside explorer/: in a checkout at the top, installed inside tinynet/.
    guide_file = Path(__file__).resolve().parents[1] / "docs" / f"{guide}.md"
    print(guide_file.read_text(encoding="utf-8"))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "train":
            return _train(args)
        if args.command == "serve":
            from tinynet.explorer.serving.server import serve

            serve(
                args.host,
                args.port,
                args.debug,
                not args.no_browser,
                args.lessons,
                args.workers,
                args.class_db,
                args.teacher_key,
            )
            return 0
        if args.command == "class":
            from tinynet.explorer.classroom.commands import run

            return run(args)
        if args.command == "lessons":
            return _lessons(args.lessons)
        if args.command == "docs":
            return _docs(args.guide)
        return _datasets()
    except ValueError as exc:  # includes datasets.CsvError: a message meant for the user
        parser.exit(2, f"tinynet {args.command}: error: {exc}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
