import pytest

from explorer.cli import main
from explorer.server import check_host, is_loopback


def test_loopback_hosts():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


def test_hosts_must_be_addresses():
    assert check_host("0.0.0.0") == "0.0.0.0"
    with pytest.raises(ValueError, match="IP address"):
        check_host("example.com; rm -rf /")


def test_debug_on_a_shared_host_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--host", "0.0.0.0", "--debug", "--no-browser"])
    assert exit_info.value.code == 2
    assert "loopback" in capsys.readouterr().err


def test_bad_port_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--port", "70000"])
    assert exit_info.value.code == 2
