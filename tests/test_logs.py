import logging

from app import logs


def test_phone_numbers_and_addresses_never_reach_the_log(data_dir):
    path = logs.setup(data_dir)
    logging.getLogger("t").warning("buyer 13812345678 at 广东省深圳市南山区建设路44号26栋317 order 6953331576772446378")
    for h in logging.getLogger().handlers:
        h.flush()
    text = path.read_text(encoding="utf-8")
    assert "13812345678" not in text and "建设路44号" not in text
    assert "[phone]" in text and "[address]" in text
    # order ids (19 digits) are not phone numbers and stay readable
    assert "6953331576772446378" in text


def test_cli_error_goes_to_log_not_traceback(data_dir, capsys, monkeypatch):
    from app import cli

    def boom(*a, **k):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(cli, "_dispatch", boom)
    code = cli.run(["--data-dir", str(data_dir), "stock", "--json"])
    out = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out.out + out.err
    assert "kaputt" in out.err
    assert "Traceback" in logs.log_path(data_dir).read_text(encoding="utf-8")
