import json

import pytest

from tinynet.datasets import load, write_csv
from tinynet.explorer.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_train_prints_a_table_for_people(capsys):
    code, out, _ = run(capsys, "train", "--epochs", "150")
    assert code == 0
    assert "accuracy 100.0%" in out
    assert "h1" in out and "out" in out


def test_train_json_for_scripts(capsys):
    code, out, _ = run(
        capsys,
        "train",
        "--dataset",
        "blobs",
        "--epochs",
        "20",
        "--activation",
        "leaky_relu",
        "--activation-param",
        "0.2",
        "--test-fraction",
        "0.25",
        "--json",
    )
    data = json.loads(out)
    assert code == 0 and data["dataset"] == "blobs" and data["epochs_run"] == 20
    assert set(data["weights"]) == {"w11", "w12", "w21", "w22", "b11", "b12", "w13", "w23", "b13"}
    assert 0 <= data["test_accuracy"] <= 1


def test_train_a_third_unit_and_a_second_layer(capsys):
    code, out, _ = run(capsys, "train", "--dataset", "circles", "--hidden", "3", "--json")
    data = json.loads(out)
    assert code == 0 and data["architecture"] == "2-3-1" and data["accuracy"] >= 0.98
    assert [len(layer["W"]) for layer in data["layers"]] == [3, 1]
    assert "w1_31" in data["weights"] and "w11" not in data["weights"]
    code, out, _ = run(capsys, "train", "--dataset", "xor", "--hidden", "2,2", "--epochs", "5")
    assert code == 0 and "network 2-2-2-1" in out
    assert [line.split()[0] for line in out.splitlines() if line[:1] and line[0] in "hgo"] == [
        "h1",
        "h2",
        "g1",
        "g2",
        "out",
    ]


def test_train_on_own_csv(capsys, tmp_path):
    path = tmp_path / "mine.csv"
    write_csv(*load("xor", 100), labels=("no", "yes"), path=path)
    code, out, _ = run(capsys, "train", "--csv", str(path), "--epochs", "5", "--json")
    assert code == 0 and json.loads(out)["dataset"].startswith("csv:")


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--epochs", "0"], "--epochs must be from 1"),
        (["--lr", "abc"], "--lr must be a number"),
        (["--lr", "nan"], "finite"),
        (["--activation", "relu6"], "invalid choice"),
        (["--batch-size", "2.5"], "whole number"),
        (["--noise", "5"], "--noise must be from 0"),
        (["--hidden", "4"], "one or two hidden layers of 1 to 3 units"),
        (["--hidden", "2,x"], "written like 3 or 2,2; got '2,x'"),
        (["--hidden", "2,2,2"], "one or two hidden layers"),
        (["--hidden", "0"], "one or two hidden layers"),
    ],
)
def test_bad_options_exit_2_with_a_message(capsys, argv, words):
    with pytest.raises(SystemExit) as exit_info:
        main(["train", *argv])
    assert exit_info.value.code == 2
    assert words in capsys.readouterr().err


def test_bad_csv_exits_2_with_the_files_problem(capsys, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("x1,x2,label\n0,zero,a\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--csv", str(path)])
    assert exit_info.value.code == 2
    assert "'zero' is not a number" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["train", "--csv", str(tmp_path / "missing.csv")])
    assert "cannot read" in capsys.readouterr().err


def test_divergence_exits_1_and_says_what_to_try(capsys):
    code, out, _ = run(capsys, "train", "--activation", "linear", "--lr", "50", "--epochs", "5")
    assert code == 1 and "smaller learning rate" in out


def test_datasets_lists_the_registry(capsys):
    code, out, _ = run(capsys, "datasets")
    assert code == 0 and "parabola" in out and "spiral" in out


def test_train_on_a_csv_with_a_huge_field_says_why_not_a_traceback(tmp_path, capsys):
    path = tmp_path / "long.csv"
    path.write_text("x1,x2,label\n" + "1" * 140_000 + ",0,a\n0,1,b\n")
    with pytest.raises(SystemExit) as exit_:
        main(["train", "--csv", str(path)])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "cannot be read as CSV" in err and "Traceback" not in err


def test_train_says_when_a_run_blows_up(capsys):
    assert main(["train", "--lr", "100", "--epochs", "20"]) == 1
    out = capsys.readouterr().out
    assert "blew up in epoch 1" in out and "learning rate ten times smaller" in out


def test_the_deploy_guide_comes_with_the_package(capsys):
    assert main(["docs", "deploy"]) == 0
    assert capsys.readouterr().out.startswith("# Serving a class")
